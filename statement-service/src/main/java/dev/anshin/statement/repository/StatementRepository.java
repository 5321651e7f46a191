package dev.anshin.statement.repository;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.statement.Statement;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class StatementRepository implements PanacheRepositoryBase<Statement, String> {

    /** The member's statement of the cycle closing on that date, if the cycle was closed. */
    public Optional<Statement> findByMemberAndClosingDate(String memberId, LocalDate closingDate) {
        return find("memberId = ?1 and closingDate = ?2", memberId, closingDate).firstResultOptional();
    }

    /** One of the member's statements: another member's is not found, as one that does not exist. */
    public Optional<Statement> findOwned(String memberId, String id) {
        return find("id = ?1 and memberId = ?2", id, memberId).firstResultOptional();
    }

    /**
     * A page of the member's statements, newest first, closing before {@code before} (null: from the newest). Index
     * {@code (member_id, closing_date)}.
     */
    public List<Statement> page(String memberId, LocalDate before, int limit) {
        if (before == null) {
            return find("memberId = ?1 order by closingDate desc", memberId).range(0, limit - 1).list();
        }
        return find("memberId = ?1 and closingDate < ?2 order by closingDate desc", memberId, before)
                .range(0, limit - 1).list();
    }
}
