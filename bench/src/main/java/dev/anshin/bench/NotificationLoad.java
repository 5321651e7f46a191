package dev.anshin.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Timestamp;

import dev.anshin.api.common.v1.CardId;
import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.api.notification.v1.NotificationServiceGrpc;
import dev.anshin.api.notification.v1.NotifyUsageRequest;
import dev.anshin.api.notification.v1.NotifyUsagesRequest;
import dev.anshin.api.notification.v1.NotifyUsagesResponse;
import dev.anshin.api.notification.v1.UpdateContactDetailsRequest;
import dev.anshin.api.notification.v1.UsageCategory;
import io.grpc.ManagedChannel;

/**
 * What the notification benchmark and the delivery drill send: members with an e-mail address on file (set through
 * {@code UpdateContactDetails} with each member's own two-step token, as the app would), and usage notices through
 * {@code NotifyUsages} with card-control's token (role {@code card-control}), in batches as its outbox relay sends
 * them. Notice {@code n} is event {@code bench-<run>-n}, of member {@code n mod members}, at merchant
 * {@code Bench shop #n}: the e-mail's text names it, so the SMTP server can tell which notice each message is.
 */
final class NotificationLoad {

    static final String AUDIENCE = "notification-service";
    private static final UsageCategory[] CATEGORIES = {UsageCategory.USAGE_CATEGORY_DOMESTIC, UsageCategory.USAGE_CATEGORY_ONLINE,
            UsageCategory.USAGE_CATEGORY_OVERSEAS, UsageCategory.USAGE_CATEGORY_CASH};

    private final List<String> members;
    private final String run;
    private final NotificationServiceGrpc.NotificationServiceBlockingStub relay;
    private final Duration deadline;

    private NotificationLoad(List<String> members, String run, NotificationServiceGrpc.NotificationServiceBlockingStub relay,
            Duration deadline) {
        this.members = members;
        this.run = run;
        this.relay = relay;
        this.deadline = deadline;
    }

    /** {@code count} new members, each with {@code bench-member-<i>@bench.example} on file (no change announced: a first address). */
    static NotificationLoad prepare(ManagedChannel channel, BenchIssuer issuer, int count, Duration deadline) {
        List<String> members = new ArrayList<>(count);
        String prefix = "bench-" + Long.toString(System.nanoTime(), 36) + "-";
        for (int i = 0; i < count; i++) {
            String member = prefix + i;
            NotificationServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(Bearer.of(issuer.token(List.of(AUDIENCE), member, "member")))
                    .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .updateContactDetails(UpdateContactDetailsRequest.newBuilder().setEmail(member + "@bench.example").build());
            members.add(member);
        }
        var relay = NotificationServiceGrpc.newBlockingStub(channel)
                .withInterceptors(Bearer.of(issuer.token(List.of(AUDIENCE), "card-control", "card-control")));
        return new NotificationLoad(members, Long.toString(System.currentTimeMillis(), 36), relay, deadline);
    }

    /** The same members and notices (the same event ids) through another connection, e.g. to a restarted service. */
    NotificationLoad reconnect(ManagedChannel channel, BenchIssuer issuer) {
        var stub = NotificationServiceGrpc.newBlockingStub(channel)
                .withInterceptors(Bearer.of(issuer.token(List.of(AUDIENCE), "card-control", "card-control")));
        return new NotificationLoad(members, run, stub, deadline);
    }

    int members() {
        return members.size();
    }

    /** Sends notices {@code from} to {@code to - 1} in one call; returns how many the service answered OK. */
    int send(int from, int to) {
        NotifyUsagesRequest.Builder request = NotifyUsagesRequest.newBuilder();
        Instant now = Instant.now();
        Timestamp authorizedAt = Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
        for (int n = from; n < to; n++) {
            request.addItems(NotifyUsageRequest.newBuilder()
                    .setEventId("bench-" + run + "-" + n)
                    .setMemberId(MemberId.newBuilder().setValue(members.get(n % members.size())))
                    .setCardId(CardId.newBuilder().setValue("bench-card-" + (n % members.size())))
                    .setCardLast4(String.format("%04d", n % 10_000))
                    .setAmount(Yen.newBuilder().setAmount(1_000 + n % 9_000))
                    .setMerchantName(MailSink.MERCHANT_PREFIX + n)
                    .setCategory(CATEGORIES[n % CATEGORIES.length])
                    .setAuthorizedAt(authorizedAt));
        }
        NotifyUsagesResponse response = relay.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .notifyUsages(request.build());
        return (int) response.getResultsList().stream().filter(r -> r.getCode() == 0).count();
    }
}
