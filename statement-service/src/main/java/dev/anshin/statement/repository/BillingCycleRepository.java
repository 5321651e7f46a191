package dev.anshin.statement.repository;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.statement.BillingCycle;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class BillingCycleRepository implements PanacheRepositoryBase<BillingCycle, LocalDate> {

    /** The closed cycle, locked: a close running at the same moment waits for this one. */
    public Optional<BillingCycle> lock(LocalDate closingDate) {
        return Locking.selectForUpdate(getEntityManager(), BillingCycle.class,
                "SELECT * FROM billing_cycle WHERE closing_date = :closing FOR UPDATE", Map.of("closing", closingDate))
                .stream().findFirst();
    }
}
