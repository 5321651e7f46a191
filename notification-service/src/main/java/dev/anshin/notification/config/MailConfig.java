package dev.anshin.notification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What the e-mails say about where they come from. */
@ConfigMapping(prefix = "anshin.mail")
public interface MailConfig {

    /**
     * The domain of each e-mail's {@code Message-ID} ({@code <notification-id@domain>}): an e-mail sent again after
     * a crash carries the same id, so mail clients show it once.
     */
    @WithDefault("notification.anshin.dev")
    String messageIdDomain();
}
