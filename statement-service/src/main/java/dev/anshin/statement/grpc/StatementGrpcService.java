package dev.anshin.statement.grpc;

import dev.anshin.api.statement.v1.MutinyStatementServiceGrpc;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

/**
 * {@code anshin.statement.v1.StatementService}. No RPC is implemented yet: each inherited method answers
 * UNIMPLEMENTED until its own issue maps it onto a rule in {@code service/}. Authentication already applies to every
 * one of them (application.properties, {@code quarkus.http.auth.permission.grpc}).
 */
@GrpcService
@Blocking
public class StatementGrpcService extends MutinyStatementServiceGrpc.StatementServiceImplBase {
}
