package dev.anshin.notification.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.anshin.notification.FollowUp;
import dev.anshin.notification.NotMeReport;
import dev.anshin.notification.NotificationKind;
import dev.anshin.notification.NotificationPreference;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * "This wasn't me" (the app's button): the report, what it owes other systems (every active card suspended at
 * card-control, every session ended at the identity provider: two follow-ups) and the member's confirmation e-mail
 * (a security notice: never held, never switched off) commit together; the follow-ups are then tried at once and
 * relayed until done ({@link FollowUpRelay}).
 */
@ApplicationScoped
public class NotMeService {

    private static final Logger LOG = Logger.getLogger(NotMeService.class);

    private final PreferenceService preferences;
    private final Notices notices;
    private final Templates templates;
    private final UsageConfirmationService confirmations;
    private final FollowUpRelay relay;
    private final Clock clock;

    public NotMeService(PreferenceService preferences, Notices notices, Templates templates,
            UsageConfirmationService confirmations, FollowUpRelay relay, Clock clock) {
        this.preferences = preferences;
        this.notices = notices;
        this.templates = templates;
        this.confirmations = confirmations;
        this.relay = relay;
        this.clock = clock;
    }

    public NotMeReport report(String memberId) {
        Instant now = clock.instant();
        var report = new NotMeReport();
        report.id = UUID.randomUUID().toString();
        report.memberId = memberId;
        report.reportedAt = now;
        List<String> followUps = QuarkusTransaction.requiringNew().call(() -> {
            Panache.getEntityManager().persist(report);
            String suspend = confirmations.followUp(FollowUp.Kind.CARD_CONTROL_SUSPEND_CARDS, report.id, memberId, now).id;
            String logout = confirmations.followUp(FollowUp.Kind.END_SESSIONS, report.id, memberId, now).id;
            NotificationPreference preference = preferences.get(memberId);
            notices.present(memberId, NotificationKind.NOT_ME, report.id, preference.language,
                    templates.notMe(preference.language, now),
                    preference.email == null || preference.email.isEmpty() ? null : preference.email, null);
            return List.of(suspend, logout);
        });
        LOG.infof("this-wasn't-me report %s recorded", report.id);
        relay.attemptNow(followUps);
        return report;
    }
}
