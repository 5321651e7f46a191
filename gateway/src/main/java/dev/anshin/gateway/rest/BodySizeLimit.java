package dev.anshin.gateway.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.anshin.gateway.problem.Problem;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Bodies over {@code quarkus.http.limits.max-body-size} answer 413 as a problem, like every other error.
 * <p>
 * Quarkus enforces the limit below JAX-RS, where no exception mapper sees it: a Vert.x route at order
 * {@link RouteConstants#ROUTE_ORDER_UPLOAD_LIMIT} answers an empty 413 to a declared Content-Length over the limit.
 * This route runs just before it, for the same declared length, and answers the problem instead. A chunked body
 * (no Content-Length) is only found too large while Quarkus REST reads it; its input stream then answers its own empty
 * 413 and closes the connection, out of reach of this route and of exception mappers. (Letting a Vert.x BodyHandler
 * read every body first would cover that case, but Quarkus REST then waits forever on an empty body.)
 */
@ApplicationScoped
public class BodySizeLimit {

    private final long maxBodySize;
    private final Buffer problem;

    public BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize, ObjectMapper json)
            throws JsonProcessingException {
        this.maxBodySize = maxBodySize.asLongValue();
        this.problem = Buffer.buffer(json.writeValueAsBytes(Problem.of(413, "Content too large",
                "The request body is larger than " + maxBodySize.asLongValue() + " bytes.", "body-too-large")));
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
    }

    private void check(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null && declaredLength(length) > maxBodySize) {
            // The body is not read: the connection closes after the answer, as Quarkus' own handler does.
            context.response()
                    .setStatusCode(413)
                    .putHeader(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaderNames.CONNECTION, "close")
                    .end(problem);
            return;
        }
        context.next();
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1; // not ours to judge: Vert.x refuses a malformed Content-Length itself
        }
    }
}
