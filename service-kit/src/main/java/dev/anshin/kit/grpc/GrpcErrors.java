package dev.anshin.kit.grpc;

import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PessimisticLockException;
import jakarta.transaction.RollbackException;

import org.hibernate.StaleStateException;
import org.hibernate.exception.LockAcquisitionException;
import org.jboss.logging.Logger;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.quarkus.arc.ArcUndeclaredThrowableException;
import io.quarkus.grpc.ExceptionHandler;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * How every Anshin service answers a failed gRPC call, apart from its own domain exceptions. A service's
 * {@code ExceptionHandlerProvider} unwraps the failure ({@link #unwrap}), maps its own exceptions, and gives the rest to
 * {@link #common}: an error already expressed as a status, a concurrency conflict (ABORTED, retry), a missing or refused
 * identity, an RPC not built yet; anything else is INTERNAL with a generic message, its cause logged here and never sent.
 */
public final class GrpcErrors {

    private static final Logger LOG = Logger.getLogger(GrpcErrors.class);

    private GrpcErrors() {
    }

    /** An exception handler that closes the call with the status {@code toStatus} gives the failure. */
    public static <ReqT, RespT> ExceptionHandler<ReqT, RespT> handler(ServerCall.Listener<ReqT> listener,
            ServerCall<ReqT, RespT> call, Metadata metadata, Function<Throwable, StatusRuntimeException> toStatus) {
        return new ExceptionHandler<>(listener, call, metadata) {
            @Override
            protected void handleException(Throwable failure, ServerCall<ReqT, RespT> serverCall, Metadata headers) {
                StatusRuntimeException status = toStatus.apply(failure);
                Metadata trailers = status.getTrailers() != null ? status.getTrailers() : new Metadata();
                serverCall.close(status.getStatus(), trailers);
            }
        };
    }

    /** The failure itself, out of the wrappers transactions, interceptors and futures put around it. */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof RollbackException || t instanceof ArcUndeclaredThrowableException
                || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The status of a failure that is not one of the service's own domain exceptions (already unwrapped). */
    public static StatusRuntimeException common(Throwable cause) {
        if (cause instanceof StatusRuntimeException sre) {
            return sre;
        }
        if (cause instanceof StatusException se) {
            return new StatusRuntimeException(se.getStatus(), se.getTrailers());
        }
        if (cause instanceof UnsupportedOperationException) {
            return Status.UNIMPLEMENTED.withDescription("not implemented yet").asRuntimeException();
        }
        if (isConcurrencyConflict(cause)) {
            return Status.ABORTED.withDescription("a concurrent change won; retry the request").asRuntimeException();
        }
        if (isDuplicateKey(cause)) {
            return Status.ALREADY_EXISTS.withDescription("it exists already").asRuntimeException();
        }
        if (cause instanceof UnauthorizedException) {
            return Status.UNAUTHENTICATED.withDescription("a valid bearer token is required").asRuntimeException();
        }
        if (cause instanceof ForbiddenException) {
            return Status.PERMISSION_DENIED.withDescription("not allowed for this caller").asRuntimeException();
        }
        LOG.error("unexpected failure in a gRPC call", cause);
        return Status.INTERNAL.withDescription("internal error").asRuntimeException();
    }

    /**
     * A concurrent change won, seen through Hibernate or straight from the driver (plain JDBC): a deadlock or lock-wait
     * timeout rolls the transaction back (SQL state class 40, MySQL errors 1205 and 1213, H2's lock timeout HYT00), and
     * the same request may simply be sent again. Only these: a unique-key violation is not a conflict that a retry
     * resolves ({@link #isDuplicateKey}).
     */
    static boolean isConcurrencyConflict(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof PessimisticLockException
                    || t instanceof LockAcquisitionException || t instanceof StaleStateException
                    || t instanceof SQLTransactionRollbackException) {
                return true;
            }
            if (t instanceof SQLException sql && isLockFailure(sql)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A row with the same unique key exists (MySQL error 1062, SQL state 23505 elsewhere): the same request sent again
     * meets the same row, so it is ALREADY_EXISTS, never ABORTED. A service that expects a duplicate (an idempotent
     * create) answers it itself; one reaching this mapper is reported without naming the key or the value.
     */
    static boolean isDuplicateKey(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && (sql.getErrorCode() == 1062 || "23505".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLockFailure(SQLException e) {
        String state = e.getSQLState();
        return (state != null && (state.startsWith("40") || state.equals("HYT00")))
                || e.getErrorCode() == 1205 || e.getErrorCode() == 1213;
    }
}
