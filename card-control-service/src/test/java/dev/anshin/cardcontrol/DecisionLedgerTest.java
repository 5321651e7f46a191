package dev.anshin.cardcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.mysql.cj.jdbc.MysqlDataSource;

import dev.anshin.api.cardcontrol.v1.AuthorizeRequest;
import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.cardcontrol.repository.DecisionLedger;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** The decision path's own transactions, against MariaDB: what a failed one leaves behind, and a lost connection. */
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
