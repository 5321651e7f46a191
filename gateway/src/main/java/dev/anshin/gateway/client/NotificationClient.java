package dev.anshin.gateway.client;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.anshin.api.common.v1.PageRequest;
import dev.anshin.api.notification.v1.AnswerUsageConfirmationRequest;
import dev.anshin.api.notification.v1.GetPreferencesRequest;
import dev.anshin.api.notification.v1.ListNotificationsRequest;
import dev.anshin.api.notification.v1.ListNotificationsResponse;
import dev.anshin.api.notification.v1.NotificationServiceGrpc;
import dev.anshin.api.notification.v1.ListPushDevicesRequest;
import dev.anshin.api.notification.v1.Preferences;
import dev.anshin.api.notification.v1.PushDevice;
import dev.anshin.api.notification.v1.PushPlatform;
import dev.anshin.api.notification.v1.RegisterPushDeviceRequest;
import dev.anshin.api.notification.v1.RegisterPushDeviceResponse;
import dev.anshin.api.notification.v1.RemovePushDeviceRequest;
import dev.anshin.api.notification.v1.ReportNotMeRequest;
import dev.anshin.api.notification.v1.ReportNotMeResponse;
import dev.anshin.api.notification.v1.UsageConfirmation;
import dev.anshin.api.notification.v1.UpdateContactDetailsRequest;
import dev.anshin.api.notification.v1.UpdatePreferencesRequest;
import dev.anshin.gateway.config.NotificationConfig;
import dev.anshin.kit.grpc.Downstream;
import io.quarkus.grpc.GrpcClient;

/**
 * The gateway's one way to notification-service, shaped as {@link CardControlClient}: its deadline
 * ({@link NotificationConfig}), a circuit breaker on every call (class level), retries on reads only (and on outages
 * only), the signed-in member's token on every call.
 */
@ApplicationScoped
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
        failOn = DownstreamUnavailableException.class)
public class NotificationClient {

    private static final String SERVICE = "notification-service";

    private final NotificationServiceGrpc.NotificationServiceBlockingStub stub;
    private final JsonWebToken token;
    private final Duration deadline;

    public NotificationClient(@GrpcClient("notification") NotificationServiceGrpc.NotificationServiceBlockingStub stub,
            JsonWebToken token, NotificationConfig config) {
        this.stub = stub;
        this.token = token;
        this.deadline = config.deadline();
    }

    @Retry(maxRetries = DownstreamCalls.READ_RETRIES, delay = DownstreamCalls.READ_RETRY_DELAY_MILLIS,
            jitter = DownstreamCalls.READ_RETRY_JITTER_MILLIS, retryOn = DownstreamUnavailableException.class)
    public Preferences getPreferences() {
        return DownstreamCalls.call(SERVICE, () -> member().getPreferences(GetPreferencesRequest.getDefaultInstance())
                .getPreferences());
    }

    /** Everything but the contact details (sent empty: kept as on file). */
    public Preferences updatePreferences(Preferences preferences) {
        return DownstreamCalls.call(SERVICE, () -> member().updatePreferences(UpdatePreferencesRequest.newBuilder()
                .setPreferences(preferences.toBuilder().clearEmail().clearPhoneNumber()).build()).getPreferences());
    }

    /** Two-step, enforced by notification-service from its contract (and checked here first by the route). */
    public Preferences updateContactDetails(String email, String phoneNumber) {
        return DownstreamCalls.call(SERVICE, () -> member().updateContactDetails(UpdateContactDetailsRequest.newBuilder()
                .setEmail(email).setPhoneNumber(phoneNumber).build()).getPreferences());
    }

    @Retry(maxRetries = DownstreamCalls.READ_RETRIES, delay = DownstreamCalls.READ_RETRY_DELAY_MILLIS,
            jitter = DownstreamCalls.READ_RETRY_JITTER_MILLIS, retryOn = DownstreamUnavailableException.class)
    public ListNotificationsResponse listNotifications(int pageSize, String pageToken) {
        return DownstreamCalls.call(SERVICE, () -> member().listNotifications(ListNotificationsRequest.newBuilder()
                .setPage(PageRequest.newBuilder().setPageSize(pageSize).setPageToken(pageToken)).build()));
    }

    /** Registers the member's device (idempotent at notification-service: the same token is the same device). */
    public RegisterPushDeviceResponse registerPushDevice(String token, PushPlatform platform, String label) {
        return DownstreamCalls.call(SERVICE, () -> member().registerPushDevice(RegisterPushDeviceRequest.newBuilder()
                .setToken(token).setPlatform(platform).setLabel(label).build()));
    }

    public void removePushDevice(String deviceId) {
        DownstreamCalls.call(SERVICE, () -> member().removePushDevice(RemovePushDeviceRequest.newBuilder()
                .setDeviceId(deviceId).build()));
    }

    @Retry(maxRetries = DownstreamCalls.READ_RETRIES, delay = DownstreamCalls.READ_RETRY_DELAY_MILLIS,
            jitter = DownstreamCalls.READ_RETRY_JITTER_MILLIS, retryOn = DownstreamUnavailableException.class)
    public java.util.List<PushDevice> listPushDevices() {
        return DownstreamCalls.call(SERVICE, () -> member().listPushDevices(ListPushDevicesRequest.getDefaultInstance())
                .getDevicesList());
    }

    /** The member's answer to a usage confirmation (ご利用確認); the same answer again is a no-op there. */
    public UsageConfirmation answerUsageConfirmation(String confirmationId, boolean wasMe) {
        return DownstreamCalls.call(SERVICE, () -> member().answerUsageConfirmation(AnswerUsageConfirmationRequest.newBuilder()
                .setConfirmationId(confirmationId).setWasMember(wasMe).build()).getConfirmation());
    }

    /** "This wasn't me": a new report each call (the route folds repeats with an Idempotency-Key). */
    public ReportNotMeResponse reportNotMe() {
        return DownstreamCalls.call(SERVICE, () -> member().reportNotMe(ReportNotMeRequest.getDefaultInstance()));
    }

    private NotificationServiceGrpc.NotificationServiceBlockingStub member() {
        return Downstream.call(stub, token.getRawToken(), deadline);
    }
}
