package dev.anshin.consent.repository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.hibernate.query.NativeQuery;
import org.hibernate.type.StandardBasicTypes;

/**
 * The stored exports of disclosure requests ({@code privacy_disclosure}), written once and read back as they were.
 * Plain SQL: a document is one LONGTEXT value, read and written whole, with nothing an entity would add.
 */
@ApplicationScoped
public class PrivacyDisclosureRepository {

    /** An export as stored. */
    public record StoredDisclosure(String requestId, Instant gatheredAt, String document) {
    }

    private final EntityManager entityManager;

    public PrivacyDisclosureRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Within the caller's transaction. */
    public void insert(String requestId, Instant gatheredAt, String document) {
        entityManager.createNativeQuery("INSERT INTO privacy_disclosure (request_id, gathered_at, document) VALUES (?1, ?2, ?3)")
                .setParameter(1, requestId)
                .setParameter(2, gatheredAt)
                .setParameter(3, document)
                .executeUpdate();
    }

    public Optional<StoredDisclosure> find(String requestId) {
        @SuppressWarnings("unchecked")
        NativeQuery<Object[]> query = entityManager
                .createNativeQuery("SELECT request_id, gathered_at, document FROM privacy_disclosure WHERE request_id = ?1")
                .unwrap(NativeQuery.class);
        List<Object[]> rows = query.addScalar("request_id", StandardBasicTypes.STRING)
                .addScalar("gathered_at", StandardBasicTypes.INSTANT)
                .addScalar("document", StandardBasicTypes.TEXT)
                .setParameter(1, requestId)
                .getResultList();
        return rows.stream().findFirst()
                .map(row -> new StoredDisclosure((String) row[0], (Instant) row[1], (String) row[2]));
    }
}
