package dev.anshin.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.anshin.kit.testing.GrpcTestClient;
import dev.anshin.statement.repository.AuthorizationReleaseRepository;
import dev.anshin.statement.repository.CardTransactionRepository;
import dev.anshin.statement.repository.StatementRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** The schema on the real MariaDB: every entity round-trips, and the tables' own rules hold. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class StatementSchemaTest {

    // MariaDB seen through mysql-connector-j drops fractional seconds: compare whole seconds only.
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Instant USED_AT = Instant.parse("2025-04-10T14:59:59Z"); // 23:59:59 JST on the 10th

    @Inject
    CardTransactionRepository transactions;

    @Inject
    StatementRepository statements;

    @Inject
    AuthorizationReleaseRepository releases;

    @Test
    void aPendingAuthorizationIsPostedInPlaceWhenItClears() {
        String member = GrpcTestClient.newMemberId();
        String authorization = "auth-" + UUID.randomUUID();
        String clearing = "clr-" + UUID.randomUUID();
        String id = QuarkusTransaction.requiringNew().call(() -> {
            var pending = pending(member, authorization);
            transactions.persist(pending);
            return pending.id;
        });

        var recorded = QuarkusTransaction.requiringNew().call(() -> transactions.findByAuthorizationId(authorization))
                .orElseThrow();
        assertEquals(id, recorded.id);
        assertEquals(TransactionStatus.PENDING, recorded.status);
        assertEquals(PaymentMethod.LUMP_SUM, recorded.paymentMethod);
        assertEquals("VISA", recorded.cardBrand);
        assertEquals("4242", recorded.cardLast4);
        assertEquals("セブン-イレブン 新宿店", recorded.merchantName);
        assertEquals(12_800, recorded.amount);
        assertEquals(USED_AT, recorded.usedAt);
        assertThat(recorded.postedAt).isNull();
        assertThat(recorded.clearingId).isNull();

        QuarkusTransaction.requiringNew().run(() -> {
            var item = transactions.findById(id);
            item.status = TransactionStatus.POSTED;
            item.clearingId = clearing;
            item.postedAt = NOW;
            item.paymentMethod = PaymentMethod.INSTALLMENTS;
            item.installmentCount = 3;
        });

        var posted = QuarkusTransaction.requiringNew().call(() -> transactions.findByClearingId(clearing)).orElseThrow();
        assertEquals(id, posted.id);
        assertEquals(authorization, posted.authorizationId);
        assertEquals(TransactionStatus.POSTED, posted.status);
        assertEquals(PaymentMethod.INSTALLMENTS, posted.paymentMethod);
        assertEquals(3, posted.installmentCount);
        assertEquals(NOW, posted.postedAt);
        assertEquals(member, posted.memberId);
    }

    @Test
    void anAuthorizationIsRecordedOnlyOnce() {
        String member = GrpcTestClient.newMemberId();
        String authorization = "auth-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> transactions.persist(pending(member, authorization)));

        var failure = assertThrows(RuntimeException.class, () -> QuarkusTransaction.requiringNew()
                .run(() -> transactions.persistAndFlush(pending(member, authorization))));

        assertThat(databaseRefusal(failure)).containsIgnoringCase("uk_card_transaction_authorization");
    }

    @Test
    void aClearingRecordIsPostedOnlyOnceWhilePurchasesWithoutAnAuthorizationCoexist() {
        String member = GrpcTestClient.newMemberId();
        String clearing = "clr-" + UUID.randomUUID();
        // Two purchases cleared without an authorization: no authorization id, and no conflict between them.
        QuarkusTransaction.requiringNew().run(() -> {
            transactions.persist(posted(member, clearing));
            transactions.persist(posted(member, "clr-" + UUID.randomUUID()));
        });

        var failure = assertThrows(RuntimeException.class, () -> QuarkusTransaction.requiringNew()
                .run(() -> transactions.persistAndFlush(posted(member, clearing))));

        assertThat(databaseRefusal(failure)).containsIgnoringCase("uk_card_transaction_clearing");
        assertEquals(2, QuarkusTransaction.requiringNew().call(() -> transactions.count("memberId", member)));
    }

    @Test
    void instalmentsNeedACountOfAtLeastTwoAndOtherMethodsNone() {
        String member = GrpcTestClient.newMemberId();
        var noCount = posted(member, "clr-" + UUID.randomUUID());
        noCount.paymentMethod = PaymentMethod.INSTALLMENTS;
        var one = posted(member, "clr-" + UUID.randomUUID());
        one.paymentMethod = PaymentMethod.INSTALLMENTS;
        one.installmentCount = 1;
        var lumpSumWithCount = posted(member, "clr-" + UUID.randomUUID());
        lumpSumWithCount.installmentCount = 2;

        for (var refused : new CardTransaction[] { noCount, one, lumpSumWithCount }) {
            var failure = assertThrows(RuntimeException.class,
                    () -> QuarkusTransaction.requiringNew().run(() -> transactions.persistAndFlush(refused)));

            assertThat(databaseRefusal(failure)).containsIgnoringCase("ck_card_transaction_installments");
        }
    }

    @Test
    void aPendingItemHasNoClearingRecordAndAPostedItemHasOne() {
        String member = GrpcTestClient.newMemberId();
        var pendingWithClearing = pending(member, "auth-" + UUID.randomUUID());
        pendingWithClearing.clearingId = "clr-" + UUID.randomUUID();
        var postedWithoutClearing = posted(member, null);

        for (var refused : new CardTransaction[] { pendingWithClearing, postedWithoutClearing }) {
            var failure = assertThrows(RuntimeException.class,
                    () -> QuarkusTransaction.requiringNew().run(() -> transactions.persistAndFlush(refused)));

            assertThat(databaseRefusal(failure)).containsIgnoringCase("ck_card_transaction_posted");
        }
    }

    @Test
    void anItemThatNeverClearedComesFromAnAuthorizationAndHasNoClearingRecord() {
        String member = GrpcTestClient.newMemberId();
        var reversedWithoutAuthorization = pending(member, null);
        reversedWithoutAuthorization.status = TransactionStatus.REVERSED;
        var expiredWithClearing = pending(member, "auth-" + UUID.randomUUID());
        expiredWithClearing.status = TransactionStatus.EXPIRED;
        expiredWithClearing.clearingId = "clr-" + UUID.randomUUID();

        for (var refused : new CardTransaction[] { reversedWithoutAuthorization, expiredWithClearing }) {
            var failure = assertThrows(RuntimeException.class,
                    () -> QuarkusTransaction.requiringNew().run(() -> transactions.persistAndFlush(refused)));

            assertThat(databaseRefusal(failure)).containsIgnoringCase("ck_card_transaction_posted");
        }
    }

    @Test
    void anAuthorizedAmountIsPositiveWhenKnown() {
        var item = pending(GrpcTestClient.newMemberId(), "auth-" + UUID.randomUUID());
        item.authorizedAmount = 0L;

        var failure = assertThrows(RuntimeException.class,
                () -> QuarkusTransaction.requiringNew().run(() -> transactions.persistAndFlush(item)));

        assertThat(databaseRefusal(failure)).containsIgnoringCase("ck_card_transaction_authorized_amount");
    }

    @Test
    void anAuthorizationIsReleasedOnlyOnce() {
        String authorization = "auth-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> releases.persist(
                AuthorizationRelease.of(authorization, ReleaseReason.REVERSED, USED_AT, NOW)));

        var failure = assertThrows(RuntimeException.class, () -> QuarkusTransaction.requiringNew().run(() -> releases
                .persistAndFlush(AuthorizationRelease.of(authorization, ReleaseReason.EXPIRED, NOW, NOW))));

        assertThat(databaseRefusal(failure)).containsIgnoringCase("PRIMARY");
        var kept = QuarkusTransaction.requiringNew().call(() -> releases.findById(authorization));
        assertEquals(ReleaseReason.REVERSED, kept.reason);
        assertEquals(USED_AT, kept.releasedAt);
    }

    @Test
    void aNonPositiveAmountIsRefusedByTheDatabase() {
        var free = pending(GrpcTestClient.newMemberId(), "auth-" + UUID.randomUUID());
        free.amount = 0;

        var failure = assertThrows(RuntimeException.class,
                () -> QuarkusTransaction.requiringNew().run(() -> transactions.persistAndFlush(free)));

        assertThat(databaseRefusal(failure)).containsIgnoringCase("ck_card_transaction_amount");
    }

    @Test
    void aStatementKeepsItsTokyoDatesAndTotals() {
        String member = GrpcTestClient.newMemberId();
        LocalDate closing = LocalDate.of(2025, 4, 10);
        String id = QuarkusTransaction.requiringNew().call(() -> {
            // The 4th is a Sunday and the 5th and 6th are public holidays: the debit moves to Wednesday the 7th.
            var statement = statement(member, closing, LocalDate.of(2025, 5, 7));
            statements.persist(statement);
            return statement.id;
        });

        var stored = QuarkusTransaction.requiringNew().call(() -> statements.findByMemberAndClosingDate(member, closing))
                .orElseThrow();

        assertEquals(id, stored.id);
        assertEquals(closing, stored.closingDate);
        assertEquals(LocalDate.of(2025, 5, 7), stored.paymentDate);
        assertEquals(98_000, stored.principalTotal);
        assertEquals(1_225, stored.feeTotal);
        assertEquals(99_225, stored.total());
        assertEquals(NOW, stored.createdAt);
    }

    @Test
    void aCycleIsBilledOncePerMember() {
        String member = GrpcTestClient.newMemberId();
        LocalDate closing = LocalDate.of(2025, 6, 10);
        QuarkusTransaction.requiringNew().run(() -> statements.persist(statement(member, closing, LocalDate.of(2025, 7, 4))));

        var failure = assertThrows(RuntimeException.class, () -> QuarkusTransaction.requiringNew()
                .run(() -> statements.persistAndFlush(statement(member, closing, LocalDate.of(2025, 7, 4)))));

        assertThat(databaseRefusal(failure)).containsIgnoringCase("uk_statement_member_closing");
        // Another member's statement of the same cycle is no conflict.
        QuarkusTransaction.requiringNew().run(() -> statements.persist(
                statement(GrpcTestClient.newMemberId(), closing, LocalDate.of(2025, 7, 4))));
    }

    @Test
    void aStatementClosesOnThe10thAndIsPaidAfterItCloses() {
        String member = GrpcTestClient.newMemberId();
        var onThe11th = statement(member, LocalDate.of(2025, 4, 11), LocalDate.of(2025, 5, 7));
        var paidBeforeClosing = statement(member, LocalDate.of(2025, 8, 10), LocalDate.of(2025, 8, 4));

        var closing = assertThrows(RuntimeException.class,
                () -> QuarkusTransaction.requiringNew().run(() -> statements.persistAndFlush(onThe11th)));
        var payment = assertThrows(RuntimeException.class,
                () -> QuarkusTransaction.requiringNew().run(() -> statements.persistAndFlush(paidBeforeClosing)));

        assertThat(databaseRefusal(closing)).containsIgnoringCase("ck_statement_closing_day");
        assertThat(databaseRefusal(payment)).containsIgnoringCase("ck_statement_payment_after_closing");
    }

    private static CardTransaction pending(String member, String authorizationId) {
        var item = new CardTransaction();
        item.id = UUID.randomUUID().toString();
        item.memberId = member;
        item.cardId = UUID.randomUUID().toString();
        item.cardBrand = "VISA";
        item.cardLast4 = "4242";
        item.merchantName = "セブン-イレブン 新宿店";
        item.amount = 12_800;
        item.paymentMethod = PaymentMethod.LUMP_SUM;
        item.status = TransactionStatus.PENDING;
        item.authorizationId = authorizationId;
        item.usedAt = USED_AT;
        item.createdAt = NOW;
        return item;
    }

    private static CardTransaction posted(String member, String clearingId) {
        var item = pending(member, null);
        item.status = TransactionStatus.POSTED;
        item.clearingId = clearingId;
        item.postedAt = NOW;
        return item;
    }

    private static Statement statement(String member, LocalDate closing, LocalDate payment) {
        var statement = new Statement();
        statement.id = UUID.randomUUID().toString();
        statement.memberId = member;
        statement.closingDate = closing;
        statement.paymentDate = payment;
        statement.principalTotal = 98_000;
        statement.feeTotal = 1_225;
        statement.createdAt = NOW;
        return statement;
    }

    /** The database's own refusal message (it names the violated constraint). */
    private static String databaseRefusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                return t.getMessage();
            }
        }
        throw new AssertionError("expected the database to refuse the write", failure);
    }
}
