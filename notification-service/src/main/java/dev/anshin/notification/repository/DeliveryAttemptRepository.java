package dev.anshin.notification.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.notification.DeliveryAttempt;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Every attempt of every delivery. */
@ApplicationScoped
public class DeliveryAttemptRepository implements PanacheRepositoryBase<DeliveryAttempt, Long> {

    /** A delivery's attempts, first first. */
    public List<DeliveryAttempt> history(String deliveryId) {
        return list("deliveryId = ?1 order by id", deliveryId);
    }
}
