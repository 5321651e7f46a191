package dev.anshin.cardcontrol.repository;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.cardcontrol.Card;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class CardRepository implements PanacheRepositoryBase<Card, String> {

    /**
     * The member's cards, newest first, each with its account in the same query (the account is read for the contract
     * limit; loaded on its own it cost a second query per list).
     */
    public List<Card> listByMember(String memberId) {
        return find("from Card c join fetch c.account where c.memberId = ?1 order by c.issuedAt desc, c.id desc", memberId).list();
    }

    /**
     * The card, locked for update until the transaction ends: changes to one card happen one at a time.
     * A plain {@code SELECT ... FOR UPDATE}: Hibernate's MySQL 8 dialect writes {@code FOR UPDATE OF alias}, which
     * MariaDB (our test server) rejects; this form means the same on MySQL 8, MariaDB and H2.
     */
    public Optional<Card> findForUpdate(String cardId) {
        return Locking.selectByIdForUpdate(getEntityManager(), Card.class, "SELECT * FROM card WHERE id = ?1 FOR UPDATE", cardId);
    }

    /** Every card carrying the number (a same-number replacement shares it), locked, in id order so that two
     * transactions locking several cards always take them in the same order. */
    public List<Card> lockAllWithNumber(byte[] lookupHash) {
        @SuppressWarnings("unchecked")
        List<Card> locked = getEntityManager()
                .createNativeQuery("SELECT * FROM card WHERE pan_lookup_hash = ?1 ORDER BY id FOR UPDATE", Card.class)
                .setParameter(1, lookupHash)
                .getResultList();
        locked.forEach(getEntityManager()::refresh);
        return locked;
    }

    public boolean existsByLookupHash(byte[] lookupHash) {
        return count("panLookupHash = ?1", (Object) lookupHash) > 0;
    }
}
