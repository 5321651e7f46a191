package dev.anshin.statement;

import static dev.anshin.statement.Usage.approval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.anshin.api.statement.v1.GetTransactionRequest;
import dev.anshin.api.statement.v1.ListTransactionsRequest;
import dev.anshin.api.statement.v1.ReverseAuthorizationRequest;
import dev.anshin.api.statement.v1.Transaction;
import dev.anshin.kit.testing.GrpcTestClient;
import dev.anshin.statement.config.StatementConfig;
import dev.anshin.statement.service.AuthorizationExpiry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Authorizations never cleared expire after the configured number of days (30 by default): the job's method, run
 * here directly (its schedule is off in tests).
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class AuthorizationExpiryTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TestHTTPResource("/")
    URI baseUri;

    @Inject
    AuthorizationExpiry expiry;

    @Inject
    StatementConfig config;

    Usage usage;
    String member;
    String card;

    @BeforeEach
    void connect() {
        usage = new Usage(baseUri);
        member = GrpcTestClient.newMemberId();
        card = Usage.newCardId();
    }

    @AfterEach
    void disconnect() {
        usage.close();
    }

    @Test
    void thirtyDaysIsTheDefault() {
        assertEquals(30, config.authorizationExpiry().days());
    }

    @Test
    void aPendingAuthorizationExpiresOnceThirtyDaysHavePassedAndItsCreditIsDueBack() {
        String overdue = approved(NOW.minus(Duration.ofDays(30)).minusSeconds(60));
        String notYet = approved(NOW.minus(Duration.ofDays(30)).plusSeconds(600));
        String recent = approved(NOW.minus(Duration.ofDays(2)));

        expiry.expire();

        assertEquals(TransactionStatus.EXPIRED, Usage.stored(overdue).orElseThrow().status);
        assertEquals(TransactionStatus.PENDING, Usage.stored(notYet).orElseThrow().status);
        assertEquals(TransactionStatus.PENDING, Usage.stored(recent).orElseThrow().status);
        var release = Usage.release(overdue).orElseThrow();
        assertEquals(ReleaseReason.EXPIRED, release.reason);
        assertThat(release.releasedAt).isAfterOrEqualTo(NOW);
        assertThat(Usage.release(notYet)).isEmpty();
    }

    @Test
    void anExpiredItemLeavesTheListAndIsStillShownAsExpiredByItself() {
        String expired = approved(NOW.minus(Duration.ofDays(45)));
        String pending = approved(NOW.minusSeconds(60));

        expiry.expire();

        var listed = usage.member(member).listTransactions(ListTransactionsRequest.getDefaultInstance()).getTransactionsList();
        assertThat(listed).extracting(Transaction::getId).containsExactly(Usage.stored(pending).orElseThrow().id);
        var item = usage.member(member).getTransaction(GetTransactionRequest.newBuilder()
                .setTransactionId(Usage.stored(expired).orElseThrow().id).build()).getTransaction();
        assertEquals(dev.anshin.api.statement.v1.TransactionStatus.TRANSACTION_STATUS_EXPIRED, item.getStatus());
    }

    @Test
    void postedAndReversedAuthorizationsNeverExpire() {
        String posted = approved(NOW.minus(Duration.ofDays(60)));
        usage.clearing().postTransaction(Usage.clearingRecord("clr-" + posted, posted, member, card, 1_000, "店",
                NOW.minus(Duration.ofDays(60))).build());
        String reversed = approved(NOW.minus(Duration.ofDays(60)));
        usage.clearing().reverseAuthorization(ReverseAuthorizationRequest.newBuilder().setAuthorizationId(reversed).build());

        expiry.expire();

        assertEquals(TransactionStatus.POSTED, Usage.stored(posted).orElseThrow().status);
        assertEquals(TransactionStatus.REVERSED, Usage.stored(reversed).orElseThrow().status);
        assertThat(Usage.release(posted)).isEmpty();
        assertEquals(ReleaseReason.REVERSED, Usage.release(reversed).orElseThrow().reason);
    }

    @Test
    void runningTheExpiryAgainChangesNothingMore() {
        String expired = approved(NOW.minus(Duration.ofDays(31)));
        expiry.expire();
        var release = Usage.release(expired).orElseThrow();

        long again = expiry.expire();

        assertEquals(0, again);
        assertEquals(TransactionStatus.EXPIRED, Usage.stored(expired).orElseThrow().status);
        assertEquals(release.releasedAt, Usage.release(expired).orElseThrow().releasedAt);
    }

    @Test
    void moreDueThanOneBatchAllExpireInOneRun() {
        int count = config.authorizationExpiry().batchSize() + 7;
        List<String> authorizations = new ArrayList<>();
        var batch = dev.anshin.api.statement.v1.RecordAuthorizationsRequest.newBuilder();
        for (int i = 0; i < count; i++) {
            String authorization = Usage.newAuthorizationId();
            authorizations.add(authorization);
            batch.addItems(approval(authorization, member, card, 100 + i, "店", NOW.minus(Duration.ofDays(31)).minusSeconds(i)));
            if (batch.getItemsCount() == 500 || i == count - 1) {
                usage.cardControl().recordAuthorizations(batch.build());
                batch.clearItems();
            }
        }

        expiry.expire();

        for (String authorization : authorizations) {
            assertEquals(TransactionStatus.EXPIRED, Usage.stored(authorization).orElseThrow().status);
        }
    }

    private String approved(Instant at) {
        String authorization = Usage.newAuthorizationId();
        usage.cardControl().recordAuthorization(approval(authorization, member, card, 1_000, "店", at));
        return authorization;
    }
}
