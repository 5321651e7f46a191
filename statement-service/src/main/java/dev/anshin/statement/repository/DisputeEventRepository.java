package dev.anshin.statement.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.statement.DisputeEvent;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class DisputeEventRepository implements PanacheRepositoryBase<DisputeEvent, String> {

    /** A dispute's history, oldest first. */
    public List<DisputeEvent> history(String disputeId) {
        return list("disputeId = ?1 order by seq", disputeId);
    }
}
