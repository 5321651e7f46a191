package dev.anshin.cardcontrol.repository;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.cardcontrol.CreditAccount;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class CreditAccountRepository implements PanacheRepositoryBase<CreditAccount, String> {

    public Optional<CreditAccount> findByMember(String memberId) {
        return find("memberId", memberId).firstResultOptional();
    }

    /**
     * Reserves {@code amount} yen of the account's available credit in one statement: true when it fitted (and the
     * outstanding amount grew), false when it would exceed the contract limit (and nothing changed). The row stays
     * locked until the transaction ends, so decisions on one account apply one after the other.
     */
    public boolean reserve(String accountId, long amount) {
        return getEntityManager()
                .createNativeQuery("UPDATE credit_account SET outstanding = outstanding + ?1, version = version + 1"
                        + " WHERE id = ?2 AND outstanding + ?1 <= contract_limit")
                .setParameter(1, amount)
                .setParameter(2, accountId)
                .executeUpdate() == 1;
    }

    public Optional<CreditAccount> findByMemberForUpdate(String memberId) {
        return Locking.selectAndRefreshForUpdate(getEntityManager(), CreditAccount.class,
                "SELECT * FROM credit_account WHERE member_id = ?1 FOR UPDATE", memberId);
    }
}
