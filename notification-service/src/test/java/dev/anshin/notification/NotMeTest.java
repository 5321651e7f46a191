package dev.anshin.notification;

import static dev.anshin.notification.NotificationTestSupport.mailTo;
import static dev.anshin.notification.NotificationTestSupport.newEmail;
import static dev.anshin.notification.NotificationTestSupport.newMemberWithEmail;
import static dev.anshin.notification.NotificationTestSupport.notificationsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.anshin.api.notification.v1.Preferences;
import dev.anshin.api.notification.v1.ReportNotMeRequest;
import dev.anshin.api.notification.v1.ReportNotMeResponse;
import dev.anshin.api.notification.v1.UpdatePreferencesRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import dev.anshin.notification.service.DeliveryRelay;
import dev.anshin.notification.service.FollowUpRelay;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * "This wasn't me": the report, its e-mail (a security notice: never held by quiet hours, never switched off) and
 * its follow-ups (every active card suspended at card-control, here {@link CardControlReceiver}; every session ended
 * at the identity provider, against the real Keycloak in {@code KeycloakLoginNoticeTest}) commit together, and each
 * follow-up is relayed until done, on its own.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(GreenMailResource.class)
@QuarkusTestResource(CardControlReceiver.class)
class NotMeTest extends NotificationServiceTest {

    @Inject
    FollowUpRelay followUps;

    @Inject
    DeliveryRelay deliveries;

    @BeforeEach
    @AfterEach
    void cardControlUp() {
        CardControlReceiver.down = false;
    }

    @Test
    void notMeIsRecordedConfirmedByEmailAndSuspendsEveryActiveCardReliably() throws Exception {
        String email = newEmail();
        String member = newMemberWithEmail(support, email);
        // Quiet hours now and every optional notice off: a security notice goes out anyway.
        ZonedDateTime now = ZonedDateTime.now(QuietHours.JAPAN);
        support.member(member).updatePreferences(UpdatePreferencesRequest.newBuilder().setPreferences(Preferences.newBuilder()
                .setUsageNotificationsEnabled(false).setLoginNotificationsEnabled(false)
                .setQuietHours(dev.anshin.api.notification.v1.QuietHours.newBuilder()
                        .setStart(now.toLocalTime().minusHours(1).withSecond(0).withNano(0).toString())
                        .setEnd(now.toLocalTime().plusHours(2).withSecond(0).withNano(0).toString()))).build());
        CardControlReceiver.down = true;

        ReportNotMeResponse report = support.member(member).reportNotMe(ReportNotMeRequest.getDefaultInstance());
        followUps.relayDue(Instant.now(), UsageConfirmationAnswerTest.NO_KEYCLOAK);
        CardControlReceiver.down = false;
        followUps.relayDue(Instant.now().plus(Duration.ofMinutes(10)), UsageConfirmationAnswerTest.NO_KEYCLOAK);
        deliveries.deliverDue(Instant.now());

        assertThat(report.getReportId()).isNotEmpty();
        assertThat(CardControlReceiver.suspensions).filteredOn(s -> s.getReportId().equals(report.getReportId()))
                .singleElement().satisfies(s -> assertEquals(member, s.getMemberId().getValue()));
        List<FollowUp> followUpsOfReport = UsageConfirmationAnswerTest.followUpsOf(report.getReportId());
        assertThat(followUpsOfReport).extracting(f -> f.kind)
                .containsExactlyInAnyOrder(FollowUp.Kind.CARD_CONTROL_SUSPEND_CARDS, FollowUp.Kind.END_SESSIONS);
        FollowUp suspend = followUpsOfReport.stream().filter(f -> f.kind == FollowUp.Kind.CARD_CONTROL_SUSPEND_CARDS).findFirst().orElseThrow();
        FollowUp logout = followUpsOfReport.stream().filter(f -> f.kind == FollowUp.Kind.END_SESSIONS).findFirst().orElseThrow();
        assertEquals(FollowUp.State.DONE, suspend.state, "card-control took it once it was back");
        assertEquals(2, suspend.attempts);
        assertEquals(FollowUp.State.PENDING, logout.state, "no identity provider here: retried, never dropped");
        assertThat(logout.lastError).isNotBlank();
        Notification notice = notificationsOf(member).stream().filter(n -> n.kind == NotificationKind.NOT_ME).findFirst().orElseThrow();
        assertEquals(report.getReportId(), notice.eventId);
        assertEquals(DeliveryState.DELIVERED, notice.state, "sent at once, inside the quiet hours");
        assertThat(mailTo(email)).singleElement().satisfies(mail -> assertThat(mail.getContent().toString())
                .contains("「身に覚えがない」のご連絡を承りました", "一時停止", "ログアウト").doesNotContain("http"));
    }

    @Test
    void eachReportIsItsOwnAndOnlyAMemberReports() {
        String member = newMemberWithEmail(support, newEmail());

        ReportNotMeResponse first = support.member(member).reportNotMe(ReportNotMeRequest.getDefaultInstance());
        ReportNotMeResponse second = support.member(member).reportNotMe(ReportNotMeRequest.getDefaultInstance());
        var system = assertThrows(StatusRuntimeException.class,
                () -> support.cardControl().reportNotMe(ReportNotMeRequest.getDefaultInstance()));

        assertNotEquals(first.getReportId(), second.getReportId());
        assertEquals(Status.Code.PERMISSION_DENIED, system.getStatus().getCode());
    }
}
