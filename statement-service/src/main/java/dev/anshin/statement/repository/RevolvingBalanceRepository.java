package dev.anshin.statement.repository;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.statement.RevolvingBalance;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class RevolvingBalanceRepository implements PanacheRepositoryBase<RevolvingBalance, String> {

    /** Balances left by a cycle closed before this one, locked for the close. Index {@code (balance, last_closing_date)}. */
    public List<RevolvingBalance> lockOwedBefore(LocalDate closingDate) {
        return Locking.selectForUpdate(getEntityManager(), RevolvingBalance.class,
                "SELECT * FROM revolving_balance WHERE balance > 0 AND last_closing_date < :closing ORDER BY member_id"
                        + " FOR UPDATE",
                Map.of("closing", closingDate));
    }
}
