package dev.anshin.statement.repository;

import java.time.LocalDate;
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
}
