package dev.anshin.notification.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Marketing through consent-service's CheckPurpose: how long one question may take, and how often waiting notices are asked again. */
@ConfigMapping(prefix = "anshin.marketing")
public interface MarketingConfig {

    /** The deadline of one CheckPurpose call; past it the notice waits and is asked again later. */
    @WithDefault("PT3S")
    Duration consentDeadline();

    /** Whether this instance asks again for the notices waiting for consent-service (several may: claims keep them apart). */
    @WithDefault("true")
    boolean recheckEnabled();

    /** How often the waiting notices that are due are asked again (each with its own back-off, as the delivery outbox's). */
    @WithDefault("10s")
    Duration recheckInterval();

    /** Notices asked again per pass. */
    @WithDefault("100")
    int batchSize();
}
