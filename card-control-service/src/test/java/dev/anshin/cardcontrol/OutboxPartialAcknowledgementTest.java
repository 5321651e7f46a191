package dev.anshin.cardcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.CardBrand;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** Statements accept every approval at once; notifications refuse each usage notice three times first. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = FlakyReceivers.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "refused", value = "NOTIFICATION_USAGE") })
class OutboxPartialAcknowledgementTest extends CardTestSupport {

    @Test
    void aReceiverThatAcknowledgedAnApprovalIsNotAskedAgainWhileTheOtherIsRetried() throws InterruptedException {
        List<String> authorizationIds = approvedPurchases(CardControlClient.newMemberId(), CardBrand.CARD_BRAND_JCB, 3, 4_000);

        awaitDelivered(authorizationIds, Duration.ofSeconds(60), Duration.ofMillis(200));

        assertEquals(0, undeliveredEvents(authorizationIds), "delivered to both in the end");
        for (String id : authorizationIds) {
            String item = "STATEMENT_RECORD_AUTHORIZATION:" + id;
            String notice = "NOTIFICATION_USAGE:" + id;
            assertEquals(1, FlakyReceivers.attempts.get(item).get(), "the statement item is sent once, not with each retry");
            assertEquals(1, FlakyReceivers.accepted.get(item).get());
            assertEquals(FlakyReceivers.FAILURES_PER_EVENT + 1, FlakyReceivers.attempts.get(notice).get(),
                    "the usage notice is retried after each refusal: " + notice);
            assertEquals(1, FlakyReceivers.accepted.get(notice).get());
            assertEquals(FlakyReceivers.FAILURES_PER_EVENT, queryLong(
                    "SELECT attempts FROM outbox_event WHERE event_id = ?", id), "the refusals are recorded on the approval's event");
        }
    }
}
