package dev.anshin.cardcontrol.grpc;

import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PessimisticLockException;

import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.LockAcquisitionException;
import org.jboss.logging.Logger;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;

import dev.anshin.cardcontrol.service.AuthorizationIdReused;
import dev.anshin.cardcontrol.service.CardNotFoundException;
import dev.anshin.cardcontrol.service.CardRuleViolation;
import dev.anshin.cardcontrol.service.InvalidRequestException;
import dev.anshin.cardcontrol.service.NotPermittedException;
import dev.anshin.cardcontrol.service.RevealLimitReached;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.grpc.ExceptionHandler;
import io.quarkus.grpc.ExceptionHandlerProvider;

/**
 * The one place domain exceptions become gRPC statuses. A rule violation carries a {@code google.rpc.ErrorInfo} whose
 * reason is the machine-readable code clients branch on. Anything unexpected is INTERNAL with a generic message: the
 * cause is logged here, never sent.
 */
@ApplicationScoped
public class DomainExceptionMapper implements ExceptionHandlerProvider {

    static final String ERROR_DOMAIN = "cardcontrol.anshin.dev";
    private static final Logger LOG = Logger.getLogger(DomainExceptionMapper.class);

    @Override
    public <ReqT, RespT> ExceptionHandler<ReqT, RespT> createHandler(ServerCall.Listener<ReqT> listener,
            ServerCall<ReqT, RespT> call, Metadata metadata) {
        return new ExceptionHandler<>(listener, call, metadata) {
            @Override
            protected void handleException(Throwable failure, ServerCall<ReqT, RespT> serverCall, Metadata headers) {
                StatusRuntimeException status = toStatus(failure);
                Metadata trailers = status.getTrailers() != null ? status.getTrailers() : new Metadata();
                serverCall.close(status.getStatus(), trailers);
            }
        };
    }

    @Override
    public Throwable transform(Throwable failure) {
        return toStatus(failure);
    }

    static StatusRuntimeException toStatus(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof StatusRuntimeException sre) {
            return sre;
        }
        if (cause instanceof StatusException se) {
            return new StatusRuntimeException(se.getStatus(), se.getTrailers());
        }
        if (cause instanceof CardRuleViolation violation) {
            return withReason(Status.Code.FAILED_PRECONDITION, violation.getMessage(), violation.code().name());
        }
        if (cause instanceof RevealLimitReached limit) {
            com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                    .setCode(Status.Code.RESOURCE_EXHAUSTED.value())
                    .setMessage(limit.getMessage())
                    .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("REVEAL_LIMIT_REACHED").setDomain(ERROR_DOMAIN).build()))
                    .addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(com.google.protobuf.Duration.newBuilder()
                            .setSeconds(Math.max(1, limit.retryAfter().toSeconds()))).build()))
                    .build();
            return StatusProto.toStatusRuntimeException(status);
        }
        if (cause instanceof AuthorizationIdReused) {
            return Status.ALREADY_EXISTS.withDescription(cause.getMessage()).asRuntimeException();
        }
        if (cause instanceof CardNotFoundException) {
            return Status.NOT_FOUND.withDescription(cause.getMessage()).asRuntimeException();
        }
        if (cause instanceof InvalidRequestException) {
            return Status.INVALID_ARGUMENT.withDescription(cause.getMessage()).asRuntimeException();
        }
        if (cause instanceof NotPermittedException) {
            return Status.PERMISSION_DENIED.withDescription(cause.getMessage()).asRuntimeException();
        }
        if (cause instanceof UnsupportedOperationException) {
            return Status.UNIMPLEMENTED.withDescription("not implemented yet").asRuntimeException();
        }
        if (isConcurrencyConflict(cause)) {
            return Status.ABORTED.withDescription("a concurrent change won; retry the request")
                    .asRuntimeException();
        }
        if (cause instanceof io.quarkus.security.UnauthorizedException) {
            return Status.UNAUTHENTICATED.withDescription("a valid bearer token is required").asRuntimeException();
        }
        if (cause instanceof io.quarkus.security.ForbiddenException) {
            return Status.PERMISSION_DENIED.withDescription("not allowed for this caller").asRuntimeException();
        }
        LOG.error("unexpected failure in a gRPC call", cause);
        return Status.INTERNAL.withDescription("internal error").asRuntimeException();
    }

    private static StatusRuntimeException withReason(Status.Code code, String message, String reason) {
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(code.value())
                .setMessage(message)
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain(ERROR_DOMAIN).build()))
                .build();
        return StatusProto.toStatusRuntimeException(status);
    }

    /**
     * A concurrent change won: through Hibernate (the lifecycle) or straight from the driver (the decision path in
     * plain JDBC): a deadlock or lock-wait timeout rolls the transaction back (SQL state class 40, MySQL errors 1205
     * and 1213, H2's lock timeout HYT00), and the same request may simply be sent again.
     */
    private static boolean isConcurrencyConflict(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof PessimisticLockException
                    || t instanceof LockAcquisitionException || t instanceof ConstraintViolationException
                    || t instanceof org.hibernate.StaleStateException || t instanceof SQLTransactionRollbackException) {
                return true;
            }
            if (t instanceof SQLException sql && isLockFailure(sql)) {
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

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof jakarta.transaction.RollbackException || t instanceof io.quarkus.arc.ArcUndeclaredThrowableException
                || t instanceof java.util.concurrent.CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
