package dev.anshin.notification.grpc;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.notification.service.InvalidRequestException;
import dev.anshin.notification.service.NotPermittedException;
import dev.anshin.support.grpc.GrpcErrors;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.ExceptionHandler;
import io.quarkus.grpc.ExceptionHandlerProvider;

/**
 * The one place domain exceptions become gRPC statuses; everything else is mapped as in every service
 * ({@link GrpcErrors}): anything unexpected is INTERNAL with a generic message, the cause logged, never sent (it
 * could hold a member's contact details or a message text).
 */
@ApplicationScoped
public class DomainExceptionMapper implements ExceptionHandlerProvider {

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
        if (cause instanceof InvalidRequestException) {
            return Status.INVALID_ARGUMENT.withDescription(cause.getMessage()).asRuntimeException();
        }
        if (cause instanceof NotPermittedException) {
            return Status.PERMISSION_DENIED.withDescription(cause.getMessage()).asRuntimeException();
        }
        return GrpcErrors.common(cause);
    }
}
