package dev.anshin.cardcontrol.repository;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.EntityManager;

/** Row locks written the one way MySQL 8, MariaDB and H2 all accept (see {@link CardRepository#findForUpdate}). */
final class Locking {

    private Locking() {
    }

    /** Runs a native {@code SELECT * ... FOR UPDATE} with one parameter and returns the single managed entity, if any. */
    static <T> Optional<T> selectForUpdate(EntityManager em, Class<T> type, String sql, Object parameter) {
        @SuppressWarnings("unchecked")
        List<T> rows = em.createNativeQuery(sql, type).setParameter(1, parameter).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        T entity = rows.get(0);
        // A row already in the persistence context keeps its old values; read the locked row's current ones.
        em.refresh(entity);
        return Optional.of(entity);
    }
}
