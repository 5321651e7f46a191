package dev.anshin.notification.repository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.notification.ConfirmationState;
import dev.anshin.notification.UsageConfirmation;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class UsageConfirmationRepository implements PanacheRepositoryBase<UsageConfirmation, String> {

    /** The confirmation already started for this held authorization, if any. */
    public Optional<UsageConfirmation> findByEvent(String eventId) {
        return find("eventId", eventId).firstResultOptional();
    }

    /** Pending confirmations whose time ran out by {@code now} become EXPIRED; how many did. */
    public int expirePendingBefore(Instant now) {
        return (int) update("state = ?1 where state = ?2 and expiresAt <= ?3", ConfirmationState.EXPIRED,
                ConfirmationState.PENDING, now);
    }

    /**
     * The confirmation whose SMS went to {@code phoneNumber} with {@code replyCode}: a pending one first (a code is
     * unique among the pending ones of a number), else the newest.
     */
    public Optional<UsageConfirmation> findBySmsReply(String phoneNumber, String replyCode) {
        return find("smsPhoneNumber = ?1 and replyCode = ?2 order by case when state = ?3 then 0 else 1 end, createdAt desc",
                phoneNumber, replyCode, ConfirmationState.PENDING).firstResultOptional();
    }

    /** Whether a pending confirmation sent to the number already carries the code. */
    public boolean pendingWithReplyCode(String phoneNumber, String replyCode) {
        return count("smsPhoneNumber = ?1 and replyCode = ?2 and state = ?3", phoneNumber, replyCode,
                ConfirmationState.PENDING) > 0;
    }

    /** The confirmation, locked until the transaction ends (answers to one confirmation apply one after the other). */
    public Optional<UsageConfirmation> findForUpdate(String id) {
        @SuppressWarnings("unchecked")
        List<UsageConfirmation> rows = getEntityManager()
                .createNativeQuery("SELECT * FROM usage_confirmation WHERE id = ?1 FOR UPDATE", UsageConfirmation.class)
                .setParameter(1, id).getResultList();
        rows.forEach(getEntityManager()::refresh);
        return rows.stream().findFirst();
    }
}
