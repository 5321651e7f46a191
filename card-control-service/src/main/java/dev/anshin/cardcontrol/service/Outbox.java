package dev.anshin.cardcontrol.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.google.protobuf.MessageLite;

import dev.anshin.cardcontrol.OutboxEvent;
import dev.anshin.cardcontrol.repository.OutboxEventRepository;

/** Writes outbox events; only ever inside the transaction of the change they announce. */
@ApplicationScoped
public class Outbox {

    private final OutboxEventRepository events;
    private final Clock clock;

    public Outbox(OutboxEventRepository events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    /** One receiver's request: which RPC of which service (the type), and its message. */
    public record Message(OutboxEvent.Type type, MessageLite request) {
    }

    /** Writes one event per message, all under the receivers' deduplication key {@code eventId}, due at once. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(String eventId, Message... messages) {
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
        events.insert(batch);
    }
}
