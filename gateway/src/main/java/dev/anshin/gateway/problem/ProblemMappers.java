package dev.anshin.gateway.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;

import dev.anshin.gateway.client.DownstreamUnavailableException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * The one place errors become HTTP responses: every error is {@code application/problem+json} (RFC 9457), and nothing
 * internal (stack traces, downstream messages that are not for members) reaches the client.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response downstreamAnswer(StatusRuntimeException e) {
        String reason = errorReason(e);
        return switch (e.getStatus().getCode()) {
            case NOT_FOUND -> respond(Problem.of(404, "Not found", "No such card for the signed-in member.", "card-not-found"));
            case FAILED_PRECONDITION -> respond(Problem.of(409, "Not allowed in the card's current state",
                    e.getStatus().getDescription(), reason != null ? reason : "conflict"));
            case INVALID_ARGUMENT -> respond(Problem.of(400, "Invalid request", e.getStatus().getDescription(),
                    reason != null ? reason : "invalid-request"));
            case ABORTED, ALREADY_EXISTS -> respond(Problem.of(409, "Conflicting change", e.getStatus().getDescription(),
                    reason != null ? reason : "concurrent-change"));
            case RESOURCE_EXHAUSTED -> respond(Problem.of(429, "Too many requests", e.getStatus().getDescription(),
                    reason != null ? reason : "rate-limited"));
            case PERMISSION_DENIED -> respond(Problem.of(403, "Forbidden", "This sign-in may not do that.", "forbidden"));
            case UNAUTHENTICATED -> respond(Problem.of(401, "Unauthorized", "The sign-in is not valid (any more).", "unauthenticated"));
            case UNAVAILABLE, DEADLINE_EXCEEDED -> unavailable();
            default -> {
                LOG.errorf("unexpected answer from a downstream service: %s", e.getStatus().getCode());
                yield respond(Problem.of(502, "Bad gateway", "A service behind the gateway failed.", "downstream-error"));
            }
        };
    }

    @ServerExceptionMapper({ DownstreamUnavailableException.class, CircuitBreakerOpenException.class })
    public Response downstreamDown(RuntimeException e) {
        LOG.warnf("downstream unavailable: %s (%s)", e.getMessage(), e.getCause() != null ? e.getCause().getMessage() : "circuit open");
        return unavailable();
    }

    /**
     * Not signed in, or not strongly enough for the route. A step-up failure (the token's {@code acr} or
     * {@code auth_time} does not satisfy the route's {@code @AuthenticationContext}) answers the RFC 9470 challenge
     * with the {@code acr_values} and {@code max_age} needed, which quarkus-oidc attaches to the exception; any other
     * failure answers Quarkus' own bearer challenge. Both with a problem body instead of an empty one.
     */
    @ServerExceptionMapper({ AuthenticationFailedException.class, UnauthorizedException.class })
    public Uni<Response> unauthenticated(RoutingContext context, Throwable failure) {
        if (failure instanceof AuthenticationFailedException e && e.getAttribute("acr_values") != null) {
            StringBuilder challenge = new StringBuilder("Bearer error=\"insufficient_user_authentication\"")
                    .append(", error_description=\"A stronger or more recent login is required\"")
                    .append(", acr_values=\"").append((String) e.getAttribute("acr_values")).append('"');
            if (e.getAttribute("max_age") != null) {
                challenge.append(", max_age=\"").append((String) e.getAttribute("max_age")).append('"');
            }
            return Uni.createFrom().item(Response.fromResponse(respond(Problem.of(401, "Stronger sign-in required",
                    "This action needs a two-step login (password, then a one-time code), recent enough; "
                            + "sign in again as the WWW-Authenticate header says.",
                    "insufficient-user-authentication")))
                    .header("WWW-Authenticate", challenge.toString())
                    .build());
        }
        HttpAuthenticator authenticator = context.get(HttpAuthenticator.class.getName());
        return authenticator.getChallenge(context).map(challenge -> {
            Response.ResponseBuilder response = Response.fromResponse(respond(Problem.of(401, "Unauthorized",
                    "A valid bearer token of the issuer is required.", "unauthenticated"))).status(challenge.status);
            if (challenge.headerName != null) {
                response.header(challenge.headerName.toString(), challenge.headerContent);
            }
            return response.build();
        });
    }

    @ServerExceptionMapper
    public Response invalidInput(InvalidInputException e) {
        return respond(Problem.of(400, "Invalid request", e.getMessage(), e.code()));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(403, "Forbidden", "This sign-in may not do that.", "forbidden"));
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
            return respond(Problem.of(500, "Internal error", "The request could not be completed.", "internal-error"));
        }
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase()
                : "Error";
        return respond(Problem.of(status, title, describe(status), "http-" + status));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        LOG.error("unexpected failure", e);
        return respond(Problem.of(500, "Internal error", "The request could not be completed.", "internal-error"));
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static Response unavailable() {
        return Response.fromResponse(respond(Problem.of(503, "Service unavailable",
                "A service behind the gateway is not answering; try again shortly.", "service-unavailable")))
                .header("Retry-After", "5").build();
    }

    private static String describe(int status) {
        return switch (status) {
            case 400 -> "The request is malformed.";
            case 404 -> "No such resource.";
            case 405 -> "The method is not allowed on this resource.";
            case 406 -> "The requested media type is not available.";
            case 413 -> "The request body is too large.";
            case 415 -> "The request body must be application/json.";
            default -> "The request was refused.";
        };
    }

    /** The machine-readable reason a service put in {@code google.rpc.ErrorInfo}, if any. */
    private static String errorReason(StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        if (status == null) {
            return null;
        }
        for (Any detail : status.getDetailsList()) {
            if (detail.is(ErrorInfo.class)) {
                try {
                    return detail.unpack(ErrorInfo.class).getReason();
                } catch (InvalidProtocolBufferException ignored) {
                    return null;
                }
            }
        }
        return null;
    }
}
