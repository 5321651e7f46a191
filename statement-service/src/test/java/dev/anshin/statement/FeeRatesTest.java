package dev.anshin.statement;

import static dev.anshin.statement.Billing.close;
import static dev.anshin.statement.Billing.jst;
import static dev.anshin.statement.Billing.statementOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.anshin.api.statement.v1.PaymentMethod;
import dev.anshin.api.statement.v1.Statement;
import dev.anshin.api.statement.v1.StatementLine;
import dev.anshin.statement.config.StatementConfig;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The fee rates and the revolving monthly payment are configuration: here instalments at 24 % a year, revolving at
 * 18 % and 8,000 yen a month, and the statements follow the documented formula (balance × rate / 12 / 100, rounded
 * down to the yen) with those figures, not the defaults (15 %, 15 %, 10,000 yen: {@link PaymentMethodTest}).
 */
@QuarkusTest
@TestProfile(FeeRatesTest.OtherRates.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class FeeRatesTest extends CycleTestBase {

    public static class OtherRates implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("anshin.statement.fees.installments-annual-rate", "24.0",
                    "anshin.statement.fees.revolving-annual-rate", "18.0",
                    "anshin.statement.revolving.monthly-payment", "8000");
        }
    }

    @Inject
    StatementConfig config;

    @Override
    int cycles() {
        return 5;
    }

    private static StatementLine revolvingPaymentOf(Statement statement) {
        return statement.getLinesList().stream().filter(l -> l.getTransactionId().isEmpty()).findFirst().orElseThrow();
    }

    @Test
    void theConfiguredRatesAreRead() {
        assertEquals(0, new BigDecimal("24.0").compareTo(config.fees().installmentsAnnualRate()));
        assertEquals(0, new BigDecimal("18.0").compareTo(config.fees().revolvingAnnualRate()));
        assertEquals(8_000, config.revolving().monthlyPayment());
    }

    @Test
    void anInstalmentFeeFollowsTheConfiguredRate() {
        String id = post(10_000, PaymentMethod.PAYMENT_METHOD_INSTALLMENTS, 3, jst(cycle, 12, 0)).getId();

        for (int i = 0; i < 3; i++) {
            close(usage, cycle.plusMonths(i));
        }

        // 24 %/12 = 2 % a month of what is not billed yet: 10,000 → 200; 6,666 → 133.32 → 133; 3,333 → 66.66 → 66.
        // (At the default 15 % the fees were 125, 83 and 41.)
        long[][] expected = {{3_334, 200}, {3_333, 133}, {3_333, 66}};
        for (int k = 0; k < 3; k++) {
            Statement statement = statementOf(usage, member, cycle.plusMonths(k));
            StatementLine line = statement.getLines(0);
            assertEquals(id, line.getTransactionId());
            assertEquals(expected[k][0], line.getPrincipal().getAmount(), "principal of instalment " + (k + 1));
            assertEquals(expected[k][1], line.getFee().getAmount(), "fee of instalment " + (k + 1));
            assertEquals(expected[k][1], statement.getFeeTotal().getAmount());
            assertEquals(expected[k][0] + expected[k][1], statement.getTotal().getAmount());
        }
    }

    @Test
    void aRevolvingFeeAndMonthlyPaymentFollowTheConfiguration() {
        post(25_000, PaymentMethod.PAYMENT_METHOD_REVOLVING, 0, jst(cycle, 12, 0));

        for (int i = 0; i < 5; i++) {
            close(usage, cycle.plusMonths(i));
        }

        // 8,000 a month; fee 18 %/12 = 1.5 % a month of the balance carried from the last statement, rounded down.
        // Month 1: 8,000 paid, no fee; 17,000 left. Month 2: fee 255; 8,000 paid; 9,000 left.
        // Month 3: fee 135; 8,000 paid; 1,000 left. Month 4: fee 15; the last 1,000 paid. Month 5: no statement.
        long[][] expected = {{8_000, 0, 17_000}, {8_000, 255, 9_000}, {8_000, 135, 1_000}, {1_000, 15, 0}};
        for (int k = 0; k < 4; k++) {
            Statement statement = statementOf(usage, member, cycle.plusMonths(k));
            StatementLine payment = revolvingPaymentOf(statement);
            assertEquals(expected[k][0], payment.getPrincipal().getAmount(), "principal of month " + (k + 1));
            assertEquals(expected[k][1], payment.getFee().getAmount(), "fee of month " + (k + 1));
            assertEquals(expected[k][0], statement.getPrincipalTotal().getAmount());
            assertEquals(expected[k][1], statement.getFeeTotal().getAmount());
            assertEquals(expected[k][0] + expected[k][1], statement.getTotal().getAmount());
            assertEquals(expected[k][2], statement.getRevolvingBalance().getAmount());
        }
        assertThat(statementOf(usage, member, cycle.plusMonths(4))).isNull();
    }

    @Test
    void aMixedStatementTotalsTheConfiguredFeesPerMethod() {
        Statement statement = mixedStatement();
        // lump sum 1,000; instalment 1 of 2: 3,000 + fee 6,000 × 2 % = 120; revolving: 4,000 (under 8,000), no fee yet.
        assertThat(statement.getMethodTotalsList()).extracting(t -> t.getPrincipal().getAmount())
                .containsExactly(1_000L, 3_000L, 4_000L);
        assertThat(statement.getMethodTotalsList()).extracting(t -> t.getFee().getAmount()).containsExactly(0L, 120L, 0L);
        assertEquals(8_000, statement.getPrincipalTotal().getAmount());
        assertEquals(120, statement.getFeeTotal().getAmount());
        assertEquals(8_120, statement.getTotal().getAmount());
    }
}
