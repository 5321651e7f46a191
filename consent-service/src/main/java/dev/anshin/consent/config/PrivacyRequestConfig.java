package dev.anshin.consent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Privacy requests (Art. 4): how long the issuer gives itself to answer one. */
@ConfigMapping(prefix = "anshin.consent.privacy-requests")
public interface PrivacyRequestConfig {

    /** Days from the filing date (in Japan) to the due date, at least 1. */
    @WithDefault("14")
    int dueInDays();
}
