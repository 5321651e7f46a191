package dev.anshin.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.anshin.api.notification.v1.ListPushDevicesRequest;
import dev.anshin.api.notification.v1.PushDevice;
import dev.anshin.api.notification.v1.PushPlatform;
import dev.anshin.api.notification.v1.RegisterPushDeviceRequest;
import dev.anshin.api.notification.v1.RegisterPushDeviceResponse;
import dev.anshin.api.notification.v1.RemovePushDeviceRequest;
import dev.anshin.kit.testing.ErrorDetails;
import dev.anshin.kit.testing.GrpcTestClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** The mobile backend registers and removes the signed-in member's push devices; tokens are never answered whole. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(GreenMailResource.class)
@QuarkusTestResource(PushProviderResource.class)
class PushDevicesTest extends NotificationServiceTest {

    /** A registration token shaped like FCM's (a 22-character instance id, a colon, 140 characters). */
    static String newFcmToken() {
        String random = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
        return "f" + random.substring(0, 21) + ":APA91b" + (random + random + random).substring(0, 134);
    }

    private RegisterPushDeviceResponse register(String member, String token) {
        return support.member(member).registerPushDevice(RegisterPushDeviceRequest.newBuilder()
                .setToken(token).setPlatform(PushPlatform.PUSH_PLATFORM_ANDROID).setLabel("Hanako's Pixel").build());
    }

    private static long storedDevicesWithToken(String token) {
        return QuarkusTransaction.requiringNew().call(() -> io.quarkus.hibernate.orm.panache.Panache.getEntityManager()
                .createQuery("select count(d) from PushDevice d where d.token = :t", Long.class)
                .setParameter("t", token).getSingleResult());
    }

    @Test
    void aDeviceIsRegisteredWithItsTokenMaskedAndListed() {
        String member = GrpcTestClient.newMemberId();
        String token = newFcmToken();

        RegisterPushDeviceResponse registered = register(member, token);

        assertTrue(registered.getCreated());
        PushDevice device = registered.getDevice();
        assertEquals(PushPlatform.PUSH_PLATFORM_ANDROID, device.getPlatform());
        assertEquals("Hanako's Pixel", device.getLabel());
        assertEquals(token.substring(0, 4) + "…" + token.substring(token.length() - 4), device.getMaskedToken());
        assertThat(registered.toString()).doesNotContain(token.substring(4, token.length() - 4));
        assertThat(support.member(member).listPushDevices(ListPushDevicesRequest.getDefaultInstance()).getDevicesList())
                .singleElement().satisfies(listed -> {
                    assertEquals(device.getId(), listed.getId());
                    assertEquals(device.getMaskedToken(), listed.getMaskedToken());
                    assertEquals(device.getLabel(), listed.getLabel());
                });
    }

    @Test
    void reRegisteringTheSameTokenIsTheSameDevice() {
        String member = GrpcTestClient.newMemberId();
        String token = newFcmToken();

        RegisterPushDeviceResponse first = register(member, token);
        RegisterPushDeviceResponse again = register(member, token);

        assertFalse(again.getCreated());
        assertEquals(first.getDevice().getId(), again.getDevice().getId());
        assertEquals(1, storedDevicesWithToken(token));
    }

    @Test
    void anotherMembersDeviceIsNotFound() {
        String owner = GrpcTestClient.newMemberId();
        String other = GrpcTestClient.newMemberId();
        String deviceId = register(owner, newFcmToken()).getDevice().getId();

        var refused = assertThrows(StatusRuntimeException.class, () -> support.member(other)
                .removePushDevice(RemovePushDeviceRequest.newBuilder().setDeviceId(deviceId).build()));
        assertEquals(Status.Code.NOT_FOUND, refused.getStatus().getCode());
        assertEquals("PUSH_DEVICE_NOT_FOUND", ErrorDetails.reason(refused));
        assertThat(support.member(owner).listPushDevices(ListPushDevicesRequest.getDefaultInstance()).getDevicesList())
                .extracting(PushDevice::getId).containsExactly(deviceId);

        support.member(owner).removePushDevice(RemovePushDeviceRequest.newBuilder().setDeviceId(deviceId).build());
        assertThat(support.member(owner).listPushDevices(ListPushDevicesRequest.getDefaultInstance()).getDevicesList()).isEmpty();
        var again = assertThrows(StatusRuntimeException.class, () -> support.member(owner)
                .removePushDevice(RemovePushDeviceRequest.newBuilder().setDeviceId(deviceId).build()));
        assertEquals(Status.Code.NOT_FOUND, again.getStatus().getCode(), "removed before");
    }

    @Test
    void aTokenRegisteredByAnotherMemberMovesToTheNewMember() {
        String before = GrpcTestClient.newMemberId();
        String after = GrpcTestClient.newMemberId();
        String token = newFcmToken();
        register(before, token);

        RegisterPushDeviceResponse moved = register(after, token);

        assertTrue(moved.getCreated());
        assertThat(support.member(before).listPushDevices(ListPushDevicesRequest.getDefaultInstance()).getDevicesList())
                .as("the previous member's notices must stop reaching that phone").isEmpty();
        assertThat(support.member(after).listPushDevices(ListPushDevicesRequest.getDefaultInstance()).getDevicesList())
                .extracting(PushDevice::getId).containsExactly(moved.getDevice().getId());
        assertEquals(1, storedDevicesWithToken(token));
    }

    @Test
    void aMalformedRegistrationIsRefusedAndNothingStored() {
        String member = GrpcTestClient.newMemberId();
        for (var request : new RegisterPushDeviceRequest[] {
            RegisterPushDeviceRequest.newBuilder().setPlatform(PushPlatform.PUSH_PLATFORM_IOS).build(),
            RegisterPushDeviceRequest.newBuilder().setToken("short").setPlatform(PushPlatform.PUSH_PLATFORM_IOS).build(),
            RegisterPushDeviceRequest.newBuilder().setToken(newFcmToken() + " x").setPlatform(PushPlatform.PUSH_PLATFORM_IOS).build(),
            RegisterPushDeviceRequest.newBuilder().setToken(newFcmToken()).build(),
            RegisterPushDeviceRequest.newBuilder().setToken(newFcmToken()).setPlatform(PushPlatform.PUSH_PLATFORM_IOS)
                    .setLabel("x".repeat(101)).build() }) {
            var refused = assertThrows(StatusRuntimeException.class, () -> support.member(member).registerPushDevice(request));
            assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
            if (!request.getToken().isEmpty()) {
                assertThat(refused.getStatus().getDescription()).doesNotContain(request.getToken());
            }
        }
        assertThat(support.member(member).listPushDevices(ListPushDevicesRequest.getDefaultInstance()).getDevicesList()).isEmpty();
    }

    @Test
    void onlyTheMemberRegistersDevices() {
        var refused = assertThrows(StatusRuntimeException.class, () -> support.cardControl()
                .registerPushDevice(RegisterPushDeviceRequest.newBuilder().setToken(newFcmToken())
                        .setPlatform(PushPlatform.PUSH_PLATFORM_IOS).build()));
        assertEquals(Status.Code.PERMISSION_DENIED, refused.getStatus().getCode());
    }
}
