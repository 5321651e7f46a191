package dev.anshin.cardcontrol.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.protobuf.Timestamp;

import dev.anshin.api.common.v1.CardId;
import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.api.notification.v1.NotifyUsageRequest;
import dev.anshin.api.notification.v1.StartUsageConfirmationRequest;
import dev.anshin.api.notification.v1.UsageCategory;
import dev.anshin.api.statement.v1.MaskedCard;
import dev.anshin.api.statement.v1.RecordAuthorizationRequest;
import dev.anshin.cardcontrol.CardAuthorization;
import dev.anshin.cardcontrol.Channel;
import dev.anshin.cardcontrol.OutboxEvent;
import dev.anshin.cardcontrol.repository.DecisionLedger.CardOnFile;

/**
 * What an authorization decision announces downstream, as the outbox event written in its transaction
 * ({@link Outbox}): an approval asks statement-service for a pending statement item and notification-service for a
 * usage notice; a purchase declined as suspected fraud asks notification-service to have the member confirm it. Each
 * request carries the card's id, brand and last 4 digits, never its number; the receivers deduplicate on the
 * authorization id.
 */
@ApplicationScoped
public class DecisionEvents {

    private final Outbox outbox;

    public DecisionEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    /** The pending statement item and the usage notice, in one event: both authorized at the approval's time. */
    public OutboxEvent approval(CardAuthorization approval, CardOnFile card, AuthorizationRequest request) {
        Timestamp at = timestamp(approval.decidedAt);
        return outbox.event(approval.authorizationId, OutboxEvent.Type.APPROVAL,
                RecordAuthorizationRequest.newBuilder()
                        .setAuthorizationId(approval.authorizationId)
                        .setMemberId(MemberId.newBuilder().setValue(card.memberId()))
                        .setCard(MaskedCard.newBuilder()
                                .setCardId(CardId.newBuilder().setValue(card.id()))
                                .setBrand(card.brand().name())
                                .setLast4(card.last4()))
                        .setMerchantName(approval.merchantName)
                        .setAmount(Yen.newBuilder().setAmount(approval.amount))
                        .setAuthorizedAt(at)
                        .build(),
                NotifyUsageRequest.newBuilder()
                        .setEventId(approval.authorizationId)
                        .setMemberId(MemberId.newBuilder().setValue(card.memberId()))
                        .setCardId(CardId.newBuilder().setValue(card.id()))
                        .setCardLast4(card.last4())
                        .setAmount(Yen.newBuilder().setAmount(approval.amount))
                        .setMerchantName(approval.merchantName)
                        .setCategory(category(request))
                        .setAuthorizedAt(at)
                        .build());
    }

    /**
     * The member asked to confirm a purchase declined as suspected fraud, attempted when the network says it was
     * (else when it was declined).
     */
    public OutboxEvent usageConfirmation(CardAuthorization decline, CardOnFile card, AuthorizationRequest request) {
        return outbox.event(request.authorizationId(), OutboxEvent.Type.NOTIFICATION_USAGE_CONFIRMATION,
                StartUsageConfirmationRequest.newBuilder()
                        .setEventId(request.authorizationId())
                        .setMemberId(MemberId.newBuilder().setValue(card.memberId()))
                        .setCardId(CardId.newBuilder().setValue(card.id()))
                        .setCardLast4(card.last4())
                        .setAmount(Yen.newBuilder().setAmount(request.amount()))
                        .setMerchantName(request.merchantName())
                        .setAttemptedAt(timestamp(request.requestedAt() != null ? request.requestedAt() : decline.decidedAt))
                        .build());
    }

    /** Cash first (abroad too), then abroad, then online or in store in Japan. */
    static UsageCategory category(AuthorizationRequest request) {
        if (request.channel() == Channel.CASH) {
            return UsageCategory.USAGE_CATEGORY_CASH;
        }
        if (request.overseas()) {
            return UsageCategory.USAGE_CATEGORY_OVERSEAS;
        }
        return request.channel() == Channel.ONLINE ? UsageCategory.USAGE_CATEGORY_ONLINE : UsageCategory.USAGE_CATEGORY_DOMESTIC;
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
