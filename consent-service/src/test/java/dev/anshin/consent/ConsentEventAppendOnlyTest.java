package dev.anshin.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.anshin.kit.testing.GrpcTestClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * History is never rewritten, and not only because the service never tries: the database itself (MariaDB here, the
 * triggers of db/mysql/V4) refuses an UPDATE or a DELETE of a consent event, whoever sends it.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class ConsentEventAppendOnlyTest {

    @Inject
    DataSource dataSource;

    @Test
    void anUpdateOfAConsentEventFailsAtTheDatabase() throws SQLException {
        String id = insertEvent();
        try (Connection connection = dataSource.getConnection(); var update = connection.prepareStatement(
                "UPDATE consent_event SET kind = 'WITHDRAWN' WHERE id = ?")) {
            update.setString(1, id);

            var refusal = assertThrows(SQLException.class, update::executeUpdate);

            assertEquals("45000", refusal.getSQLState());
            assertThat(refusal.getMessage()).contains("append-only");
        }
        assertEquals("GRANTED", kindOf(id));
    }

    @Test
    void aDeleteOfAConsentEventFailsAtTheDatabase() throws SQLException {
        String id = insertEvent();
        try (Connection connection = dataSource.getConnection(); var delete = connection.prepareStatement(
                "DELETE FROM consent_event WHERE id = ?")) {
            delete.setString(1, id);

            var refusal = assertThrows(SQLException.class, delete::executeUpdate);

            assertEquals("45000", refusal.getSQLState());
            assertThat(refusal.getMessage()).contains("append-only");
        }
        assertEquals("GRANTED", kindOf(id));
    }

    private String insertEvent() throws SQLException {
        String id = UUID.randomUUID().toString();
        String member = GrpcTestClient.newMemberId();
        try (Connection connection = dataSource.getConnection(); var insert = connection.prepareStatement(
                "INSERT INTO consent_event (id, member_id, purpose, kind, notice_version, channel, actor_kind, actor_id,"
                        + " occurred_at, sequence_no, notice_sha256, controller)"
                        + " VALUES (?, ?, 'MARKETING_OWN', 'GRANTED', '2025-04', 'APP', 'MEMBER', ?, ?, 1, ?, 'issuer')")) {
            insert.setString(1, id);
            insert.setString(2, member);
            insert.setString(3, member);
            insert.setObject(4, java.sql.Timestamp.from(Instant.now()));
            insert.setString(5, NoticeText.sha256("", ""));
            assertEquals(1, insert.executeUpdate());
        }
        return id;
    }

    private String kindOf(String id) throws SQLException {
        try (Connection connection = dataSource.getConnection(); var select = connection.prepareStatement(
                "SELECT kind FROM consent_event WHERE id = ?")) {
            select.setString(1, id);
            try (var rows = select.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }
}
