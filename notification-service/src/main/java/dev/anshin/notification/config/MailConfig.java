package dev.anshin.notification.config;

import java.time.Duration;

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

    /**
     * The longest one send may take, connection included; then it counts as failed and is retried later. (A stalled
     * SMTP conversation must not hold the relay: the mail client was seen waiting on a new connection until the server
     * gave up on it.)
     */
    @WithDefault("PT20S")
    Duration sendTimeout();
}
