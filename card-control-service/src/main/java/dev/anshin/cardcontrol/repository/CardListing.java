package dev.anshin.cardcontrol.repository;

import static dev.anshin.cardcontrol.repository.SqlFailures.failed;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.cardcontrol.Card;
import dev.anshin.cardcontrol.CardBrand;
import dev.anshin.cardcontrol.CardState;

/**
 * The member's card list as the app shows it, read in plain JDBC: the columns a listed card shows and nothing else (no
 * ciphertext, no lookup hash), in one query with the account's contract limit, with no entity managed.
 * <p>
 * Why not Hibernate: the card list is the read every member's app makes most often (the gateway's read path, measured
 * by {@code ./anshin bench --mode gateway}), and through Hibernate a third of card-control's CPU per read went to the
 * query engine and entity loading around one indexed SELECT (JFR, bench/README.md). Changes to cards stay with
 * Hibernate and {@link CardRepository}; this reads what they committed (autocommit, read committed).
 */
@ApplicationScoped
public class CardListing {

    /** A card as listed: what the contract's {@code Card} message carries, the number only as its last four digits. */
    public record ListedCard(String id, CardBrand brand, String last4, int expiryYear, int expiryMonth, CardState state,
            boolean numberless, long usableLimit, long contractLimit, Instant issuedAt, long version,
            String replacementFor, String replacedBy) {

        /** The same view of a card loaded as an entity, so that both are mapped to the contract one way. */
        public static ListedCard of(Card card) {
            return new ListedCard(card.id, card.brand, card.last4, card.expiryYear, card.expiryMonth, card.state,
                    card.numberless, card.usableLimit, card.account.contractLimit, card.issuedAt, card.version,
                    card.replacementFor, card.replacedBy);
        }
    }

    /** Newest first; the same order as {@link CardRepository#listByMember}. */
    private static final String MEMBER_CARDS = "SELECT c.id, c.brand, c.last4, c.expiry_year, c.expiry_month, c.state, "
            + "c.numberless, c.usable_limit, a.contract_limit, c.issued_at, c.version, c.replacement_for, c.replaced_by "
            + "FROM card c JOIN credit_account a ON a.id = c.account_id "
            + "WHERE c.member_id = ? ORDER BY c.issued_at DESC, c.id DESC";

    private final DataSource dataSource;

    public CardListing(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The member's cards, closed ones too, newest first. */
    public List<ListedCard> ofMember(String memberId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(MEMBER_CARDS)) {
            select.setString(1, memberId);
            try (ResultSet rows = select.executeQuery()) {
                List<ListedCard> cards = new ArrayList<>(2);
                while (rows.next()) {
                    cards.add(new ListedCard(rows.getString(1), CardBrand.valueOf(rows.getString(2)), rows.getString(3),
                            rows.getInt(4), rows.getInt(5), CardState.valueOf(rows.getString(6)), rows.getBoolean(7),
                            rows.getLong(8), rows.getLong(9),
                            // Stored as UTC wall-clock time, as Hibernate writes it (quarkus.hibernate-orm.jdbc.timezone=UTC).
                            rows.getObject(10, LocalDateTime.class).toInstant(ZoneOffset.UTC), rows.getLong(11),
                            rows.getString(12), rows.getString(13)));
                }
                return cards;
            }
        } catch (SQLException e) {
            throw failed("list the member's cards", e);
        }
    }
}
