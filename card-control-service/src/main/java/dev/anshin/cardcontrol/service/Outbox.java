package dev.anshin.cardcontrol.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

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
            event.id = timeOrderedId(now);
            event.type = message.type();
            event.eventId = eventId;
            event.payload = message.request().toByteArray();
            event.createdAt = now;
            event.nextAttemptAt = now;
            batch.add(event);
        }
        return batch;
    }

    /**
     * A version 7 UUID (RFC 9562): the millisecond first, then 74 random bits. Its text sorts by time, so new events
     * are appended at the end of the outbox's primary key instead of landing on random pages of it: once the table
     * outgrows the database's buffer pool, random keys keep dirtying pages all over the index, each of which must be
     * flushed to make room (measured with {@code ./anshin bench}, see its README). Unique without coordination: two
     * ids of the same millisecond differ in 74 random bits. Not a secret, so not from a {@code SecureRandom}.
     */
    static String timeOrderedId(Instant at) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long mostSignificant = at.toEpochMilli() << 16 | 0x7000L | random.nextInt(1 << 12);
        long leastSignificant = random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L;
        return new UUID(mostSignificant, leastSignificant).toString();
    }
}
