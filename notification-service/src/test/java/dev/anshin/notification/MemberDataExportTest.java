package dev.anshin.notification;

import static dev.anshin.notification.NotificationTestSupport.newMemberWithPhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.notification.v1.ExportMemberDataRequest;
import dev.anshin.api.notification.v1.ExportMemberDataResponse;
import dev.anshin.api.notification.v1.NotificationKind;
import dev.anshin.api.notification.v1.PushPlatform;
import dev.anshin.api.notification.v1.RegisterPushDeviceRequest;
import dev.anshin.api.notification.v1.UsageCategory;
import dev.anshin.kit.testing.GrpcTestClient;
import dev.anshin.kit.testing.Tokens;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * ExportMemberData: what notification-service holds on a member for a disclosure (開示), gathered by consent-service
 * under the role {@code privacy-export} and no other: preferences, notification history, push devices; never a
 * one-time code or a whole push token.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(GreenMailResource.class)
class MemberDataExportTest extends NotificationServiceTest {

    private ExportMemberDataResponse export(String member) {
        return support.as(Tokens.system("consent-service", "privacy-export")).exportMemberData(of(member));
    }

    private static ExportMemberDataRequest of(String member) {
        return ExportMemberDataRequest.newBuilder().setMemberId(MemberId.newBuilder().setValue(member)).build();
    }

    @Test
    void theExportHoldsPreferencesNotificationHistoryAndDevicesButNoCodeAndNoWholeToken() {
        String phone = "+819011112222";
        String member = newMemberWithPhone(support, phone);
        support.cardControl().notifyUsage(NotificationTestSupport.usage(member, 12_000, UsageCategory.USAGE_CATEGORY_DOMESTIC));
        String code = "731904";
        support.cardControl().sendAuthenticationCode(AuthenticationCodeSmsTest.code(member, UUID.randomUUID().toString(),
                code, Instant.now().plus(Duration.ofMinutes(5))));
        String token = PushDevicesTest.newFcmToken();
        support.member(member).registerPushDevice(RegisterPushDeviceRequest.newBuilder().setToken(token)
                .setPlatform(PushPlatform.PUSH_PLATFORM_ANDROID).setLabel("Hanako's Pixel").build());
        String stranger = newMemberWithPhone(support, "+819033334444");

        ExportMemberDataResponse export = export(member);

        assertEquals(phone, export.getPreferences().getPhoneNumber());
        assertThat(export.getNotificationsList()).extracting(n -> n.getKind()).contains(
                NotificationKind.NOTIFICATION_KIND_USAGE, NotificationKind.NOTIFICATION_KIND_AUTHENTICATION_CODE);
        assertThat(export.getNotificationsList()).allSatisfy(n -> assertThat(n.getBody()).doesNotContain(code));
        assertThat(export.getPushDevicesList()).singleElement().satisfies(device -> {
            assertEquals("Hanako's Pixel", device.getLabel());
            assertThat(device.getMaskedToken()).startsWith(token.substring(0, 4)).endsWith(token.substring(token.length() - 4));
        });
        String whole = new String(export.toByteArray(), StandardCharsets.UTF_8);
        assertThat(whole).doesNotContain(code).doesNotContain(token).doesNotContain("+819033334444");
        assertThat(export(stranger).getNotificationsList()).extracting(n -> n.getKind())
                .doesNotContain(NotificationKind.NOTIFICATION_KIND_USAGE, NotificationKind.NOTIFICATION_KIND_AUTHENTICATION_CODE);
    }

    @Test
    void aMemberNeverSeenHasTheDefaultPreferencesAndNoHistory() {
        ExportMemberDataResponse export = export(GrpcTestClient.newMemberId());

        assertThat(export.hasPreferences()).isTrue();
        assertThat(export.getNotificationsList()).isEmpty();
        assertThat(export.getPushDevicesList()).isEmpty();
    }

    @Test
    void onlyThePrivacyExportRoleMayExport() {
        String member = GrpcTestClient.newMemberId();
        for (String token : List.of(Tokens.member(member), Tokens.operator("operator-sato"),
                Tokens.system("card-control", "card-control"), Tokens.system("marketing", "marketing"))) {
            var refused = assertThrows(StatusRuntimeException.class, () -> support.as(token).exportMemberData(of(member)));
            assertEquals(Status.Code.PERMISSION_DENIED, refused.getStatus().getCode());
        }
    }

    @Test
    void aMissingMemberIsInvalid() {
        var refused = assertThrows(StatusRuntimeException.class, () -> support.as(Tokens.system("consent-service",
                "privacy-export")).exportMemberData(ExportMemberDataRequest.getDefaultInstance()));

        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
    }
}
