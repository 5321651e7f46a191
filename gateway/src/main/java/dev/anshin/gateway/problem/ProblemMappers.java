package dev.anshin.gateway.problem;

import java.io.IOException;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.anshin.gateway.client.DownstreamUnavailableException;
import io.grpc.StatusRuntimeException;
import io.quarkus.oidc.OIDCException;
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
        return ProblemResponses.fromDownstream(e);
    }

    /** A service behind the gateway, or the OpenID Connect provider that verifies tokens, is not answering. */
    @ServerExceptionMapper({ DownstreamUnavailableException.class, CircuitBreakerOpenException.class, OIDCException.class })
    public Response downstreamDown(RuntimeException e) {
        LOG.warnf("downstream unavailable: %s (%s)", e.getMessage(), e.getCause() != null ? e.getCause().getMessage() : "circuit open");
        return ProblemResponses.unavailable();
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
            return Uni.createFrom().item(ProblemResponses.stepUpChallenge(e.getAttribute("acr_values"), e.getAttribute("max_age")));
        }
        HttpAuthenticator authenticator = context.get(HttpAuthenticator.class.getName());
        return authenticator.getChallenge(context).map(challenge -> {
            Response.ResponseBuilder response = Response.fromResponse(respond(Problem.of(401, "Unauthorized",
                    "A valid bearer token of the issuer is required.", "unauthenticated"))).status(challenge.status);
            if (challenge.headerName != null) {
                response.header(challenge.headerName.toString(), challenge.headerContent);
            }
            return response.build();
        }).onFailure().recoverWithItem(cause -> {
            // The challenge needs the provider's metadata: when the provider is down, so is signing in.
            LOG.warnf("no bearer challenge, the OpenID Connect provider is not reachable: %s", cause.toString());
            return ProblemResponses.unavailable();
        });
    }

    @ServerExceptionMapper
    public Response invalidInput(InvalidInputException e) {
        return respond(Problem.of(400, "Invalid request", e.getMessage(), e.code()));
    }

    @ServerExceptionMapper
    public Response refused(ProblemException e) {
        return respond(e.problem());
    }

    /**
     * A body Jackson refused (strict settings in {@code rest/StrictJson}). Replaces quarkus-rest-jackson's own mapper
     * of {@link MismatchedInputException}, which answers plain JSON without a problem type.
     */
    @ServerExceptionMapper({ MismatchedInputException.class, JsonProcessingException.class })
    public Response invalidBody(JacksonException e) {
        return respond(JsonInputProblems.describe(e));
    }

    /**
     * The request body could not be read: the client went away mid-body. The client's doing, not an internal error.
     */
    @ServerExceptionMapper
    public Response unreadableBody(IOException e) {
        LOG.debugf("request body not read: %s", e.getMessage());
        return respond(Problem.of(400, "Invalid request", "The request body could not be read.", "unreadable-body"));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(403, "Forbidden", "This sign-in may not do that.", "forbidden"));
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        // quarkus-rest-jackson wraps JSON syntax errors in a 400 WebApplicationException.
        if (e.getCause() instanceof JacksonException jackson) {
            return invalidBody(jackson);
        }
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
        return ProblemResponses.respond(problem);
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
}
