package dev.anshin.gateway.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.anshin.gateway.problem.InvalidInputException;
import dev.anshin.gateway.problem.ProblemResponses;
import dev.anshin.gateway.service.IdempotencyService;
import dev.anshin.gateway.service.IdempotentRequest;
import dev.anshin.gateway.service.RecordedResponse;
import io.vertx.core.http.HttpServerRequest;

/**
 * The {@code Idempotency-Key} header of the current POST: absent, the route runs as usual; present, it is checked and
 * the route runs through {@link IdempotencyService}, which keeps and replays responses as {@link RecordedResponse}s:
 * turning a JAX-RS response into one and back is done here, and so is answering card-control's refusals as problems.
 */
@ApplicationScoped
class IdempotentPosts {

    static final String HEADER = "Idempotency-Key";
    /** The header's OpenAPI description, and the answers it adds, for every POST route that takes it. */
    static final String HEADER_DESCRIPTION = "Optional. 1 to 255 visible ASCII characters (a UUID). A retry with "
            + "the same key and body gets the first response again (header Idempotent-Replayed: true); the same key with "
            + "another body or route is 422; while the first request runs, 409 IDEMPOTENCY_REQUEST_IN_PROGRESS. Keys are kept at "
            + "least 24 hours.";
    static final String KEY_IN_PROGRESS = "; or a request with this Idempotency-Key still runs (code IDEMPOTENCY_REQUEST_IN_PROGRESS)";
    static final String KEY_REUSED = "The Idempotency-Key was used for another request (code IDEMPOTENCY_KEY_REUSED)";
    private static final int MAX_LENGTH = 255;

    private final HttpServerRequest request;
    private final JsonWebToken token;
    private final IdempotencyService idempotency;
    private final ObjectMapper json;

    IdempotentPosts(HttpServerRequest request, JsonWebToken token, IdempotencyService idempotency, ObjectMapper json) {
        this.request = request;
        this.token = token;
        this.idempotency = idempotency;
        this.json = json;
    }

    /** Runs the route once per key: a retry with the key replays the first response. */
    Response run(Object body, Supplier<Response> route) {
        Optional<String> key = key();
        if (key.isEmpty()) {
            return route.get();
        }
        RecordedResponse outcome = idempotency.execute(new IdempotentRequest(token.getSubject(), key.get(),
                request.method().name(), request.path(), canonical(body)),
                () -> recorded(route.get()),
                refusal -> recorded(ProblemResponses.fromDownstream(refusal)));
        return response(outcome);
    }

    /** For routes whose response must never be stored, not even for a replay (credential reveals). */
    void refuse(String why) {
        if (key().isPresent()) {
            throw new InvalidInputException("idempotency-key-not-accepted", why);
        }
    }

    private Optional<String> key() {
        List<String> values = request.headers().getAll(HEADER);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw new InvalidInputException("invalid-idempotency-key", "Send one Idempotency-Key header, not " + values.size() + ".");
        }
        String key = values.get(0);
        if (key.isEmpty() || key.length() > MAX_LENGTH || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new InvalidInputException("invalid-idempotency-key",
                    "Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID is a good key).");
        }
        return Optional.of(key);
    }

    private RecordedResponse recorded(Response response) {
        Map<String, String> headers = new LinkedHashMap<>();
        MediaType type = response.getMediaType();
        if (type != null) {
            headers.put(HttpHeaders.CONTENT_TYPE, type.toString());
        }
        response.getStringHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE)) {
                headers.put(name, String.join(", ", values));
            }
        });
        Object entity = response.getEntity();
        try {
            String text = entity == null ? "" : entity instanceof String string ? string : json.writeValueAsString(entity);
            return new RecordedResponse(response.getStatus(), headers, text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not serializable", e);
        }
    }

    private static Response response(RecordedResponse recorded) {
        Response.ResponseBuilder response = Response.status(recorded.status());
        recorded.headers().forEach((name, value) -> {
            if (name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE)) {
                response.type(value);
            } else {
                response.header(name, value);
            }
        });
        if (!recorded.body().isEmpty()) {
            response.entity(recorded.body());
        }
        return response.build();
    }

    private String canonical(Object body) {
        if (body == null) {
            return "";
        }
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("request body not serializable", e);
        }
    }
}
