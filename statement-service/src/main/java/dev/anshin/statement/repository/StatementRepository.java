package dev.anshin.statement.repository;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
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

    /** The statement, locked ({@code SELECT ... FOR UPDATE}): payments of one statement take turns. */
    public Optional<Statement> lock(String id) {
        return Locking.selectForUpdate(getEntityManager(), Statement.class,
                "SELECT * FROM statement WHERE id = :id FOR UPDATE", Map.of("id", id)).stream().findFirst();
    }

    /** Whole yen of revolving principal the member's statements closed before that date billed. */
    public long revolvingPrincipalBefore(String memberId, LocalDate closingDate) {
        Long sum = getEntityManager().createQuery("select sum(l.principal) from StatementLine l, Statement s"
                + " where l.statementId = s.id and s.memberId = :member and s.closingDate < :closing"
                + " and l.paymentMethod = dev.anshin.statement.PaymentMethod.REVOLVING and l.transactionId is null",
                Long.class).setParameter("member", memberId).setParameter("closing", closingDate).getSingleResult();
        return sum == null ? 0 : sum;
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

    /** The member's statements closing on or after {@code from}, newest first (a disclosure's). */
    public List<Statement> closingSince(String memberId, LocalDate from) {
        return find("memberId = ?1 and closingDate >= ?2 order by closingDate desc", memberId, from).list();
    }
}
