package dev.anshin.statement.repository;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import org.hibernate.engine.spi.SessionImplementor;

/**
 * Row locks written the one way MySQL 8, MariaDB and H2 all accept: a native {@code SELECT * ... FOR UPDATE}.
 * Hibernate's MySQL 8 dialect writes {@code FOR UPDATE OF alias}, which MariaDB (the tests) and H2 ({@code ./anshin up})
 * refuse. (card-control-service locks its rows the same way.)
 */
final class Locking {

    private Locking() {
    }

    /**
     * The rows the native {@code SELECT * ... FOR UPDATE} finds, as managed entities. An entity this transaction had
     * loaded before keeps its old values through a native query, so those (only) are read again.
     */
    @SuppressWarnings("unchecked")
    static <T> List<T> selectForUpdate(EntityManager em, Class<T> type, String sql, Map<String, Object> parameters) {
        Set<Object> loadedBefore = managed(em, type);
        Query query = em.createNativeQuery(sql, type);
        parameters.forEach(query::setParameter);
        List<T> rows = query.getResultList();
        for (T row : rows) {
            if (loadedBefore.contains(row)) {
                em.refresh(row);
            }
        }
        return rows;
    }

    private static Set<Object> managed(EntityManager em, Class<?> type) {
        Set<Object> managed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (var entry : em.unwrap(SessionImplementor.class).getPersistenceContextInternal().reentrantSafeEntityEntries()) {
            if (type.isInstance(entry.getKey())) {
                managed.add(entry.getKey());
            }
        }
        return managed;
    }
}
