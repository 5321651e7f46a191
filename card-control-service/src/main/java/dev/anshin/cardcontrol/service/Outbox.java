package dev.anshin.cardcontrol.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.protobuf.MessageLite;

import dev.anshin.cardcontrol.OutboxEvent;

/**
 * Builds outbox events: one per receiver's request, all under the receivers' deduplication key. They are written in the
 * transaction of the change they announce ({@link dev.anshin.cardcontrol.repository.DecisionLedger.Tx#insertOutbox}).
 */
@ApplicationScoped
public class Outbox {

    private final Clock clock;

    public Outbox(Clock clock) {
        this.clock = clock;
    }

    /** One receiver's request: which RPC of which service (the type), and its message. */
    public record Message(OutboxEvent.Type type, MessageLite request) {
    }

    /** One event per message, all under the receivers' deduplication key {@code eventId}, due at once. */
    public List<OutboxEvent> events(String eventId, Message... messages) {
        Instant now = clock.instant();
        List<OutboxEvent> batch = new ArrayList<>(messages.length);
        for (Message message : messages) {
            OutboxEvent event = new OutboxEvent();
            event.id = UUID.randomUUID().toString();
            event.type = message.type();
            event.eventId = eventId;
            event.payload = message.request().toByteArray();
            event.createdAt = now;
            event.nextAttemptAt = now;
            batch.add(event);
        }
        return batch;
    }
}
