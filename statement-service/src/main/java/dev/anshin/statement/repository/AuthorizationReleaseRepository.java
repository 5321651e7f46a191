package dev.anshin.statement.repository;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.statement.AuthorizationRelease;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class AuthorizationReleaseRepository implements PanacheRepositoryBase<AuthorizationRelease, String> {

    /**
     * The authorization's release, if any, locked: the read waits for a transaction inserting it (a reversal arriving
     * at the same moment as the approval), so the two see each other.
     */
    public Optional<AuthorizationRelease> lock(String authorizationId) {
        return Locking.selectForUpdate(getEntityManager(), AuthorizationRelease.class,
                "SELECT * FROM authorization_release WHERE authorization_id = :id FOR UPDATE", Map.of("id", authorizationId))
                .stream().findFirst();
    }

    /** The releases of these authorizations, locked as {@link #lock} does. */
    public List<AuthorizationRelease> lockAll(Collection<String> authorizationIds) {
        if (authorizationIds.isEmpty()) {
            return List.of();
        }
        return Locking.selectForUpdate(getEntityManager(), AuthorizationRelease.class,
                "SELECT * FROM authorization_release WHERE authorization_id IN (:ids) FOR UPDATE",
                Map.of("ids", List.copyOf(authorizationIds)));
    }
}
