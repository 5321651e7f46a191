package dev.anshin.gateway.repository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.gateway.IdempotencyRecord;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class IdempotencyRecordRepository implements PanacheRepositoryBase<IdempotencyRecord, String> {

    /**
     * The record, locked until the transaction ends. A plain native {@code SELECT ... FOR UPDATE}: Hibernate's MySQL 8
     * dialect writes {@code FOR UPDATE OF alias}, which MariaDB rejects; this form means the same on MySQL 8, MariaDB
     * and H2.
     */
    public Optional<IdempotencyRecord> findForUpdate(String id) {
        @SuppressWarnings("unchecked")
        List<IdempotencyRecord> rows = getEntityManager()
                .createNativeQuery("SELECT * FROM idempotency_key WHERE id = ?1 FOR UPDATE", IdempotencyRecord.class)
                .setParameter(1, id)
                .getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        IdempotencyRecord record = rows.get(0);
        // A row already in the persistence context keeps its old values; read the locked row's current ones.
        getEntityManager().refresh(record);
        return Optional.of(record);
    }

    /** Deletes every record that expired before {@code now}; returns how many. */
    public long deleteExpired(Instant now) {
        return delete("expiresAt < ?1", now);
    }
}
