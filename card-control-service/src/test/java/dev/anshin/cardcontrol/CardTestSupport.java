package dev.anshin.cardcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;

import dev.anshin.api.cardcontrol.v1.AuthorizeRequest;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.cardcontrol.v1.CardControlServiceGrpc;
import dev.anshin.api.cardcontrol.v1.CardTransition;
import dev.anshin.api.cardcontrol.v1.Decision;
import dev.anshin.api.cardcontrol.v1.ListCardTransitionsRequest;
import dev.anshin.api.common.v1.CardId;
import dev.anshin.api.common.v1.PageRequest;
import dev.anshin.kit.testing.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;

/** What card-control's gRPC tests share: a real client on the test port, and reads of what MariaDB holds. */
abstract class CardTestSupport {

    @TestHTTPResource("/")
    URI baseUri;

    @Inject
    DataSource dataSource;

    private CardControlClient client;

    CardControlClient client() {
        if (client == null) {
            client = new CardControlClient(baseUri);
        }
        return client;
    }

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    /** A new member with a numberless Visa card of this contract limit, and the card's details. */
    Cardholder cardholder(long contractLimit) {
        String member = CardControlClient.newMemberId();
        var card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, true, contractLimit);
        return new Cardholder(member, card, new CardNetwork(client()).detailsOf(member, card));
    }

    /** A new member with a numberless Visa card (contract limit 500,000 yen), and the card's details. */
    Cardholder cardholder() {
        return cardholder(500_000);
    }

    /** A merchant's 3-D Secure server, as the card network's directory server passes its requests on. */
    DirectoryServer ds() {
        return new DirectoryServer(client());
    }

    CardControlServiceGrpc.CardControlServiceBlockingStub member(String memberId) {
        return client().as(Tokens.member(memberId));
    }

    CardControlServiceGrpc.CardControlServiceBlockingStub operator() {
        return client().as(Tokens.operator("operator-sato"));
    }

    List<CardTransition> historyOf(String memberId, CardId cardId) {
        return member(memberId).listCardTransitions(ListCardTransitionsRequest.newBuilder()
                .setCardId(cardId).setPage(PageRequest.newBuilder().setPageSize(100)).build()).getTransitionsList();
    }

    String stateInDatabase(String cardId) {
        return queryString("SELECT state FROM card WHERE id = ?", cardId);
    }

    String queryString(String sql, String parameter) {
        return query(sql, parameter, rows -> rows.next() ? rows.getString(1) : null);
    }

    byte[] queryBytes(String sql, String parameter) {
        return query(sql, parameter, rows -> rows.next() ? rows.getBytes(1) : null);
    }

    long queryLong(String sql, String parameter) {
        return query(sql, parameter, rows -> {
            rows.next();
            return rows.getLong(1);
        });
    }

    /** One change (test setup), its parameters bound in order; the rows changed. */
    int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            return update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Rows<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /** One query with one string parameter, read by {@code reader}. */
    private <T> T query(String sql, String parameter, Rows<T> reader) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rows = query.executeQuery()) {
                return reader.read(rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A new card of {@code brand} for {@code member}, and {@code count} purchases on it from {@code firstAmount} yen up,
     * each approved (asserted): their authorization ids, for following them through the outbox.
     */
    List<String> approvedPurchases(String member, CardBrand brand, int count, long firstAmount) {
        CardNetwork network = new CardNetwork(client());
        var details = network.detailsOf(member, client().issueCard(member, brand, true, 500_000));
        List<String> authorizationIds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            AuthorizeRequest purchase = CardNetwork.purchase(details, firstAmount + i).build();
            assertEquals(Decision.DECISION_APPROVED, network.stub().authorize(purchase).getDecision());
            authorizationIds.add(purchase.getAuthorizationId());
        }
        return authorizationIds;
    }

    /** Waits, checking every {@code every}, until the relay has delivered these authorizations' events or {@code timeout} passes. */
    void awaitDelivered(List<String> authorizationIds, Duration timeout, Duration every) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (undeliveredEvents(authorizationIds) > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(every.toMillis());
        }
    }

    /** Outbox events of these authorizations not yet acknowledged by their receivers. */
    long undeliveredEvents(List<String> authorizationIds) {
        long count = 0;
        for (String id : authorizationIds) {
            count += queryLong("SELECT COUNT(*) FROM outbox_event WHERE event_id = ? AND delivered_at IS NULL", id);
        }
        return count;
    }
}
