package dev.anshin.consent.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.consent.ConsentApplication;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class ConsentApplicationRepository implements PanacheRepositoryBase<ConsentApplication, String> {

    /** The member's recorded applications, oldest first. */
    public List<ConsentApplication> ofMember(String memberId) {
        return list("memberId = ?1 order by recordedAt", memberId);
    }
}
