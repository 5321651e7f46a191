package dev.anshin.notification.repository;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.notification.NotificationPreference;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Preferences by member id; a member without a row has the defaults. */
@ApplicationScoped
public class NotificationPreferenceRepository implements PanacheRepositoryBase<NotificationPreference, String> {
}
