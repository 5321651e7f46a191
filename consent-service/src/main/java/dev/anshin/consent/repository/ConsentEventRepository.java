package dev.anshin.consent.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.consent.ConsentEvent;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class ConsentEventRepository implements PanacheRepositoryBase<ConsentEvent, String> {

    /** The member's events, newest first. */
    public List<ConsentEvent> history(String memberId) {
        return list("memberId = ?1 order by sequenceNo desc", memberId);
    }
}
