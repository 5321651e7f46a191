package dev.anshin.notification.repository;

import java.time.Instant;
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
}
