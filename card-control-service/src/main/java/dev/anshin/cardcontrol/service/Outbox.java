package dev.anshin.cardcontrol.service;

import java.time.Clock;
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

    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(OutboxEvent.Type type, String eventId, MessageLite request) {
        OutboxEvent event = new OutboxEvent();
        event.id = UUID.randomUUID().toString();
        event.type = type;
        event.eventId = eventId;
        event.payload = request.toByteArray();
        event.createdAt = clock.instant();
        event.nextAttemptAt = event.createdAt;
        events.persist(event);
    }
}
