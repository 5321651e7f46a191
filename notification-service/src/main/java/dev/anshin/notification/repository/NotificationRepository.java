package dev.anshin.notification.repository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.notification.Notification;
import dev.anshin.notification.NotificationKind;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class NotificationRepository implements PanacheRepositoryBase<Notification, String> {

    /** The message already presented for this event, if any: a repeated event answers with it. */
    public Optional<Notification> findByEvent(NotificationKind kind, String eventId) {
        return find("kind = ?1 and eventId = ?2", kind, eventId).firstResultOptional();
    }

    /** Which of these event ids of {@code kind} have a notice already (one query, by the unique key). */
    public List<String> eventIdsPresented(NotificationKind kind, List<String> eventIds) {
        if (eventIds.isEmpty()) {
            return List.of();
        }
        return getEntityManager().createQuery("select n.eventId from Notification n where n.kind = :kind and n.eventId in :ids",
                String.class).setParameter("kind", kind).setParameter("ids", eventIds).getResultList();
    }

    /** A member's notifications newest first, after the cursor (created at, id) when one is given. */
    public List<Notification> page(String memberId, Instant createdBefore, String idBefore, int limit) {
        if (createdBefore == null) {
            return find("memberId = ?1 order by createdAt desc, id desc", memberId).page(0, limit).list();
        }
        return find("memberId = ?1 and (createdAt < ?2 or (createdAt = ?2 and id < ?3)) order by createdAt desc, id desc",
                memberId, createdBefore, idBefore).page(0, limit).list();
    }

    /** Every notification of a member, newest first (a disclosure's). */
    public List<Notification> ofMember(String memberId) {
        return find("memberId = ?1 order by createdAt desc, id desc", memberId).list();
    }
}
