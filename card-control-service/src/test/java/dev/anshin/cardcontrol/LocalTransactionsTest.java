package dev.anshin.cardcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.mysql.cj.jdbc.MysqlDataSource;

import dev.anshin.api.cardcontrol.v1.AuthorizeRequest;
import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.cardcontrol.repository.DecisionLedger;
import dev.anshin.cardcontrol.repository.LocalTransactions;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** A committer's session, against MariaDB: its held connection lost and replaced, its lock wait timeout kept. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class LocalTransactionsTest extends CardTestSupport {

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

        try (LocalTransactions.Session session = new LocalTransactions(source).openSession(Duration.ofSeconds(3))) {
            session.inTransaction(tx -> ledger.findDecisions(tx, List.of(id)));
            Connection held = source.opened.get(0);
            assertEquals(3, longOf(held, "SELECT @@SESSION.innodb_lock_wait_timeout"));
            long connectionId = longOf(held, "SELECT CONNECTION_ID()");
            try (Connection admin = dataSource.getConnection(); Statement kill = admin.createStatement()) {
                kill.execute("KILL CONNECTION " + connectionId);
            }

            var found = session.inTransaction(tx -> ledger.findDecisions(tx, List.of(id)));

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
