package dev.anshin.gateway.problem;

import java.time.Duration;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;

import dev.anshin.kit.auth.StepUp;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * How an answer of a service behind the gateway becomes an HTTP response. One place, called by {@link ProblemMappers}
 * (an error thrown out of a route) and by the idempotency code (an error to remember and replay as the same problem).
 */
public final class ProblemResponses {

    /** Card-control's reason when SetUsableLimit's expected_version (the client's If-Match) is stale. */
    public static final String VERSION_MISMATCH = "VERSION_MISMATCH";

    private static final Logger LOG = Logger.getLogger(ProblemResponses.class);
    private static final String RETRY_AFTER_UNAVAILABLE = "5";
    /** google.rpc.ErrorInfo's format of a reason, at most 63 characters. */
    private static final Pattern REASON = Pattern.compile("[A-Z][A-Z0-9_]{0,61}[A-Z0-9]");

    private ProblemResponses() {
    }

    /** The problem response for a gRPC status a service answered with. */
    public static Response fromDownstream(StatusRuntimeException e) {
        String reason = errorReason(e);
        String description = e.getStatus().getDescription();
        return switch (e.getStatus().getCode()) {
            // The service names what is missing (CARD_NOT_FOUND, RECEIPT_NOT_FOUND, ...).
            case NOT_FOUND -> respond(Problem.of(404, "Not found", "No such resource for the signed-in member.",
                    reason != null ? reason : "not-found"));
            case FAILED_PRECONDITION -> VERSION_MISMATCH.equals(reason)
                    ? respond(Problem.of(412, "Precondition failed",
                            "The card changed since it was read: read it again for its current ETag, then retry.", VERSION_MISMATCH))
                    : respond(Problem.of(409, "Not allowed in the current state", description,
                            reason != null ? reason : "conflict"));
            case INVALID_ARGUMENT -> respond(Problem.of(400, "Invalid request", description,
                    reason != null ? reason : "invalid-request"));
            case ABORTED, ALREADY_EXISTS -> respond(Problem.of(409, "Conflicting change", description,
                    reason != null ? reason : "concurrent-change"));
            case RESOURCE_EXHAUSTED -> {
                Response.ResponseBuilder response = Response.fromResponse(respond(Problem.of(429, "Too many requests",
                        description, reason != null ? reason : "rate-limited")));
                Duration retryDelay = retryDelay(e);
                if (retryDelay != null) {
                    response.header("Retry-After", Long.toString(wholeSecondsAtLeastOne(retryDelay)));
                }
                yield response.build();
            }
            case PERMISSION_DENIED -> respond(Problem.of(403, "Forbidden", "This sign-in may not do that.", "forbidden"));
            // The service enforces the contract's step-up itself (service-kit): the same challenge the gateway sends.
            case UNAUTHENTICATED -> StepUp.REASON.equals(reason)
                    ? stepUpChallenge(errorMetadata(e, "acr_values"), errorMetadata(e, "max_age"))
                    : respond(Problem.of(401, "Unauthorized", "The sign-in is not valid (any more).", "unauthenticated"));
            case UNAVAILABLE, DEADLINE_EXCEEDED -> unavailable();
            default -> {
                // The description and cause tell a service's own INTERNAL ("internal error", logged there too) from one
                // made on the way (a reset stream, a frame the client could not read), which no service logs.
                LOG.errorf(e.getCause(), "unexpected answer from a downstream service: %s (%s)", e.getStatus().getCode(),
                        e.getStatus().getDescription());
                yield respond(Problem.of(502, "Bad gateway", "A service behind the gateway failed.", "downstream-error"));
            }
        };
    }

    /**
     * The RFC 9470 challenge: 401 with {@code WWW-Authenticate: Bearer error="insufficient_user_authentication"} naming
     * the {@code acr_values} (and {@code max_age} in seconds, when given) a new sign-in must reach.
     */
    public static Response stepUpChallenge(String acrValues, String maxAge) {
        StringBuilder challenge = new StringBuilder("Bearer error=\"insufficient_user_authentication\"")
                .append(", error_description=\"A stronger or more recent login is required\"")
                .append(", acr_values=\"").append(acrValues).append('"');
        if (maxAge != null) {
            challenge.append(", max_age=\"").append(maxAge).append('"');
        }
        return Response.fromResponse(respond(Problem.of(401, "Stronger sign-in required",
                "This action needs a two-step login (password, then a one-time code), recent enough; "
                        + "sign in again as the WWW-Authenticate header says.",
                "insufficient-user-authentication")))
                .header("WWW-Authenticate", challenge.toString())
                .build();
    }

    /** 503 with Retry-After: a service behind the gateway is down or too slow. */
    public static Response unavailable() {
        return Response.fromResponse(respond(Problem.of(503, "Service unavailable",
                "A service behind the gateway is not answering; try again shortly.", "service-unavailable")))
                .header("Retry-After", RETRY_AFTER_UNAVAILABLE).build();
    }

    /** The problem as a response of its status, {@code application/problem+json}. */
    public static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /**
     * The machine-readable reason a service put in {@code google.rpc.ErrorInfo}, if any. A reason not of the form
     * ErrorInfo prescribes (UPPER_SNAKE_CASE) counts as none: it becomes the problem's code and type URI.
     */
    public static String errorReason(StatusRuntimeException e) {
        ErrorInfo info = detail(e, ErrorInfo.class);
        return info != null && REASON.matcher(info.getReason()).matches() ? info.getReason() : null;
    }

    /** A value of the {@code ErrorInfo}'s metadata, if the service sent one. */
    static String errorMetadata(StatusRuntimeException e, String key) {
        ErrorInfo info = detail(e, ErrorInfo.class);
        return info != null && info.containsMetadata(key) ? info.getMetadataOrThrow(key) : null;
    }

    /** When the service said the call may be repeated ({@code google.rpc.RetryInfo}), if it did. */
    static Duration retryDelay(StatusRuntimeException e) {
        RetryInfo info = detail(e, RetryInfo.class);
        if (info == null || !info.hasRetryDelay()) {
            return null;
        }
        return Duration.ofSeconds(info.getRetryDelay().getSeconds(), info.getRetryDelay().getNanos());
    }

    private static long wholeSecondsAtLeastOne(Duration delay) {
        long seconds = delay.getSeconds() + (delay.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    private static <T extends com.google.protobuf.Message> T detail(StatusRuntimeException e, Class<T> type) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        if (status == null) {
            return null;
        }
        for (Any detail : status.getDetailsList()) {
            if (detail.is(type)) {
                try {
                    return detail.unpack(type);
                } catch (InvalidProtocolBufferException ignored) {
                    return null;
                }
            }
        }
        return null;
    }
}
