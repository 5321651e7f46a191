package dev.anshin.statement;

import java.net.URI;
import java.time.LocalDate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import dev.anshin.kit.testing.GrpcTestClient;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * What every test of cycles starts from: a new member and card, {@link #cycles()} consecutive cycles of its own from
 * {@link #cycle} on (see {@link Billing}), and the service's clock set after the last of them; reset after.
 */
abstract class CycleTestBase {

    @TestHTTPResource("/")
    URI baseUri;

    @Inject
    ShiftableClock clock;

    Usage usage;
    String member;
    String card;
    LocalDate cycle;

    /** How many consecutive cycles the test closes. */
    abstract int cycles();

    @BeforeEach
    void startCycles() {
        usage = new Usage(baseUri);
        member = GrpcTestClient.newMemberId();
        card = Usage.newCardId();
        cycle = Billing.freshCycles(cycles());
        clock.set(Billing.afterEndOf(cycle.plusMonths(cycles() - 1)));
    }

    @AfterEach
    void resetClock() {
        clock.reset();
        usage.close();
    }
}
