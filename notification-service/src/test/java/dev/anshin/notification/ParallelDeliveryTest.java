package dev.anshin.notification;

import static dev.anshin.notification.NotificationTestSupport.attemptsOf;
import static dev.anshin.notification.NotificationTestSupport.deliveryOf;
import static dev.anshin.notification.NotificationTestSupport.mailTo;
import static dev.anshin.notification.NotificationTestSupport.newEmail;
import static dev.anshin.notification.NotificationTestSupport.newMemberWithEmail;
import static dev.anshin.notification.NotificationTestSupport.notificationsOf;
import static dev.anshin.notification.NotificationTestSupport.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import dev.anshin.api.notification.v1.NotifyUsageRequest;
import dev.anshin.api.notification.v1.NotifyUsagesRequest;
import dev.anshin.api.notification.v1.UsageCategory;
import dev.anshin.kit.testing.GrpcTestClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The relay as production runs it: several senders at once, the next batch claimed while the last is sent, outcomes
 * recorded together (group commit). The other tests send one at a time ({@code %test.anshin.delivery.senders=1}).
 */
@QuarkusTest
@TestProfile(ParallelDeliveryTest.SeveralSenders.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(GreenMailResource.class)
class ParallelDeliveryTest extends NotificationServiceTest {

    /** Four senders and batches of six: a pass of 30 claims five batches while earlier ones are still being sent. */
    public static class SeveralSenders implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("anshin.delivery.senders", "4", "anshin.delivery.batch-size", "6");
        }
    }

    @Test
    void sendersInParallelSendEachMessageOnceAndRecordEachAttemptOnce() throws MessagingException {
        List<String> emails = new ArrayList<>();
        List<String> reachable = new ArrayList<>();
        List<NotifyUsageRequest> usages = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String email = newEmail();
            String member = newMemberWithEmail(support, email);
            emails.add(email);
            reachable.add(member);
            usages.add(usage(member, 1_000 + i, UsageCategory.USAGE_CATEGORY_DOMESTIC));
        }
        // Members with no address on file: their deliveries fail for good in the same passes, recorded beside the sent.
        List<String> unreachable = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String member = GrpcTestClient.newMemberId();
            unreachable.add(member);
            usages.add(usage(member, 2_000 + i, UsageCategory.USAGE_CATEGORY_ONLINE));
        }
        support.cardControl().notifyUsages(NotifyUsagesRequest.newBuilder().addAllItems(usages).build());

        relay.deliverDue(Instant.now());

        for (int i = 0; i < reachable.size(); i++) {
            List<MimeMessage> mail = mailTo(emails.get(i));
            assertThat(mail).as("one e-mail to member %d", i).hasSize(1);
            Notification notice = notificationsOf(reachable.get(i)).get(0);
            assertEquals("<" + notice.id + "@notification.anshin.dev>", mail.get(0).getMessageID());
            assertEquals(DeliveryState.DELIVERED, notice.state, "recorded before the pass ended");
            Delivery delivery = deliveryOf(notice.id);
            assertEquals(Delivery.State.DELIVERED, delivery.state);
            assertEquals(1, delivery.attempts);
            assertThat(delivery.claimToken).isNull();
            assertThat(attemptsOf(delivery.id)).singleElement().satisfies(a -> assertThat(a.succeeded).isTrue());
        }
        for (String member : unreachable) {
            Notification notice = notificationsOf(member).get(0);
            assertEquals(DeliveryState.FAILED, notice.state);
            Delivery delivery = deliveryOf(notice.id);
            assertEquals(Delivery.State.DEAD, delivery.state);
            assertThat(attemptsOf(delivery.id)).singleElement().satisfies(a -> {
                assertThat(a.succeeded).isFalse();
                assertThat(a.error).isEqualTo("no e-mail address on file");
            });
        }

        // Nothing is left claimed or due: a second pass sends nothing again.
        relay.deliverDue(Instant.now());
        for (String email : emails) {
            assertThat(mailTo(email)).hasSize(1);
        }
    }
}
