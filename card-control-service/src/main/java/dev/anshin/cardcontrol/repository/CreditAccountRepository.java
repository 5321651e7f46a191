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

    public Optional<CreditAccount> findByMemberForUpdate(String memberId) {
        return Locking.selectAndRefreshForUpdate(getEntityManager(), CreditAccount.class,
                "SELECT * FROM credit_account WHERE member_id = ?1 FOR UPDATE", memberId);
    }
}
