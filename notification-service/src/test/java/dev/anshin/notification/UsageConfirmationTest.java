package dev.anshin.notification;

import static dev.anshin.notification.NotificationTestSupport.heldPurchase;
import static dev.anshin.notification.NotificationTestSupport.newMemberWithPhone;
import static dev.anshin.notification.NotificationTestSupport.notificationsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.anshin.api.notification.v1.ConfirmationState;
import dev.anshin.api.notification.v1.StartUsageConfirmationRequest;
import dev.anshin.kit.testing.GrpcTestClient;
import dev.anshin.kit.testing.Tokens;
import dev.anshin.notification.config.UsageConfirmationConfig;
import dev.anshin.notification.repository.UsageConfirmationRepository;
import dev.anshin.notification.service.UsageConfirmationService;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * ご利用確認, started by card-control's relay for a purchase declined as suspected fraud: PENDING for a member with a
 * phone on file, until it expires; UNDELIVERABLE (recorded, answered OK) for one without; one per held authorization.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(GreenMailResource.class)
class UsageConfirmationTest extends NotificationServiceTest {

    @Inject
    UsageConfirmationService service;

    @Inject
    UsageConfirmationRepository confirmations;

    @Inject
    UsageConfirmationConfig config;

    private String memberWithPhone() {
        return newMemberWithPhone(support, "+819012345678");
    }

    private static StartUsageConfirmationRequest held(String member) {
        return heldPurchase(member);
    }

    private UsageConfirmation stored(String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> confirmations.findByEvent(eventId).orElseThrow());
    }

    @Test
    void aMemberWithNoPhoneIsUndeliverableRecordedAndAnsweredOk() {
        String member = GrpcTestClient.newMemberId(); // no contact details at all
        StartUsageConfirmationRequest request = held(member);

        var response = support.cardControl().startUsageConfirmation(request);

        assertEquals(ConfirmationState.CONFIRMATION_STATE_UNDELIVERABLE, response.getConfirmation().getState());
        assertEquals(request.getEventId(), response.getConfirmation().getAuthorizationId());
        assertFalse(response.getConfirmation().hasExpiresAt(), "nothing to answer, so nothing expires");
        UsageConfirmation stored = stored(request.getEventId());
        assertEquals(dev.anshin.notification.ConfirmationState.UNDELIVERABLE, stored.state);
        assertEquals(300_000, stored.amount);
        assertEquals(member, stored.memberId);
        assertThat(notificationsOf(member)).as("no SMS to send").isEmpty();
    }

    @Test
    void aMemberWithAPhoneGetsAPendingConfirmationThatExpiresUnanswered() {
        String member = memberWithPhone();
        StartUsageConfirmationRequest request = held(member);
        Instant before = Instant.now();

        var response = support.cardControl().startUsageConfirmation(request);

        assertEquals(ConfirmationState.CONFIRMATION_STATE_PENDING, response.getConfirmation().getState());
        Instant expiresAt = Instant.ofEpochSecond(response.getConfirmation().getExpiresAt().getSeconds());
        assertThat(expiresAt).isBetween(before.plus(config.expiresAfter()).minusSeconds(1),
                Instant.now().plus(config.expiresAfter()).plusSeconds(1));

        service.expireDue(expiresAt.minusSeconds(1));
        assertEquals(dev.anshin.notification.ConfirmationState.PENDING, stored(request.getEventId()).state, "still in time");

        service.expireDue(expiresAt.plus(Duration.ofSeconds(1)));
        assertEquals(dev.anshin.notification.ConfirmationState.EXPIRED, stored(request.getEventId()).state);
        assertEquals(ConfirmationState.CONFIRMATION_STATE_EXPIRED,
                support.cardControl().startUsageConfirmation(request).getConfirmation().getState(),
                "delivered again later, it answers the confirmation as it is now");
    }

    @Test
    void oneConfirmationPerHeldAuthorizationWhenDeliveredTwice() {
        String member = memberWithPhone();
        StartUsageConfirmationRequest request = held(member);

        var first = support.cardControl().startUsageConfirmation(request);
        var again = support.cardControl().startUsageConfirmation(request);

        assertEquals(first.getConfirmation().getId(), again.getConfirmation().getId());
        assertEquals(1L, QuarkusTransaction.requiringNew().call(() -> confirmations.count("eventId", request.getEventId())));
        assertThat(notificationsOf(member)).filteredOn(n -> n.kind == NotificationKind.USAGE_CONFIRMATION)
                .as("one SMS queued, on the SMS channel").singleElement()
                .satisfies(n -> assertEquals(DeliveryChannel.SMS, n.channel));
    }

    @Test
    void aMalformedRequestIsRefusedAndNothingIsRecorded() {
        String member = memberWithPhone();
        var good = held(member);
        for (var bad : new StartUsageConfirmationRequest[] {
            good.toBuilder().setEventId("").build(),
            good.toBuilder().clearMemberId().build(),
            good.toBuilder().setCardLast4("4111111111111111").build(),
            good.toBuilder().clearAmount().build(),
            good.toBuilder().setMerchantName(" ").build(),
            good.toBuilder().clearAttemptedAt().build() }) {
            var refused = assertThrows(StatusRuntimeException.class, () -> support.cardControl().startUsageConfirmation(bad));
            assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
            assertThat(refused.getStatus().getDescription()).doesNotContain("4111111111111111");
        }
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> confirmations.count("eventId", good.getEventId())));
    }

    @Test
    void onlyCardControlStartsAConfirmation() {
        String member = memberWithPhone();
        var request = held(member);
        for (String token : new String[] { Tokens.member(member), Tokens.operator("operator-sato") }) {
            var refused = assertThrows(StatusRuntimeException.class, () -> support.as(token).startUsageConfirmation(request));
            assertEquals(Status.Code.PERMISSION_DENIED, refused.getStatus().getCode());
        }
    }
}
