package dev.anshin.gateway.problem;

/** Input the gateway refuses before calling anything (400). */
public class InvalidInputException extends RuntimeException {

    private final String code;

    public InvalidInputException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
