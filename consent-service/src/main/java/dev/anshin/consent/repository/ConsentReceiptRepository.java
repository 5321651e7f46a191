package dev.anshin.consent.repository;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.consent.ConsentReceipt;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class ConsentReceiptRepository implements PanacheRepositoryBase<ConsentReceipt, String> {
}
