package dev.anshin.cardcontrol.repository;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.EntityManager;

import org.hibernate.engine.spi.SessionImplementor;

/** Row locks written the one way MySQL 8, MariaDB and H2 all accept (see {@link CardRepository#findForUpdate}). */
final class Locking {

    private Locking() {
    }

    /**
     * Runs a native {@code SELECT * ... FOR UPDATE} by primary key and returns the managed entity, if any. An entity
     * this transaction had already loaded keeps its old values through a native query, so only then is it re-read.
     */
    static <T> Optional<T> selectByIdForUpdate(EntityManager em, Class<T> type, String sql, Object id) {
        boolean loadedBefore = isLoaded(em, type, id);
        Optional<T> entity = selectForUpdate(em, type, sql, id);
        if (loadedBefore) {
            entity.ifPresent(em::refresh);
        }
        return entity;
    }

    /** Runs a native {@code SELECT * ... FOR UPDATE} with one parameter; re-reads the entity in case it was loaded. */
    static <T> Optional<T> selectAndRefreshForUpdate(EntityManager em, Class<T> type, String sql, Object parameter) {
        Optional<T> entity = selectForUpdate(em, type, sql, parameter);
        entity.ifPresent(em::refresh);
        return entity;
    }

    private static <T> Optional<T> selectForUpdate(EntityManager em, Class<T> type, String sql, Object parameter) {
        @SuppressWarnings("unchecked")
        List<T> rows = em.createNativeQuery(sql, type).setParameter(1, parameter).getResultList();
        return rows.stream().findFirst();
    }

    private static boolean isLoaded(EntityManager em, Class<?> type, Object id) {
        SessionImplementor session = em.unwrap(SessionImplementor.class);
        var persister = session.getFactory().getMappingMetamodel().getEntityDescriptor(type);
        return session.getPersistenceContextInternal().containsEntity(session.generateEntityKey(id, persister));
    }
}
