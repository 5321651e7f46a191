package dev.anshin.cardcontrol.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.anshin.cardcontrol.Card;
import dev.anshin.cardcontrol.CardAuthorization;
import dev.anshin.cardcontrol.CardState;
import dev.anshin.cardcontrol.DeclineReason;
import dev.anshin.cardcontrol.NotMeReport;
import dev.anshin.cardcontrol.TransitionReason;
import dev.anshin.cardcontrol.UsageConfirmationAnswer;
import dev.anshin.cardcontrol.UsageConfirmationAnswer.Outcome;
import dev.anshin.cardcontrol.config.AuthorizationConfig;
import dev.anshin.cardcontrol.repository.CardRepository;
import dev.anshin.kit.error.DomainException;
import dev.anshin.kit.error.InvalidRequestException;
import dev.anshin.kit.error.NotFoundException;
import io.grpc.Status;

/**
 * What the member answers through notification-service, recorded here once per answer id however often its relay
 * delivers it:
 * <ul>
 * <li>a usage confirmation (ご利用確認) of a purchase held as suspected fraud: VERIFIED lets the same purchase (card,
 * merchant, amount) through once within {@code anshin.authorization.fraud.verified-retry-window} of the answer (the
 * decision reads it: {@code VerifiedRetryLedger}); DENIED puts the card on fraud hold ({@link CardService#placeFraudHold});</li>
 * <li>"this wasn't me": every active card of the member suspended, reason MEMBER_REPORTED_NOT_ME.</li>
 * </ul>
 * A repeated delivery meets the answer's row and changes nothing; two racing ones meet its primary key, and the loser
 * rolls back whole (its caller retries and then finds the row).
 */
@ApplicationScoped
public class MemberAnswerService {

    private static final Logger LOG = Logger.getLogger(MemberAnswerService.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    /** The outcome of a usage confirmation's answer, as first recorded. */
    public record ConfirmationRecorded(Card card, Instant retryAllowedUntil, boolean fraudHoldPlaced) {
    }

    /** A confirmation id recorded before with another authorization or outcome. */
    public static class ConfirmationIdReused extends DomainException {
        public ConfirmationIdReused(String confirmationId) {
            super(Status.Code.ALREADY_EXISTS, "CONFIRMATION_ID_REUSED",
                    "usage confirmation " + confirmationId + " was recorded before with another authorization or answer");
        }
    }

    private final CardRepository cards;
    private final CardService cardService;
    private final AuthorizationConfig config;
    private final EntityManager em;
    private final Clock clock;

    public MemberAnswerService(CardRepository cards, CardService cardService, AuthorizationConfig config,
            EntityManager em, Clock clock) {
        this.cards = cards;
        this.cardService = cardService;
        this.config = config;
        this.em = em;
        this.clock = clock;
    }

    @Transactional
    public ConfirmationRecorded recordUsageConfirmation(Actor actor, String confirmationId, String authorizationId,
            String memberId, Outcome outcome, Instant answeredAt) {
        require(confirmationId, "confirmation_id");
        require(authorizationId, "authorization_id");
        require(memberId, "member_id");
        if (outcome == null) {
            throw new InvalidRequestException("outcome is required (VERIFIED or DENIED)");
        }
        if (answeredAt == null) {
            throw new InvalidRequestException("answered_at is required");
        }
        CardAuthorization held = em.find(CardAuthorization.class, authorizationId);
        Card card = held == null || held.cardId == null || held.declineReason != DeclineReason.SUSPECTED_FRAUD ? null
                : cards.findForUpdate(held.cardId).orElse(null);
        if (card == null || !card.memberId.equals(memberId)) {
            throw new NotFoundException("AUTHORIZATION_NOT_FOUND",
                    "no authorization " + authorizationId + " of this member was held as suspected fraud");
        }
        UsageConfirmationAnswer earlier = em.find(UsageConfirmationAnswer.class, confirmationId);
        if (earlier != null) {
            if (!earlier.authorizationId.equals(authorizationId) || earlier.outcome != outcome) {
                throw new ConfirmationIdReused(confirmationId);
            }
            return new ConfirmationRecorded(card, earlier.retryUntil, earlier.fraudHoldPlaced);
        }
        Instant now = clock.instant();
        var answer = new UsageConfirmationAnswer();
        answer.confirmationId = confirmationId;
        answer.authorizationId = authorizationId;
        answer.cardId = card.id;
        answer.outcome = outcome;
        // An answer time in the future (a clock ahead) counts as now: the window never outlasts its length from here.
        answer.answeredAt = answeredAt.isAfter(now) ? now : answeredAt;
        answer.recordedAt = now;
        answer.amount = held.amount;
        answer.merchantName = held.merchantName;
        answer.merchantCategoryCode = held.merchantCategoryCode;
        answer.merchantCountry = held.merchantCountry;
        if (outcome == Outcome.VERIFIED) {
            answer.retryUntil = answer.answeredAt.plus(config.verifiedRetryWindow());
        } else if (card.state == CardState.ACTIVE || card.state == CardState.SUSPENDED) {
            card = cardService.placeFraudHold(actor, card.id,
                    "usage confirmation " + confirmationId + ": the member said the purchase was not theirs").card();
            answer.fraudHoldPlaced = true;
        }
        em.persist(answer);
        em.flush();
        LOG.infof("usage confirmation %s of authorization %s recorded: %s%s", confirmationId, authorizationId, outcome,
                answer.fraudHoldPlaced ? " (card on fraud hold)" : "");
        return new ConfirmationRecorded(card, answer.retryUntil, answer.fraudHoldPlaced);
    }

    /** Suspends every active card of the member, once per report id; the cards the report suspended. */
    @Transactional
    public List<Card> suspendMemberCards(Actor actor, String reportId, String memberId) {
        require(reportId, "report_id");
        require(memberId, "member_id");
        NotMeReport earlier = em.find(NotMeReport.class, reportId);
        if (earlier != null) {
            if (!earlier.memberId.equals(memberId)) {
                throw new InvalidRequestException("report_id " + reportId + " was recorded before for another member");
            }
            return suspendedBy(reportId);
        }
        var report = new NotMeReport();
        report.reportId = reportId;
        report.memberId = memberId;
        report.recordedAt = clock.instant();
        em.persist(report);
        em.flush();
        List<Card> suspended = cardService.suspendEveryActiveCard(actor, memberId, TransitionReason.MEMBER_REPORTED_NOT_ME,
                "this wasn't me: report " + reportId);
        for (Card card : suspended) {
            em.createNativeQuery("INSERT INTO not_me_suspended_card (report_id, card_id) VALUES (?1, ?2)")
                    .setParameter(1, reportId).setParameter(2, card.id).executeUpdate();
        }
        LOG.infof("this-wasn't-me report %s: %d card(s) suspended", reportId, suspended.size());
        return suspended;
    }

    private List<Card> suspendedBy(String reportId) {
        @SuppressWarnings("unchecked")
        List<String> ids = em.createNativeQuery("SELECT card_id FROM not_me_suspended_card WHERE report_id = ?1")
                .setParameter(1, reportId).getResultList();
        return ids.isEmpty() ? List.of()
                : em.createQuery("select c from Card c join fetch c.account where c.id in :ids order by c.id", Card.class)
                        .setParameter("ids", ids).getResultList();
    }

    private static void require(String id, String field) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidRequestException(field + " is required: 1 to 64 letters, digits or . _ : -");
        }
    }
}
