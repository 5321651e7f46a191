package dev.anshin.consent.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.consent.ConsentRefusal;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class ConsentRefusalRepository implements PanacheRepositoryBase<ConsentRefusal, String> {

    /** The member's refused attempts, oldest first. */
    public List<ConsentRefusal> ofMember(String memberId) {
        return list("memberId = ?1 order by attemptedAt", memberId);
    }
}
