package dev.anshin.consent.repository;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.consent.ConsentApplication;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class ConsentApplicationRepository implements PanacheRepositoryBase<ConsentApplication, String> {
}
