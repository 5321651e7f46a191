package dev.anshin.cardcontrol.threeds.repository;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.cardcontrol.Card;
import dev.anshin.cardcontrol.threeds.CardholderAuthentication;
import dev.anshin.cardcontrol.threeds.ChallengeMethod;
import dev.anshin.cardcontrol.threeds.ChallengeState;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Authentications, their challenges, the devices members approved challenges from, and what the risk rules read. */
@ApplicationScoped
public class CardholderAuthenticationRepository implements PanacheRepositoryBase<CardholderAuthentication, String> {

    /**
     * The authentication, locked until the transaction ends: a challenge is answered (or expires) once. A plain
     * {@code SELECT ... FOR UPDATE}, the form MySQL 8, MariaDB and H2 all accept.
     */
    public Optional<CardholderAuthentication> findForUpdate(String acsTransactionId) {
        @SuppressWarnings("unchecked")
        List<CardholderAuthentication> locked = getEntityManager()
                .createNativeQuery("SELECT * FROM cardholder_authentication WHERE acs_transaction_id = ?1 FOR UPDATE",
                        CardholderAuthentication.class)
                .setParameter(1, acsTransactionId)
                .getResultList();
        locked.forEach(getEntityManager()::refresh);
        return locked.stream().findFirst();
    }

    /** The member's challenges in a state by a method, newest first. */
    public List<CardholderAuthentication> challengesOf(String memberId, ChallengeState state, ChallengeMethod method) {
        return list("memberId = ?1 and challengeState = ?2 and challengeMethod = ?3 order by requestedAt desc, acsTransactionId desc",
                memberId, state, method);
    }

    /**
     * Notes on the card that a challenge was refused now (denied, or failed by wrong codes): the fraud rule
     * "refused-challenge" reads it. A statement of its own, so the card's version (its edits) does not move.
     */
    public void noteRefusedChallenge(String cardId, Instant at) {
        getEntityManager()
                .createNativeQuery("UPDATE card SET challenge_refused_at = ?1 WHERE id = ?2")
                .setParameter(1, at)
                .setParameter(2, cardId)
                .executeUpdate();
    }

    /** The card with this number (by lookup hash) and expiry; a same-number reissue shares the hash, not the expiry. */
    public Optional<Card> cardWithNumber(byte[] lookupHash, YearMonth expiry) {
        return getEntityManager()
                .createQuery("from Card c where c.panLookupHash = ?1 and c.expiryYear = ?2 and c.expiryMonth = ?3", Card.class)
                .setParameter(1, lookupHash)
                .setParameter(2, expiry.getYear())
                .setParameter(3, expiry.getMonthValue())
                .getResultStream().findFirst();
    }

    /** The card's approvals decided at or after {@code since}: what the velocity fraud rule counts. */
    public long approvalsSince(String cardId, Instant since) {
        return ((Number) getEntityManager()
                .createNativeQuery("SELECT COUNT(*) FROM card_authorization WHERE card_id = ?1 AND decision = 'APPROVED'"
                        + " AND decided_at >= ?2")
                .setParameter(1, cardId)
                .setParameter(2, since)
                .getSingleResult()).longValue();
    }

    /** True when the member approved a challenge from this device before. */
    public boolean isRecognisedDevice(String memberId, byte[] deviceHash) {
        return !getEntityManager()
                .createNativeQuery("SELECT 1 FROM recognised_device WHERE member_id = ?1 AND device_hash = ?2")
                .setParameter(1, memberId)
                .setParameter(2, deviceHash)
                .getResultList().isEmpty();
    }

    /** Remembers a device the member approved a challenge from; already known, nothing changes. */
    public void recogniseDevice(String memberId, byte[] deviceHash, Instant now) {
        getEntityManager()
                .createNativeQuery("INSERT IGNORE INTO recognised_device (member_id, device_hash, recognised_at) VALUES (?1, ?2, ?3)")
                .setParameter(1, memberId)
                .setParameter(2, deviceHash)
                .setParameter(3, now)
                .executeUpdate();
    }
}
