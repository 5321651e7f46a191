package dev.anshin.consent.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.consent.ConsentEvent;
import dev.anshin.consent.Purpose;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class ConsentEventRepository implements PanacheRepositoryBase<ConsentEvent, String> {

    /** The member's events, newest first. */
    public List<ConsentEvent> history(String memberId) {
        return list("memberId = ?1 order by sequenceNo desc", memberId);
    }

    /** The member's events, oldest first: replayed, the last of each purpose and controller is its state. */
    public List<ConsentEvent> inOrder(String memberId) {
        return list("memberId = ?1 order by sequenceNo", memberId);
    }

    /** One page of the member's events, newest first, below a sequence number (the page key). */
    public List<ConsentEvent> pageBefore(String memberId, long beforeSequenceNo, int size) {
        return find("memberId = ?1 and sequenceNo < ?2 order by sequenceNo desc", memberId, beforeSequenceNo)
                .page(0, size).list();
    }

    /** The events given with one receipt, in order. */
    public List<ConsentEvent> ofReceipt(String receiptId) {
        return list("receiptId = ?1 order by sequenceNo", receiptId);
    }

    /** The latest event of one purpose in one record (the issuer's or a partner's), or null. */
    public ConsentEvent latest(String memberId, String controller, Purpose purpose) {
        return find("memberId = ?1 and controller = ?2 and purpose = ?3 order by sequenceNo desc", memberId, controller,
                purpose).firstResult();
    }

    public boolean hasAny(String memberId) {
        return count("memberId", memberId) > 0;
    }

    /**
     * The member's last sequence number (0 for none), locking the member's latest event and the gap after it: a
     * concurrent writer for the same member waits here instead of taking the same number.
     */
    public long lockLastSequenceNo(String memberId) {
        List<?> rows = getEntityManager()
                .createNativeQuery("SELECT sequence_no FROM consent_event WHERE member_id = ?1"
                        + " ORDER BY sequence_no DESC LIMIT 1 FOR UPDATE")
                .setParameter(1, memberId)
                .getResultList();
        return rows.isEmpty() ? 0 : ((Number) rows.get(0)).longValue();
    }
}
