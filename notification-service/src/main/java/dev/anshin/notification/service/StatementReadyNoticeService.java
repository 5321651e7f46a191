package dev.anshin.notification.service;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.notification.Notification;
import dev.anshin.notification.NotificationKind;
import dev.anshin.notification.NotificationPreference;

/**
 * "Your statement is ready": an account notice. Presented and sent at once, never held by quiet hours, never switched
 * off by preferences (only the member's language and address are read). One notice per statement, however often
 * statement-service's relay delivers it.
 */
@ApplicationScoped
public class StatementReadyNoticeService {

    private final PreferenceService preferences;
    private final Notices notices;
    private final Templates templates;

    public StatementReadyNoticeService(PreferenceService preferences, Notices notices, Templates templates) {
        this.preferences = preferences;
        this.notices = notices;
        this.templates = templates;
    }

    /** The notice: new, or the one presented before for this statement. */
    public Notification notify(StatementReadyNotice statement) {
        return notices.once(NotificationKind.STATEMENT_READY, statement.statementId(), () -> {
            NotificationPreference preference = preferences.get(statement.memberId());
            Templates.Rendered text = templates.statementReady(preference.language, statement);
            return Optional.of(notices.present(statement.memberId(), NotificationKind.STATEMENT_READY,
                    statement.statementId(), preference.language, text, preference.email, null));
        }).orElseThrow();
    }
}
