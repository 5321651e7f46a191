package dev.anshin.statement.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.statement.StatementLine;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class StatementLineRepository implements PanacheRepositoryBase<StatementLine, String> {

    /** A statement's lines in order. */
    public List<StatementLine> ofStatement(String statementId) {
        return list("statementId = ?1 order by lineNumber", statementId);
    }
}
