package dev.anshin.cardcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.google.protobuf.InvalidProtocolBufferException;
import com.mysql.cj.jdbc.MysqlDataSource;

import dev.anshin.api.cardcontrol.v1.AuthorizeRequest;
import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.notification.v1.NotifyUsageRequest;
import dev.anshin.api.statement.v1.RecordAuthorizationRequest;
import dev.anshin.cardcontrol.repository.DecisionLedger;
import dev.anshin.cardcontrol.service.Outbox;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The decision path's own transactions, against MariaDB: what a failed one leaves behind, a lost connection, and the
 * relay's claims on the events decisions wrote.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class DecisionLedgerTest extends CardTestSupport {

    @Inject
    DecisionLedger ledger;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    /** Real MariaDB connections outside the pool, each remembered so a test can have the server close it. */
    private static final class RecordingDataSource extends MysqlDataSource {
        final List<Connection> opened = new CopyOnWriteArrayList<>();

        @Override
        public Connection getConnection() throws SQLException {
            Connection connection = super.getConnection();
            opened.add(connection);
            return connection;
        }
    }

    @Test
    void aRelayClaimsOnlyEventsNoOtherRelayHoldsAndTakesOverThoseWhoseLeaseRanOut() throws InvalidProtocolBufferException {
        Instant due = DUE;
        List<OutboxEvent> written = approvalsDueIn2000(10);
        ledger.inTransaction(tx -> {
            tx.insertOutbox(written);
            return null;
        });
        Instant now = due.plusSeconds(1);

        List<OutboxEvent> first = ledger.inTransaction(tx -> tx.claimDue(now, now.plusSeconds(30), 6));
        List<OutboxEvent> second = ledger.inTransaction(tx -> tx.claimDue(now, now.plusSeconds(30), 10));

        assertEquals(6, first.size());
        assertEquals(4, second.size(), "only the events the first relay does not hold");
        Set<String> all = new HashSet<>(ids(first));
        all.addAll(ids(second));
        assertEquals(Set.copyOf(ids(written)), all, "every event claimed once");

        // The first relay hears back: five acknowledged by both receivers, one by statements only (its usage notice
        // refused); the second relay dies holding its four.
        OutboxEvent refused = first.get(5);
        ledger.inTransaction(tx -> {
            tx.markDelivered(ids(first.subList(0, 5)), now);
            tx.markFailed(List.of(new DecisionLedger.FailedDelivery(refused, 0b01, now.plusSeconds(5), "UNAVAILABLE: busy")));
            return null;
        });
        Instant afterTheLease = now.plusSeconds(40);
        List<OutboxEvent> third = ledger.inTransaction(tx -> tx.claimDue(afterTheLease, afterTheLease.plusSeconds(30), 100));

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
        ledger.inTransaction(tx -> {
            tx.markDelivered(ids(third), afterTheLease); // leave nothing due for a relay another test runs
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
        ledger.inTransaction(tx -> {
            tx.insertOutbox(handedOff);
            tx.insertOutbox(unclaimed);
            return null;
        });
        Instant now = due.plusSeconds(1);

        List<OutboxEvent> polled = ledger.inTransaction(tx -> tx.claimDue(now, now.plusSeconds(30), 100));
        assertEquals(Set.copyOf(ids(unclaimed)), Set.copyOf(ids(polled)), "a poll takes only the events written unclaimed");

        // The handing-off relay delivers one and is refused one (recorded under its claim), then stops.
        OutboxEvent refused = handedOff.get(1);
        ledger.inTransaction(tx -> {
            tx.markDelivered(ids(polled), now);
            tx.markDelivered(List.of(handedOff.get(0).id), now);
            tx.markFailed(List.of(new DecisionLedger.FailedDelivery(refused, 0, now, "UNAVAILABLE: busy")));
            return null;
        });
        int released = ledger.inTransaction(tx -> tx.releaseClaims(handingOffRelay));
        List<OutboxEvent> afterRelease = ledger.inTransaction(tx -> tx.claimDue(now, now.plusSeconds(30), 100));

        assertEquals(2, released, "the two it neither delivered nor had refused: the refusal already let go of its event");
        assertEquals(Set.copyOf(ids(handedOff.subList(1, 4))), Set.copyOf(ids(afterRelease)),
                "due again at once: the refused one and the released ones, never the delivered one");
        assertEquals(1, afterRelease.stream().filter(e -> e.id.equals(refused.id)).findFirst().orElseThrow().attempts);
        ledger.inTransaction(tx -> {
            tx.markDelivered(ids(afterRelease), now); // leave nothing due for a relay another test runs
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

    @Test
    void aTransactionWhoseDecisionFailsOnTheAuthorizationIdRollsBackTheCreditItReserved() {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, true, 100_000);
        CardNetwork network = new CardNetwork(client());
        AuthorizeRequest first = CardNetwork.purchase(network.detailsOf(member, card), 4_000).build();
        network.stub().authorize(first);
        String cardId = card.getId().getValue();
        String accountId = queryString("SELECT account_id FROM card WHERE id = ?", cardId);

        assertThrows(PersistenceException.class, () -> ledger.inTransaction(tx -> {
            var decision = tx.findDecisions(List.of(first.getAuthorizationId())).get(first.getAuthorizationId());
            tx.lockCards(List.of(queryBytes("SELECT pan_lookup_hash FROM card WHERE id = ?", cardId)));
            tx.lockAccounts(List.of(accountId));
            tx.reserve(Map.of(accountId, 50_000L), Map.of(cardId, 50_000L));
            tx.insert(List.of(decision)); // the same authorization id again: fails on the primary key
            return null;
        }));

        assertEquals(4_000, queryLong("SELECT outstanding FROM card WHERE id = ?", cardId));
        assertEquals(4_000, queryLong("SELECT outstanding FROM credit_account WHERE id = ?", accountId));
    }

    @Test
    void aHeldConnectionTheServerHasClosedIsReplacedAndTheTransactionRunsAgainOnTheNewOne() throws Exception {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, true, 100_000);
        CardNetwork network = new CardNetwork(client());
        AuthorizeRequest purchase = CardNetwork.purchase(network.detailsOf(member, card), 3_000).build();
        String approvalCode = network.stub().authorize(purchase).getApprovalCode();
        RecordingDataSource source = new RecordingDataSource();
        source.setURL(url);
        source.setUser(user);
        source.setPassword(password);
        String id = purchase.getAuthorizationId();

        try (DecisionLedger.Session session = new DecisionLedger(source).openSession(Duration.ofSeconds(3))) {
            session.inTransaction(tx -> tx.findDecisions(List.of(id)));
            Connection held = source.opened.get(0);
            assertEquals(3, longOf(held, "SELECT @@SESSION.innodb_lock_wait_timeout"));
            long connectionId = longOf(held, "SELECT CONNECTION_ID()");
            try (Connection admin = dataSource.getConnection(); Statement kill = admin.createStatement()) {
                kill.execute("KILL CONNECTION " + connectionId);
            }

            var found = session.inTransaction(tx -> tx.findDecisions(List.of(id)));

            assertNotNull(found.get(id), "the decision, read on a fresh connection");
            assertEquals(approvalCode, found.get(id).approvalCode);
            assertEquals(2, source.opened.size());
            assertEquals(3, longOf(source.opened.get(1), "SELECT @@SESSION.innodb_lock_wait_timeout"));
        }
    }

    private static long longOf(Connection connection, String sql) throws SQLException {
        try (Statement query = connection.createStatement(); ResultSet row = query.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
