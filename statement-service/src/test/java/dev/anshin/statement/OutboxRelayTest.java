package dev.anshin.statement;

import static dev.anshin.statement.Billing.close;
import static dev.anshin.statement.Billing.jst;
import static dev.anshin.statement.Billing.statementOf;
import static dev.anshin.statement.Usage.approval;
import static dev.anshin.statement.Usage.clearingRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.anshin.api.statement.v1.PaymentResult;
import dev.anshin.api.statement.v1.RecordPaymentRequest;
import dev.anshin.api.statement.v1.ReverseAuthorizationRequest;
import dev.anshin.api.statement.v1.Statement;
import dev.anshin.statement.repository.OutboxEventRepository;
import dev.anshin.statement.service.OutboxRelay;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The relay against in-test receivers ({@link Receivers}): "statement ready", credit given back and overdue statements
 * reach notification-service and card-control, with statement-service's token, even when they are down at first;
 * relays running at once never send one event twice.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = Receivers.class, restrictToAnnotatedClass = true)
class OutboxRelayTest extends CycleTestBase {

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxEventRepository outbox;

    @Override
    int cycles() {
        return 1;
    }

    /**
     * Events other test classes wrote (their relay is off) are not this test's to wait behind: they are marked
     * delivered, so the relay's passes here carry only what these tests write.
     */
    @BeforeEach
    void setAsideOtherTestsEvents() {
        QuarkusTransaction.requiringNew().run(() -> outbox.update("deliveredAt = ?1 where deliveredAt is null", Instant.now()));
    }

    private static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(condition.getAsBoolean()).as("within " + timeout).isTrue();
    }

    private long undelivered(String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> outbox.count("eventId = ?1 and deliveredAt is null", eventId));
    }

    @Test
    void statementReadyAndCreditReachTheirReceiversEvenWhenTheyAreDownAtFirst() throws InterruptedException {
        Receivers.down = true;
        try {
            usage.clearing().postTransaction(clearingRecord("clr-" + UUID.randomUUID(), null, member, card, 4_000, "店",
                    jst(cycle, 12, 0)).build());
            String authorization = Usage.newAuthorizationId();
            usage.cardControl().recordAuthorization(approval(authorization, member, card, 1_500, "店", jst(cycle, 13, 0)));
            usage.clearing().reverseAuthorization(ReverseAuthorizationRequest.newBuilder().setAuthorizationId(authorization).build());
            close(usage, cycle);
            Statement statement = statementOf(usage, member, cycle);
            usage.billing().recordPayment(RecordPaymentRequest.newBuilder().setPaymentId("pay-" + UUID.randomUUID())
                    .setStatementId(statement.getId()).setResult(PaymentResult.PAYMENT_RESULT_FAILED).build());
            usage.billing().recordPayment(RecordPaymentRequest.newBuilder().setPaymentId("pay-" + UUID.randomUUID())
                    .setStatementId(statement.getId()).setResult(PaymentResult.PAYMENT_RESULT_PAID).build());

            await(() -> Receivers.calls("READY", statement.getId()) >= 2 && Receivers.calls("PAID", statement.getId()) >= 2
                    && Receivers.calls("RELEASE", authorization) >= 2, Duration.ofSeconds(20));
            assertEquals(0, Receivers.accepted("READY", statement.getId()), "nothing is accepted while the receivers are down");
            assertThat(undelivered(statement.getId())).as("still waiting: ready, overdue, paid").isEqualTo(3);

            Receivers.down = false;
            await(() -> undelivered(statement.getId()) == 0 && undelivered(authorization) == 0, Duration.ofSeconds(20));

            assertEquals(1, Receivers.accepted("READY", statement.getId()));
            assertEquals(1, Receivers.accepted("OVERDUE", statement.getId()));
            assertEquals(1, Receivers.accepted("PAID", statement.getId()));
            assertEquals(1, Receivers.accepted("RELEASE", authorization));
            assertEquals(0, Receivers.callsWithoutToken.get(), "every delivery carries statement-service's bearer token");
        } finally {
            Receivers.down = false;
        }
    }

    @Test
    void closingAStatementAnnouncesItOnceThroughTheOutbox() throws Exception {
        // Twenty statements made at once, and three relays (besides the scheduled one) passing at the same time.
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String someone = dev.anshin.kit.testing.GrpcTestClient.newMemberId();
            members.add(someone);
            usage.clearing().postTransaction(clearingRecord("clr-" + UUID.randomUUID(), null, someone, card, 1_000 + i,
                    "店", jst(cycle, 12, 0)).build());
        }
        close(usage, cycle);
        close(usage, cycle);
        List<String> statements = members.stream().map(m -> statementOf(usage, m, cycle).getId()).toList();

        ExecutorService relays = Executors.newFixedThreadPool(3);
        try {
            List<Callable<Integer>> passes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                passes.add(relay::pass);
            }
            relays.invokeAll(passes);
        } finally {
            relays.shutdown();
        }
        await(() -> statements.stream().allMatch(id -> undelivered(id) == 0), Duration.ofSeconds(20));

        for (String id : statements) {
            assertEquals(1, Receivers.accepted("READY", id));
            assertEquals(1, Receivers.calls("READY", id), "sent once: no two relays sent the same event");
        }
    }
}
