package dev.anshin.consent.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Gathering a disclosure's export from the other services (anshin.consent.disclosure.*). */
@ConfigMapping(prefix = "anshin.consent.disclosure")
public interface DisclosureConfig {

    /** Deadline of each service's ExportMemberData call; a service that does not answer in time is "not available". */
    @WithDefault("5s")
    Duration deadline();

    /** The longest a gathering waits for consent-service's own token; past it every section is "not available". */
    @WithDefault("PT5S")
    Duration tokenMaxWait();
}
