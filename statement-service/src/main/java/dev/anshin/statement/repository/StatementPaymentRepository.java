package dev.anshin.statement.repository;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.statement.StatementPayment;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class StatementPaymentRepository implements PanacheRepositoryBase<StatementPayment, String> {
}
