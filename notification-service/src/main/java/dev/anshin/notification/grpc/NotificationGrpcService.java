package dev.anshin.notification.grpc;

import dev.anshin.api.notification.v1.MutinyNotificationServiceGrpc;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

/**
 * {@code anshin.notification.v1.NotificationService}. No RPC is implemented yet: each inherited method answers
 * UNIMPLEMENTED until its own issue maps it onto a rule in {@code service/}. Authentication already applies to every
 * one of them (application.properties, {@code quarkus.http.auth.permission.grpc}).
 */
@GrpcService
@Blocking
public class NotificationGrpcService extends MutinyNotificationServiceGrpc.NotificationServiceImplBase {
}
