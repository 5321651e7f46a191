package dev.anshin.cardcontrol.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.google.protobuf.InvalidProtocolBufferException;

import dev.anshin.api.common.v1.Yen;
import dev.anshin.api.notification.v1.NotifyUsageRequest;
import dev.anshin.api.notification.v1.StartUsageConfirmationRequest;
import dev.anshin.api.statement.v1.RecordAuthorizationRequest;
import dev.anshin.cardcontrol.OutboxEvent;

/** The events outbox rows hold, and the ids they are written under. */
class OutboxTest {

    private final Outbox outbox = new Outbox(Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void anApprovalIsOneEventCarryingTheStatementItemThenTheUsageNoticeReadBackAsWritten() throws Exception {
        RecordAuthorizationRequest item = RecordAuthorizationRequest.newBuilder().setAuthorizationId("auth-1")
                .setMerchantName("コンビニ 渋谷店").setAmount(Yen.newBuilder().setAmount(1_280)).build();
        NotifyUsageRequest notice = NotifyUsageRequest.newBuilder().setEventId("auth-1").setCardLast4("4242")
                .setMerchantName("x".repeat(300)).build();

        OutboxEvent event = outbox.event("auth-1", OutboxEvent.Type.APPROVAL, item, notice);
        OutboxEvent readBack = new OutboxEvent();
        readBack.type = event.type;
        readBack.payload = event.payload.clone();

        assertThat(event.eventId).isEqualTo("auth-1");
        assertThat(Outbox.requests(readBack)).containsExactly(item, notice);
    }

    @Test
    void anEventWithOneDeliveryHoldsItsRequestAsItIs() throws Exception {
        StartUsageConfirmationRequest confirmation = StartUsageConfirmationRequest.newBuilder().setEventId("auth-2").build();

        OutboxEvent event = outbox.event("auth-2", OutboxEvent.Type.NOTIFICATION_USAGE_CONFIRMATION, confirmation);

        assertThat(event.payload).isEqualTo(confirmation.toByteArray());
        assertThat(Outbox.requests(event)).containsExactly(confirmation);
    }

    @Test
    void anEventIsRefusedWithoutOneRequestPerDeliveryOfItsType() {
        NotifyUsageRequest notice = NotifyUsageRequest.newBuilder().setEventId("auth-3").build();

        assertThatThrownBy(() -> outbox.event("auth-3", OutboxEvent.Type.APPROVAL, notice))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPayloadHoldingMoreThanItsTypesRequestsIsNotReadHalfWay() {
        OutboxEvent event = outbox.event("auth-4", OutboxEvent.Type.APPROVAL,
                RecordAuthorizationRequest.newBuilder().setAuthorizationId("auth-4").build(),
                NotifyUsageRequest.newBuilder().setEventId("auth-4").build());
        OutboxEvent tampered = new OutboxEvent();
        tampered.type = OutboxEvent.Type.APPROVAL;
        tampered.payload = Arrays.copyOf(event.payload, event.payload.length + 2);
        tampered.payload[event.payload.length] = 0; // a third, empty request

        assertThatThrownBy(() -> Outbox.requests(tampered)).isInstanceOf(InvalidProtocolBufferException.class);
    }

    @Test
    void eventIdsAreVersion7UuidsWhoseTextSortsByTheirMillisecond() {
        Instant first = Instant.parse("2026-11-30T12:00:00.000Z");
        List<String> ids = new ArrayList<>();
        for (int millisecond = 0; millisecond < 50; millisecond++) {
            ids.add(Outbox.timeOrderedId(first.plusMillis(millisecond)));
        }

        assertThat(ids).isSorted();
        for (String id : ids) {
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(7);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(id).isEqualTo(uuid.toString());
        }
        assertThat(UUID.fromString(ids.get(0)).getMostSignificantBits() >>> 16).isEqualTo(first.toEpochMilli());
    }

    @Test
    void eventIdsOfTheSameMillisecondAreStillUnique() {
        Instant now = Instant.parse("2026-11-30T12:00:00.000Z");
        HashSet<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(Outbox.timeOrderedId(now));
        }

        assertThat(ids).hasSize(100_000);
    }
}
