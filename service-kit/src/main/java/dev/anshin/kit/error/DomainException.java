package dev.anshin.kit.error;

import java.util.List;

import com.google.protobuf.Any;

import io.grpc.Status;

/**
 * A refusal by a service's own rules: the request was understood, nothing was changed, and the caller is told why in
 * words ({@link #getMessage()}) and in a machine-readable reason it can branch on (a {@code google.rpc.ErrorInfo}
 * attached to the gRPC status by {@link dev.anshin.kit.grpc.ServiceErrors}). A service's exceptions extend this one
 * and say their status and reason; the kit maps them all the same way.
 */
public abstract class DomainException extends RuntimeException {

    private final Status.Code status;
    private final String reason;

    protected DomainException(Status.Code status, String reason, String message) {
        super(message);
        this.status = status;
        this.reason = reason;
    }

    /** The gRPC status code the caller receives. */
    public Status.Code status() {
        return status;
    }

    /** The machine-readable reason (UPPER_SNAKE_CASE), the {@code ErrorInfo.reason}. */
    public String reason() {
        return reason;
    }

    /** Further details to attach beside the ErrorInfo (a RetryInfo, say). None by default. */
    public List<Any> details() {
        return List.of();
    }

    /** No stack trace: a refusal is an answer, not a fault, and filling one in costs time on hot paths. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
