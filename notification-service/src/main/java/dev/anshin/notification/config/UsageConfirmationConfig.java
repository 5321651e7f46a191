package dev.anshin.notification.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Usage confirmations (ご利用確認): how long the member has to answer. */
@ConfigMapping(prefix = "anshin.usage-confirmation")
public interface UsageConfirmationConfig {

    /** How long after it starts a confirmation accepts an answer; then it is EXPIRED. */
    @WithDefault("PT15M")
    Duration expiresAfter();

    /** How often pending confirmations past their time are marked EXPIRED (scheduler syntax). */
    @WithDefault("30s")
    String expiryInterval();
}
