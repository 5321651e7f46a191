package dev.anshin.statement.repository;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.statement.CardTransaction;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class CardTransactionRepository implements PanacheRepositoryBase<CardTransaction, String> {

    /** The item an authorization created, if it was recorded already (a repeated authorization finds it). */
    public Optional<CardTransaction> findByAuthorizationId(String authorizationId) {
        return find("authorizationId", authorizationId).firstResultOptional();
    }

    /** The item a clearing record posted, if it was posted already (a repeated clearing record finds it). */
    public Optional<CardTransaction> findByClearingId(String clearingId) {
        return find("clearingId", clearingId).firstResultOptional();
    }
}
