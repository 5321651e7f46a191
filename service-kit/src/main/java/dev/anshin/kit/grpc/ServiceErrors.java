package dev.anshin.kit.grpc;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;

import dev.anshin.kit.error.DomainException;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.grpc.ExceptionHandler;
import io.quarkus.grpc.ExceptionHandlerProvider;

/**
 * The one place a service's failures become gRPC statuses. A {@link DomainException} keeps its status and message and
 * carries a {@code google.rpc.ErrorInfo} (its reason, this service's error domain) plus any details of its own;
 * everything else is mapped as {@link GrpcErrors#common} says: a lock conflict is ABORTED (retry), anything unexpected
 * is INTERNAL with a generic message, the cause logged, never sent.
 */
@ApplicationScoped
public class ServiceErrors implements ExceptionHandlerProvider {

    private final String domain;

    public ServiceErrors(@ConfigProperty(name = "anshin.errors.domain") String domain) {
        this.domain = domain;
    }

    @Override
    public <ReqT, RespT> ExceptionHandler<ReqT, RespT> createHandler(ServerCall.Listener<ReqT> listener,
            ServerCall<ReqT, RespT> call, Metadata metadata) {
        return GrpcErrors.handler(listener, call, metadata, this::toStatus);
    }

    @Override
    public Throwable transform(Throwable failure) {
        return toStatus(failure);
    }

    public StatusRuntimeException toStatus(Throwable failure) {
        return toStatus(failure, domain);
    }

    /** The status a failure is answered with, for a service whose error domain is {@code domain}. */
    public static StatusRuntimeException toStatus(Throwable failure, String domain) {
        Throwable cause = GrpcErrors.unwrap(failure);
        if (cause instanceof DomainException refusal) {
            com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
                    .setCode(refusal.status().value())
                    .setMessage(refusal.getMessage())
                    .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(refusal.reason()).setDomain(domain).build()));
            refusal.details().forEach(status::addDetails);
            return StatusProto.toStatusRuntimeException(status.build());
        }
        return GrpcErrors.common(cause);
    }
}
