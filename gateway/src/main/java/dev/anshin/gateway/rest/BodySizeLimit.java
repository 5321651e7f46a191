package dev.anshin.gateway.rest;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.anshin.gateway.problem.Problem;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Bodies over {@code quarkus.http.limits.max-body-size} answer 413 as a problem, like every other error.
 * <p>
 * Quarkus enforces the limit below JAX-RS, where no exception mapper sees it: a Vert.x route at order
 * {@link RouteConstants#ROUTE_ORDER_UPLOAD_LIMIT} answers an empty 413 to a declared Content-Length over the limit,
 * and for a chunked body (no Content-Length) Quarkus REST's input stream answers an empty 413 while it reads, after
 * which the resource's own error response has nowhere to go (an ERROR in the log). This route runs just before
 * Quarkus' own: a declared length over the limit gets the problem at once, unread; a chunked body is read here, up
 * to the limit, and handed on whole (Quarkus REST takes a body already read from the routing context instead of
 * reading the request), or refused with the problem as soon as it grows over the limit. HTTP/2 is off for the gateway
 * ({@code quarkus.http.http2=false}): there a body without Content-Length cannot be read ahead like this (Quarkus REST
 * refuses a stream that has already ended), and it would get Quarkus' empty 413 again.
 */
@ApplicationScoped
public class BodySizeLimit {

    private static final Logger LOG = Logger.getLogger(BodySizeLimit.class);

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
        HttpServerRequest request = context.request();
        String length = request.getHeader(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null && declaredLength(length) > maxBodySize) {
            refuse(context);
            return;
        }
        if (length == null && !request.isEnded() && isChunked(request)) {
            readUpToLimit(context);
            return;
        }
        context.next();
    }

    /** A body of unknown length. (The gateway speaks HTTP/1.1 only: {@code quarkus.http.http2=false}.) */
    private static boolean isChunked(HttpServerRequest request) {
        String encoding = request.getHeader(HttpHeaderNames.TRANSFER_ENCODING);
        return encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked");
    }

    private void readUpToLimit(RoutingContext context) {
        HttpServerRequest request = context.request();
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (context.response().ended()) {
                return; // already refused; the rest of the body is dropped
            }
            if (body.length() + chunk.length() > maxBodySize) {
                // Vert.x would keep the connection open for the rest of the body.
                refuse(context).onComplete(sent -> request.connection().close());
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(end -> {
            if (!context.response().ended()) {
                context.setBody(body);
                context.next();
            }
        });
        request.exceptionHandler(failure -> {
            // The client went away mid-body, or the connection was closed after a refusal: nobody to answer.
            if (context.response().ended() || failure instanceof HttpClosedException) {
                LOG.debugf("request body not read: %s", failure.getMessage());
            } else {
                context.fail(failure);
            }
        });
        if (HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(request.getHeader(HttpHeaderNames.EXPECT))) {
            // Quarkus REST would have sent it when it started reading; the client waits for it before the body.
            context.response().writeContinue();
        }
        request.resume();
    }

    /** The body is not read (further): the connection closes after the answer, as Quarkus' own handler does. */
    private Future<Void> refuse(RoutingContext context) {
        return context.response()
                .setStatusCode(413)
                .putHeader(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaderNames.CONNECTION, "close")
                .end(problem);
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1; // not ours to judge: Vert.x refuses a malformed Content-Length itself
        }
    }
}
