package dev.anshin.gateway.problem;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * A body Jackson refused, said in words a client developer can act on. The detail names the field and what it must
 * be, never the value that was sent (it could be anything, a card number included).
 */
final class JsonInputProblems {

    /** Field names are echoed only when they look like field names. */
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private JsonInputProblems() {
    }

    static Problem describe(JacksonException e) {
        return Problem.of(400, "Invalid request", detail(e), "invalid-body");
    }

    private static String detail(JacksonException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String name = unknown.getPropertyName();
            return (name != null && FIELD_NAME.matcher(name).matches() ? "Unknown field '" + name + "'." : "Unknown field.")
                    + " Known fields: " + String.join(", ", known(unknown)) + ".";
        }
        if (e instanceof MismatchedInputException mismatch) {
            String field = field(mismatch);
            Class<?> target = mismatch.getTargetType();
            String where = field != null ? "Field '" + field + "'" : "The body";
            if (target != null && target.isEnum()) {
                return where + " must be one of " + Arrays.stream(target.getEnumConstants()).map(Object::toString)
                        .collect(Collectors.joining(", ")) + " (a JSON string).";
            }
            if (target == Long.class || target == long.class || target == Integer.class || target == int.class) {
                return where + " must be a whole number of yen: a JSON integer, no fraction, no quotes.";
            }
            if (target != null && target.isRecord() && field == null) {
                return "The body must be a JSON object.";
            }
            return where + " has the wrong type.";
        }
        if (e instanceof InputCoercionException) {
            return "A number in the body is out of range.";
        }
        if (e instanceof DatabindException) {
            return "The body does not match the expected JSON object.";
        }
        if (e instanceof JsonProcessingException) {
            return "The body is not valid JSON (or holds a field twice).";
        }
        return "The body is not valid JSON.";
    }

    private static String field(JsonMappingException e) {
        List<JsonMappingException.Reference> path = e.getPath();
        if (path.isEmpty()) {
            return null;
        }
        String name = path.stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return FIELD_NAME.matcher(name.replace(".", "_").replace("[", "").replace("]", "")).matches() ? name : null;
    }

    private static List<String> known(UnrecognizedPropertyException e) {
        return e.getKnownPropertyIds() == null ? List.of()
                : e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
    }
}
