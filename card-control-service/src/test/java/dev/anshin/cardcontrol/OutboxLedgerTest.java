package dev.anshin.cardcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.protobuf.InvalidProtocolBufferException;

import dev.anshin.api.notification.v1.NotifyUsageRequest;
import dev.anshin.api.statement.v1.RecordAuthorizationRequest;
import dev.anshin.cardcontrol.repository.LocalTransactions;
import dev.anshin.cardcontrol.repository.OutboxLedger;
import dev.anshin.cardcontrol.service.Outbox;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** The outbox relays' claims on the events decisions wrote, and the outcomes they record, against MariaDB. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class OutboxLedgerTest extends CardTestSupport {

    @Inject
    LocalTransactions transactions;

    @Inject
    OutboxLedger ledger;

    @Test
    void aRelayClaimsOnlyEventsNoOtherRelayHoldsAndTakesOverThoseWhoseLeaseRanOut() throws InvalidProtocolBufferException {
        Instant due = DUE;
        List<OutboxEvent> written = approvalsDueIn2000(10);
        transactions.inTransaction(tx -> {
            ledger.insert(tx, written);
            return null;
        });
        Instant now = due.plusSeconds(1);

        List<OutboxEvent> first = transactions.inTransaction(tx -> ledger.claimDue(tx, now, now.plusSeconds(30), 6));
        List<OutboxEvent> second = transactions.inTransaction(tx -> ledger.claimDue(tx, now, now.plusSeconds(30), 10));

        assertEquals(6, first.size());
        assertEquals(4, second.size(), "only the events the first relay does not hold");
        Set<String> all = new HashSet<>(ids(first));
        all.addAll(ids(second));
        assertEquals(Set.copyOf(ids(written)), all, "every event claimed once");

        // The first relay hears back: five acknowledged by both receivers, one by statements only (its usage notice
        // refused); the second relay dies holding its four.
        OutboxEvent refused = first.get(5);
        transactions.inTransaction(tx -> {
            ledger.markDelivered(tx, ids(first.subList(0, 5)), now);
            ledger.markFailed(tx,
                    List.of(new OutboxLedger.FailedDelivery(refused, 0b01, now.plusSeconds(5), "UNAVAILABLE: busy")));
            return null;
        });
        Instant afterTheLease = now.plusSeconds(40);
        List<OutboxEvent> third = transactions.inTransaction(
                tx -> ledger.claimDue(tx, afterTheLease, afterTheLease.plusSeconds(30), 100));

        Set<String> expected = new HashSet<>(ids(second));
        expected.add(refused.id);
        assertEquals(expected, Set.copyOf(ids(third)), "the dead relay's events and the refused one, not the delivered ones");
        OutboxEvent retried = third.stream().filter(e -> e.id.equals(refused.id)).findFirst().orElseThrow();
        assertEquals(1, retried.attempts);
        assertEquals(0b01, retried.acknowledgedDeliveries, "the statement item acknowledged, so not to be sent again");
        assertEquals(written.stream().filter(e -> e.id.equals(refused.id)).findFirst().orElseThrow().requests,
                Outbox.requests(retried), "both requests read back from the payload as they were written");
        assertEquals("UNAVAILABLE: busy", queryString("SELECT last_error FROM outbox_event WHERE id = ?", refused.id));
        for (OutboxEvent delivered : first.subList(0, 5)) {
            assertEquals(1, queryLong("SELECT COUNT(*) FROM outbox_event WHERE id = ? AND delivered_at IS NOT NULL", delivered.id));
        }
        transactions.inTransaction(tx -> {
            ledger.markDelivered(tx, ids(third), afterTheLease); // leave nothing due for a relay another test runs
            return null;
        });
    }

    @Test
    void eventsWrittenUnderARelaysClaimAreNoOtherRelaysUntilThatRelayReleasesThem() {
        Instant due = DUE;
        String handingOffRelay = UUID.randomUUID().toString();
        List<OutboxEvent> handedOff = approvalsDueIn2000(4);
        List<OutboxEvent> unclaimed = approvalsDueIn2000(4);
        for (OutboxEvent event : handedOff) {
            event.claimToken = handingOffRelay;
            event.claimedUntil = due.plusSeconds(30);
        }
        transactions.inTransaction(tx -> {
            ledger.insert(tx, handedOff);
            ledger.insert(tx, unclaimed);
            return null;
        });
        Instant now = due.plusSeconds(1);

        List<OutboxEvent> polled = transactions.inTransaction(tx -> ledger.claimDue(tx, now, now.plusSeconds(30), 100));
        assertEquals(Set.copyOf(ids(unclaimed)), Set.copyOf(ids(polled)), "a poll takes only the events written unclaimed");

        // The handing-off relay delivers one and is refused one (recorded under its claim), then stops.
        OutboxEvent refused = handedOff.get(1);
        transactions.inTransaction(tx -> {
            ledger.markDelivered(tx, ids(polled), now);
            ledger.markDelivered(tx, List.of(handedOff.get(0).id), now);
            ledger.markFailed(tx, List.of(new OutboxLedger.FailedDelivery(refused, 0, now, "UNAVAILABLE: busy")));
            return null;
        });
        int released = transactions.inTransaction(tx -> ledger.releaseClaims(tx, handingOffRelay));
        List<OutboxEvent> afterRelease = transactions.inTransaction(
                tx -> ledger.claimDue(tx, now, now.plusSeconds(30), 100));

        assertEquals(2, released, "the two it neither delivered nor had refused: the refusal already let go of its event");
        assertEquals(Set.copyOf(ids(handedOff.subList(1, 4))), Set.copyOf(ids(afterRelease)),
                "due again at once: the refused one and the released ones, never the delivered one");
        assertEquals(1, afterRelease.stream().filter(e -> e.id.equals(refused.id)).findFirst().orElseThrow().attempts);
        transactions.inTransaction(tx -> {
            ledger.markDelivered(tx, ids(afterRelease), now); // leave nothing due for a relay another test runs
            return null;
        });
    }

    /** Due in the year 2000: older than anything other tests leave, so only a test's own events are due at these times. */
    private static final Instant DUE = Instant.parse("2000-01-01T00:00:00Z");

    /**
     * {@code count} approvals' events due at {@link #DUE}, not yet written; whatever other tests left due before 2001
     * is marked delivered first, so a claim sees only these.
     */
    private List<OutboxEvent> approvalsDueIn2000(int count) {
        update("UPDATE outbox_event SET delivered_at = ? WHERE delivered_at IS NULL AND next_attempt_at < ?",
                LocalDateTime.of(2000, 1, 1, 0, 0), LocalDateTime.of(2001, 1, 1, 0, 0));
        Outbox outbox = new Outbox(Clock.fixed(DUE, ZoneOffset.UTC));
        List<OutboxEvent> approvals = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String authorizationId = UUID.randomUUID().toString();
            approvals.add(outbox.event(authorizationId, OutboxEvent.Type.APPROVAL,
                    RecordAuthorizationRequest.newBuilder().setAuthorizationId(authorizationId).setMerchantName("店 " + i).build(),
                    NotifyUsageRequest.newBuilder().setEventId(authorizationId).setCardLast4("0000").build()));
        }
        return approvals;
    }

    private static List<String> ids(List<OutboxEvent> events) {
        return events.stream().map(e -> e.id).toList();
    }
}
