package dev.anshin.statement.config;

import java.math.BigDecimal;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** statement-service's own settings ({@code anshin.statement.*}). */
@ConfigMapping(prefix = "anshin.statement")
public interface StatementConfig {

    /** Authorizations that are never cleared (service/AuthorizationExpiry). */
    AuthorizationExpiry authorizationExpiry();

    /** The scheduled close of the cycle that ended last (service/CycleClosing). */
    CycleClose cycleClose();

    /** Fees of instalments and revolving, as annual rates in percent (service/Fees). */
    Fees fees();

    /** Revolving (リボ): the fixed monthly payment. */
    Revolving revolving();

    interface CycleClose {

        /**
         * When the job closes the cycle that ended last (a Quartz-style cron in Asia/Tokyo; {@code off} stops it: the
         * test profile does, and tests call its method). Read by its {@code @Scheduled}.
         */
        @WithDefault("0 30 0 11 * ?")
        String cron();
    }

    interface Fees {

        /** Annual rate in percent of the instalment fee, charged monthly on the principal not yet billed. */
        @WithDefault("15.0")
        BigDecimal installmentsAnnualRate();

        /** Annual rate in percent of the revolving fee, charged monthly on the balance carried from the last statement. */
        @WithDefault("15.0")
        BigDecimal revolvingAnnualRate();
    }

    interface Revolving {

        /** Whole yen paid off the revolving balance each month (all of it when the balance is smaller). */
        @WithDefault("10000")
        long monthlyPayment();
    }

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
