package dev.anshin.consent.repository;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.consent.PrivacyRequest;
import dev.anshin.consent.PrivacyRequestStatus;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;

@ApplicationScoped
public class PrivacyRequestRepository implements PanacheRepositoryBase<PrivacyRequest, Long> {

    public PrivacyRequest findByPublicId(String id) {
        return find("id", id).firstResult();
    }

    /**
     * One page, newest first, below a page key: one member's (or everyone's when {@code memberId} is null), of one
     * status (any when null), or only those still open with a due date before {@code overdueBefore} (when set).
     */
    public List<PrivacyRequest> pageBefore(String memberId, PrivacyRequestStatus status, LocalDate overdueBefore,
            long beforeSeq, int size) {
        List<String> where = new ArrayList<>(List.of("seq < :before"));
        Parameters parameters = Parameters.with("before", beforeSeq);
        if (memberId != null) {
            where.add("memberId = :member");
            parameters.and("member", memberId);
        }
        if (status != null) {
            where.add("status = :status");
            parameters.and("status", status);
        }
        if (overdueBefore != null) {
            where.add("dueDate < :today and status in :open");
            parameters.and("today", overdueBefore).and("open", Arrays.stream(PrivacyRequestStatus.values())
                    .filter(s -> !s.isFinal()).toList());
        }
        return find(String.join(" and ", where) + " order by seq desc", parameters).page(0, size).list();
    }

    /** Every request of a member, oldest first (a disclosure's). */
    public List<PrivacyRequest> ofMember(String memberId) {
        return list("memberId = ?1 order by seq", memberId);
    }
}
