package dev.anshin.cardcontrol.repository;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.cardcontrol.CreditReviewRequest;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class CreditReviewRequestRepository implements PanacheRepositoryBase<CreditReviewRequest, String> {
}
