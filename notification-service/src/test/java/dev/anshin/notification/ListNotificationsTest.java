package dev.anshin.notification;

import static dev.anshin.notification.NotificationTestSupport.newEmail;
import static dev.anshin.notification.NotificationTestSupport.newMemberWithEmail;
import static dev.anshin.notification.NotificationTestSupport.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.common.v1.PageRequest;
import dev.anshin.api.notification.v1.DeliveryState;
import dev.anshin.api.notification.v1.ListNotificationsRequest;
import dev.anshin.api.notification.v1.ListNotificationsResponse;
import dev.anshin.api.notification.v1.Notification;
import dev.anshin.api.notification.v1.NotificationKind;
import dev.anshin.api.notification.v1.NotifyUsagesRequest;
import dev.anshin.api.notification.v1.UsageCategory;
import dev.anshin.kit.testing.GrpcTestClient;
import dev.anshin.kit.testing.Tokens;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** A member's notification history, newest first, by cursor, with each one's delivery state. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(GreenMailResource.class)
class ListNotificationsTest extends NotificationServiceTest {

    private ListNotificationsResponse page(String token, ListNotificationsRequest.Builder request) {
        return support.as(token).listNotifications(request.build());
    }

    @Test
    void historyIsPagedNewestFirstWithoutRepeatsOrGapsAndShowsDeliveryState() {
        String member = newMemberWithEmail(support, newEmail());
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            var item = usage(member, 1_000 + i, UsageCategory.USAGE_CATEGORY_ONLINE);
            sent.add(item.getEventId());
            support.cardControl().notifyUsages(NotifyUsagesRequest.newBuilder().addItems(item).build());
        }
        relay.deliverDue(Instant.now());

        List<Notification> seen = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            var response = page(Tokens.member(member), ListNotificationsRequest.newBuilder()
                    .setPage(PageRequest.newBuilder().setPageSize(2).setPageToken(token)));
            assertThat(response.getNotificationsCount()).isLessThanOrEqualTo(2);
            seen.addAll(response.getNotificationsList());
            token = response.getPageInfo().getNextPageToken();
            pages++;
            if (pages == 1) {
                sleepPastTheSecond();
                // One arriving between two pages is not shown on later pages (they go back in time) and shifts nothing.
                support.cardControl().notifyUsages(NotifyUsagesRequest.newBuilder()
                        .addItems(usage(member, 9_999, UsageCategory.USAGE_CATEGORY_ONLINE)).build());
            }
        } while (!token.isEmpty());

        assertEquals(3, pages);
        assertThat(seen).extracting(Notification::getEventId).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sent);
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i - 1).getCreatedAt().getSeconds()).isGreaterThanOrEqualTo(seen.get(i).getCreatedAt().getSeconds());
        }
        assertThat(seen).allSatisfy(n -> {
            assertEquals(NotificationKind.NOTIFICATION_KIND_USAGE, n.getKind());
            assertEquals(DeliveryState.DELIVERY_STATE_DELIVERED, n.getState());
        });
    }

    @Test
    void anOperatorListsAMembersHistoryAndAMemberOnlyTheirOwn() {
        String member = newMemberWithEmail(support, newEmail());
        support.cardControl().notifyUsages(NotifyUsagesRequest.newBuilder()
                .addItems(usage(member, 700, UsageCategory.USAGE_CATEGORY_DOMESTIC)).build());

        var byOperator = page(Tokens.operator("operator-sato"), ListNotificationsRequest.newBuilder()
                .setMemberId(MemberId.newBuilder().setValue(member)));
        var stranger = GrpcTestClient.newMemberId();
        var someoneElses = assertThrows(StatusRuntimeException.class, () -> page(Tokens.member(stranger),
                ListNotificationsRequest.newBuilder().setMemberId(MemberId.newBuilder().setValue(member))));
        var operatorWithoutMember = assertThrows(StatusRuntimeException.class,
                () -> page(Tokens.operator("operator-sato"), ListNotificationsRequest.newBuilder()));

        assertEquals(1, byOperator.getNotificationsCount());
        assertEquals(DeliveryState.DELIVERY_STATE_QUEUED, byOperator.getNotifications(0).getState());
        assertEquals(Status.Code.INVALID_ARGUMENT, someoneElses.getStatus().getCode());
        assertEquals(Status.Code.INVALID_ARGUMENT, operatorWithoutMember.getStatus().getCode());
    }

    @Test
    void aBadPageIsRefused() {
        String member = GrpcTestClient.newMemberId();
        String other = GrpcTestClient.newMemberId();
        support.cardControl().notifyUsages(NotifyUsagesRequest.newBuilder()
                .addItems(usage(other, 700, UsageCategory.USAGE_CATEGORY_DOMESTIC))
                .addItems(usage(other, 800, UsageCategory.USAGE_CATEGORY_DOMESTIC)).build());
        String othersToken = page(Tokens.member(other), ListNotificationsRequest.newBuilder()
                .setPage(PageRequest.newBuilder().setPageSize(1))).getPageInfo().getNextPageToken();

        for (PageRequest bad : List.of(PageRequest.newBuilder().setPageSize(101).build(),
                PageRequest.newBuilder().setPageSize(-1).build(),
                PageRequest.newBuilder().setPageToken("not-a-token").build(),
                PageRequest.newBuilder().setPageToken(othersToken).build())) {
            var refused = assertThrows(StatusRuntimeException.class,
                    () -> page(Tokens.member(member), ListNotificationsRequest.newBuilder().setPage(bad)));
            assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode(), bad.toString());
        }
    }

    /** Creation times are compared to the second on some servers: the late arrival must be visibly later. */
    private static void sleepPastTheSecond() {
        try {
            Thread.sleep(1_100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
