package dev.anshin.consent.grpc;

import dev.anshin.api.consent.v1.MutinyConsentServiceGrpc;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

/**
 * {@code anshin.consent.v1.ConsentService}. No RPC is implemented yet: each inherited method answers UNIMPLEMENTED
 * until its own issue maps it onto a rule in {@code service/}. Authentication already applies to every one of them
 * (application.properties, {@code quarkus.http.auth.permission.grpc}).
 */
@GrpcService
@Blocking
public class ConsentGrpcService extends MutinyConsentServiceGrpc.ConsentServiceImplBase {
}
