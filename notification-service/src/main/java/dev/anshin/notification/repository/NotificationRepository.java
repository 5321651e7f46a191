package dev.anshin.notification.repository;

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
}
