package dev.anshin.statement.repository;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.statement.Dispute;
import dev.anshin.statement.DisputeStatus;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;

@ApplicationScoped
public class DisputeRepository implements PanacheRepositoryBase<Dispute, String> {

    /** The dispute of an item, if one was filed (disputing it again finds it). */
    public Optional<Dispute> findByTransactionId(String transactionId) {
        return find("transaction.id", transactionId).firstResultOptional();
    }

    /** One dispute with its item; for a member (memberId set) only their own: another member's is not found. */
    public Optional<Dispute> findVisible(String memberId, String id) {
        if (memberId == null) {
            return find("from Dispute d join fetch d.transaction where d.id = ?1", id).firstResultOptional();
        }
        return find("from Dispute d join fetch d.transaction where d.id = ?1 and d.memberId = ?2", id, memberId)
                .firstResultOptional();
    }

    /** The dispute, locked ({@code SELECT ... FOR UPDATE}) for a move: two operators' moves take turns. */
    public Optional<Dispute> lock(String id) {
        return Locking.selectForUpdate(getEntityManager(), Dispute.class,
                "SELECT * FROM dispute WHERE id = :id FOR UPDATE", Map.of("id", id)).stream().findFirst();
    }

    /**
     * One page of disputes, newest report first by (report time, id), with their items: one member's (or every
     * member's, null), optionally in one status, after the key {@code (afterReportedAt, afterId)} (null: the first
     * page). Keyset paging, as the usage list. Indexes {@code (member_id, reported_at, id)}, {@code (status, ...)}.
     */
    public List<Dispute> page(String memberId, DisputeStatus status, Instant afterReportedAt, String afterId, int limit) {
        StringBuilder query = new StringBuilder("from Dispute d join fetch d.transaction where 1 = 1");
        Parameters parameters = new Parameters();
        if (memberId != null) {
            query.append(" and d.memberId = :member");
            parameters.and("member", memberId);
        }
        if (status != null) {
            query.append(" and d.status = :status");
            parameters.and("status", status);
        }
        if (afterReportedAt != null) {
            query.append(" and (d.reportedAt < :afterAt or (d.reportedAt = :afterAt and d.id < :afterId))");
            parameters.and("afterAt", afterReportedAt).and("afterId", afterId);
        }
        query.append(" order by d.reportedAt desc, d.id desc");
        return find(query.toString(), parameters).range(0, limit - 1).list();
    }

    /** Every dispute of the member, newest report first, each with its item (a disclosure's). */
    public List<Dispute> ofMember(String memberId) {
        return find("from Dispute d join fetch d.transaction where d.memberId = ?1 order by d.reportedAt desc, d.id desc",
                memberId).list();
    }
}
