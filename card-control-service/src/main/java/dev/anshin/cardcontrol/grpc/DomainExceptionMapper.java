package dev.anshin.cardcontrol.grpc;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;

import dev.anshin.cardcontrol.service.AuthorizationIdReused;
import dev.anshin.cardcontrol.service.CardNotFoundException;
import dev.anshin.cardcontrol.service.CardRuleViolation;
import dev.anshin.cardcontrol.service.DecisionsUnavailable;
import dev.anshin.cardcontrol.service.InvalidRequestException;
import dev.anshin.cardcontrol.service.NotPermittedException;
import dev.anshin.cardcontrol.service.RevealLimitReached;
import dev.anshin.support.grpc.GrpcErrors;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.grpc.ExceptionHandler;
import io.quarkus.grpc.ExceptionHandlerProvider;

/**
 * The one place domain exceptions become gRPC statuses. A rule violation carries a {@code google.rpc.ErrorInfo} whose
 * reason is the machine-readable code clients branch on. Everything else is mapped as in every service
 * ({@link GrpcErrors}): a lock conflict is ABORTED (retry); anything unexpected is INTERNAL with a generic message, the
 * cause logged, never sent.
 */
@ApplicationScoped
public class DomainExceptionMapper implements ExceptionHandlerProvider {

    static final String ERROR_DOMAIN = "cardcontrol.anshin.dev";

    @Override
    public <ReqT, RespT> ExceptionHandler<ReqT, RespT> createHandler(ServerCall.Listener<ReqT> listener,
            ServerCall<ReqT, RespT> call, Metadata metadata) {
        return GrpcErrors.handler(listener, call, metadata, DomainExceptionMapper::toStatus);
    }

    @Override
    public Throwable transform(Throwable failure) {
        return toStatus(failure);
    }

    static StatusRuntimeException toStatus(Throwable failure) {
        Throwable cause = GrpcErrors.unwrap(failure);
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
            return withReason(Status.Code.NOT_FOUND, cause.getMessage(), "CARD_NOT_FOUND");
        }
        if (cause instanceof InvalidRequestException) {
            return Status.INVALID_ARGUMENT.withDescription(cause.getMessage()).asRuntimeException();
        }
        if (cause instanceof DecisionsUnavailable) {
            return Status.UNAVAILABLE.withDescription(cause.getMessage()).asRuntimeException();
        }
        if (cause instanceof NotPermittedException) {
            return Status.PERMISSION_DENIED.withDescription(cause.getMessage()).asRuntimeException();
        }
        return GrpcErrors.common(cause);
    }

    private static StatusRuntimeException withReason(Status.Code code, String message, String reason) {
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(code.value())
                .setMessage(message)
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain(ERROR_DOMAIN).build()))
                .build();
        return StatusProto.toStatusRuntimeException(status);
    }
}
