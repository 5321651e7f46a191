package dev.anshin.statement.service;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.google.protobuf.MessageLite;

import dev.anshin.api.cardcontrol.v1.CardPrincipal;
import dev.anshin.api.cardcontrol.v1.RecordStatementOverdueRequest;
import dev.anshin.api.cardcontrol.v1.RecordStatementPaidRequest;
import dev.anshin.api.cardcontrol.v1.ReleaseAuthorizationRequest;
import dev.anshin.api.common.v1.CalendarDate;
import dev.anshin.api.common.v1.CardId;
import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.api.notification.v1.NotifyStatementReadyRequest;
import dev.anshin.statement.OutboxEvent;
import dev.anshin.statement.ReleaseReason;
import dev.anshin.statement.Statement;
import dev.anshin.statement.repository.OutboxEventRepository;

/**
 * Writes what other services must hear of into the outbox, in the caller's transaction: it is announced if and only if
 * the change commits. {@link OutboxRelay} delivers it. Each request carries the row's id as its event id, the key the
 * receiver applies it once by.
 */
@ApplicationScoped
public class Outbox {

    private final OutboxEventRepository events;
    private final Clock clock;

    public Outbox(OutboxEventRepository events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    /** A closed cycle's new statement: notification-service tells the member (NotifyStatementReady). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void statementReady(Statement statement) {
        write(OutboxEvent.Kind.STATEMENT_READY, statement.id, id -> NotifyStatementReadyRequest.newBuilder()
                .setStatementId(statement.id)
                .setMemberId(MemberId.newBuilder().setValue(statement.memberId))
                .setClosingDate(date(statement.closingDate))
                .setPaymentDate(date(statement.paymentDate))
                .setTotal(yen(statement.total()))
                .build());
    }

    /** A reversed or expired authorization: card-control gives back what it reserved (ReleaseAuthorization). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void release(String authorizationId, ReleaseReason reason) {
        write(OutboxEvent.Kind.CREDIT_RELEASE, authorizationId, id -> ReleaseAuthorizationRequest.newBuilder()
                .setEventId(id)
                .setAuthorizationId(authorizationId)
                .setReason(reason == ReleaseReason.REVERSED ? dev.anshin.api.cardcontrol.v1.ReleaseReason.RELEASE_REASON_REVERSED
                        : dev.anshin.api.cardcontrol.v1.ReleaseReason.RELEASE_REASON_EXPIRED)
                .build());
    }

    /**
     * A paid statement: card-control gives its principal back to the account, each card's part to the card, and
     * lifts an overdue decline (RecordStatementPaid).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void statementPaid(Statement statement, Map<String, Long> principalByCard) {
        write(OutboxEvent.Kind.STATEMENT_PAID, statement.id, id -> {
            var request = RecordStatementPaidRequest.newBuilder()
                    .setEventId(id)
                    .setMemberId(MemberId.newBuilder().setValue(statement.memberId))
                    .setStatementId(statement.id)
                    .setPrincipal(yen(statement.principalTotal));
            principalByCard.forEach((card, principal) -> request.addCards(CardPrincipal.newBuilder()
                    .setCardId(CardId.newBuilder().setValue(card)).setPrincipal(yen(principal))));
            return request.build();
        });
    }

    /** A failed debit: card-control declines the member's authorizations until it is paid (RecordStatementOverdue). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void statementOverdue(Statement statement) {
        write(OutboxEvent.Kind.STATEMENT_OVERDUE, statement.id, id -> RecordStatementOverdueRequest.newBuilder()
                .setEventId(id)
                .setMemberId(MemberId.newBuilder().setValue(statement.memberId))
                .setStatementId(statement.id)
                .build());
    }

    private void write(OutboxEvent.Kind kind, String eventId, Function<String, MessageLite> request) {
        Instant now = UsageRules.now(clock);
        OutboxEvent event = new OutboxEvent();
        event.id = UUID.randomUUID().toString();
        event.kind = kind;
        event.eventId = eventId;
        event.payload = request.apply(event.id).toByteArray();
        event.createdAt = now;
        event.attempts = 0;
        event.nextAttemptAt = now;
        events.persist(event);
    }

    private static CalendarDate date(LocalDate date) {
        return CalendarDate.newBuilder().setYear(date.getYear()).setMonth(date.getMonthValue()).setDay(date.getDayOfMonth())
                .build();
    }

    private static Yen yen(long amount) {
        return Yen.newBuilder().setAmount(amount).build();
    }
}
