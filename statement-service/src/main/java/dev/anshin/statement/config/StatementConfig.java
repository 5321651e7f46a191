package dev.anshin.statement.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** statement-service's own settings ({@code anshin.statement.*}). */
@ConfigMapping(prefix = "anshin.statement")
public interface StatementConfig {

    /** Authorizations that are never cleared (service/AuthorizationExpiry). */
    AuthorizationExpiry authorizationExpiry();

    interface AuthorizationExpiry {

        /**
         * After how many days (of 24 hours, from the authorization's time) a pending item that was neither posted nor
         * reversed expires, and its reserved credit is due back. At least 1.
         */
        @WithDefault("30")
        int days();

        /**
         * How often the job looks for them (scheduler syntax, e.g. {@code 1h}; {@code off} stops the job: tests run
         * its method themselves). Read by its {@code @Scheduled}.
         */
        @WithDefault("1h")
        String every();

        /** Items expired per transaction, so that no transaction holds many row locks for long. */
        @WithDefault("500")
        int batchSize();
    }
}
