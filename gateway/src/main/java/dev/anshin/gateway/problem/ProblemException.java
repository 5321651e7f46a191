package dev.anshin.gateway.problem;

/**
 * A request the gateway refuses itself, with the problem to answer (e.g. 428 without If-Match, 422 for a reused
 * Idempotency-Key). {@link ProblemMappers} turns it into the response.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(int status, String title, String detail, String code) {
        super(detail, null, false, false);
        this.problem = Problem.of(status, title, detail, code);
    }

    public Problem problem() {
        return problem;
    }
}
