package dev.anshin.cardcontrol.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import dev.anshin.api.notification.v1.NotifyUsageRequest;
import dev.anshin.api.notification.v1.StartUsageConfirmationRequest;
import dev.anshin.api.notification.v1.UsageCategory;
import dev.anshin.api.statement.v1.RecordAuthorizationRequest;
import dev.anshin.cardcontrol.CardAuthorization;
import dev.anshin.cardcontrol.CardBrand;
import dev.anshin.cardcontrol.CardState;
import dev.anshin.cardcontrol.Channel;
import dev.anshin.cardcontrol.Decision;
import dev.anshin.cardcontrol.DeclineReason;
import dev.anshin.cardcontrol.OutboxEvent;
import dev.anshin.cardcontrol.repository.DecisionLedger.CardOnFile;

/** What a decision asks of statement-service and notification-service, built from the decision and its card. */
class DecisionEventsTest {

    private static final String CARD_NUMBER = "4111111111111111";
    private static final Instant DECIDED_AT = Instant.parse("2026-11-30T03:04:05.678Z");
    private static final CardOnFile CARD = new CardOnFile("card-1", "00ff", "account-1", "member-1", CardBrand.VISA,
            "1111", YearMonth.of(2030, 12), CardState.ACTIVE, 300_000, 20_000);

    private final DecisionEvents events = new DecisionEvents(new Outbox(Clock.fixed(DECIDED_AT, ZoneOffset.UTC)));

    @Test
    void anApprovalIsOneEventAskingForAPendingStatementItemThenAUsageNoticeOnTheMaskedCard() throws Exception {
        AuthorizationRequest request = request("auth-1", Channel.IN_STORE, "JP", null);

        OutboxEvent event = events.approval(decision(request, null), CARD, request);

        assertThat(event.type).isEqualTo(OutboxEvent.Type.APPROVAL);
        assertThat(event.eventId).isEqualTo("auth-1");
        assertThat(Outbox.requests(event)).isEqualTo(event.requests).hasSize(2);
        RecordAuthorizationRequest item = (RecordAuthorizationRequest) event.requests.get(0);
        assertThat(item.getAuthorizationId()).isEqualTo("auth-1");
        assertThat(item.getMemberId().getValue()).isEqualTo("member-1");
        assertThat(item.getCard().getCardId().getValue()).isEqualTo("card-1");
        assertThat(item.getCard().getBrand()).isEqualTo("VISA");
        assertThat(item.getCard().getLast4()).isEqualTo("1111");
        assertThat(item.getMerchantName()).isEqualTo("コンビニ 渋谷店");
        assertThat(item.getAmount().getAmount()).isEqualTo(1_280);
        assertThat(item.getAuthorizedAt()).isEqualTo(timestamp(DECIDED_AT));
        NotifyUsageRequest notice = (NotifyUsageRequest) event.requests.get(1);
        assertThat(notice.getEventId()).isEqualTo("auth-1");
        assertThat(notice.getMemberId().getValue()).isEqualTo("member-1");
        assertThat(notice.getCardId().getValue()).isEqualTo("card-1");
        assertThat(notice.getCardLast4()).isEqualTo("1111");
        assertThat(notice.getAmount().getAmount()).isEqualTo(1_280);
        assertThat(notice.getMerchantName()).isEqualTo("コンビニ 渋谷店");
        assertThat(notice.getCategory()).isEqualTo(UsageCategory.USAGE_CATEGORY_DOMESTIC);
        assertThat(notice.getAuthorizedAt()).isEqualTo(timestamp(DECIDED_AT));
        assertThat(new String(event.payload, StandardCharsets.ISO_8859_1)).doesNotContain(CARD_NUMBER);
    }

    @Test
    void aUsageIsCashFirstThenOverseasThenOnlineOrInStoreInJapan() {
        assertThat(DecisionEvents.category(request("a", Channel.CASH, "US", null))).isEqualTo(UsageCategory.USAGE_CATEGORY_CASH);
        assertThat(DecisionEvents.category(request("a", Channel.CASH, "JP", null))).isEqualTo(UsageCategory.USAGE_CATEGORY_CASH);
        assertThat(DecisionEvents.category(request("a", Channel.ONLINE, "US", null)))
                .isEqualTo(UsageCategory.USAGE_CATEGORY_OVERSEAS);
        assertThat(DecisionEvents.category(request("a", Channel.IN_STORE, "KR", null)))
                .isEqualTo(UsageCategory.USAGE_CATEGORY_OVERSEAS);
        assertThat(DecisionEvents.category(request("a", Channel.ONLINE, "JP", null)))
                .isEqualTo(UsageCategory.USAGE_CATEGORY_ONLINE);
        assertThat(DecisionEvents.category(request("a", Channel.IN_STORE, "JP", null)))
                .isEqualTo(UsageCategory.USAGE_CATEGORY_DOMESTIC);
    }

    @Test
    void aSuspectedFraudAsksTheMemberToConfirmThePurchaseAttemptedWhenTheNetworkSaysItWas() throws Exception {
        Instant requestedAt = Instant.parse("2026-11-30T03:04:01Z");
        AuthorizationRequest request = request("auth-2", Channel.ONLINE, "US", requestedAt);

        OutboxEvent event = events.usageConfirmation(decision(request, DeclineReason.SUSPECTED_FRAUD), CARD, request);

        assertThat(event.type).isEqualTo(OutboxEvent.Type.NOTIFICATION_USAGE_CONFIRMATION);
        assertThat(event.eventId).isEqualTo("auth-2");
        assertThat(Outbox.requests(event)).isEqualTo(event.requests).hasSize(1);
        StartUsageConfirmationRequest confirmation = (StartUsageConfirmationRequest) event.requests.get(0);
        assertThat(confirmation.getEventId()).isEqualTo("auth-2");
        assertThat(confirmation.getMemberId().getValue()).isEqualTo("member-1");
        assertThat(confirmation.getCardId().getValue()).isEqualTo("card-1");
        assertThat(confirmation.getCardLast4()).isEqualTo("1111");
        assertThat(confirmation.getAmount().getAmount()).isEqualTo(1_280);
        assertThat(confirmation.getMerchantName()).isEqualTo("コンビニ 渋谷店");
        assertThat(confirmation.getAttemptedAt()).isEqualTo(timestamp(requestedAt));
    }

    @Test
    void aSuspectedFraudWithoutTheNetworksTimeIsAttemptedWhenItWasDeclined() {
        AuthorizationRequest request = request("auth-3", Channel.ONLINE, "US", null);

        OutboxEvent event = events.usageConfirmation(decision(request, DeclineReason.SUSPECTED_FRAUD), CARD, request);

        assertThat(((StartUsageConfirmationRequest) event.requests.get(0)).getAttemptedAt()).isEqualTo(timestamp(DECIDED_AT));
    }

    private static AuthorizationRequest request(String authorizationId, Channel channel, String country, Instant requestedAt) {
        return new AuthorizationRequest(authorizationId, CARD_NUMBER, YearMonth.of(2030, 12), null, 1_280, "コンビニ 渋谷店",
                "5411", country, channel, requestedAt);
    }

    /** The decision as AuthorizationService records it: approved without a reason, declined with one. */
    private static CardAuthorization decision(AuthorizationRequest request, DeclineReason reason) {
        CardAuthorization decision = new CardAuthorization();
        decision.authorizationId = request.authorizationId();
        decision.cardId = CARD.id();
        decision.decision = reason == null ? Decision.APPROVED : Decision.DECLINED;
        decision.declineReason = reason;
        decision.approvalCode = reason == null ? "ABC234" : null;
        decision.amount = request.amount();
        decision.merchantName = request.merchantName();
        decision.merchantCategoryCode = request.merchantCategoryCode();
        decision.merchantCountry = request.merchantCountry();
        decision.channel = request.channel();
        decision.usageConfirmationRequested = reason == DeclineReason.SUSPECTED_FRAUD;
        decision.decidedAt = DECIDED_AT;
        return decision;
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
