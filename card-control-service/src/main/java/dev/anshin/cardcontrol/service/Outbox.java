package dev.anshin.cardcontrol.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;

import dev.anshin.api.notification.v1.NotifyAuthenticationChallengeRequest;
import dev.anshin.api.notification.v1.NotifyCardStatusChangeRequest;
import dev.anshin.api.notification.v1.NotifyUsageRequest;
import dev.anshin.api.notification.v1.SendAuthenticationCodeRequest;
import dev.anshin.api.notification.v1.StartUsageConfirmationRequest;
import dev.anshin.api.statement.v1.RecordAuthorizationRequest;

import dev.anshin.cardcontrol.OutboxEvent;

/**
 * Builds outbox events: one per announced change, carrying each receiver's request, under the receivers'
 * deduplication key. They are written in the transaction of the change they announce
 * ({@link dev.anshin.cardcontrol.repository.OutboxLedger#insert}).
 */
@ApplicationScoped
public class Outbox {

    private final Clock clock;

    public Outbox(Clock clock) {
        this.clock = clock;
    }

    /**
     * One event of {@code type}, due at once, under the receivers' deduplication key {@code eventId}: one request per
     * delivery of the type, in the type's order. The event keeps the requests as built, so a relay handed the event in
     * memory sends them without reading the payload back.
     */
    public OutboxEvent event(String eventId, OutboxEvent.Type type, MessageLite... requests) {
        if (requests.length != type.deliveries.size()) {
            throw new IllegalArgumentException(type + " takes " + type.deliveries.size() + " requests, not " + requests.length);
        }
        Instant now = clock.instant();
        OutboxEvent event = new OutboxEvent();
        event.id = timeOrderedId(now);
        event.type = type;
        event.eventId = eventId;
        event.requests = List.of(requests);
        event.payload = payload(event.requests);
        event.createdAt = now;
        event.nextAttemptAt = now;
        return event;
    }

    /** One request as it is; several each length-delimited, one after the other ({@link OutboxEvent}). */
    static byte[] payload(List<MessageLite> requests) {
        if (requests.size() == 1) {
            return requests.get(0).toByteArray();
        }
        ByteArrayOutputStream payload = new ByteArrayOutputStream(requests.stream().mapToInt(r -> r.getSerializedSize() + 2).sum());
        try {
            for (MessageLite request : requests) {
                request.writeDelimitedTo(payload);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return payload.toByteArray();
    }

    /**
     * The requests an event's payload holds, read with each delivery's parser in the type's order. An event written
     * by this service is always readable; anything else is refused rather than half read.
     */
    public static List<MessageLite> requests(OutboxEvent event) throws InvalidProtocolBufferException {
        List<OutboxEvent.Delivery> deliveries = event.type.deliveries;
        if (deliveries.size() == 1) {
            return List.of(parser(deliveries.get(0)).parseFrom(event.payload));
        }
        CodedInputStream payload = CodedInputStream.newInstance(event.payload);
        List<MessageLite> requests = new ArrayList<>(deliveries.size());
        try {
            for (OutboxEvent.Delivery delivery : deliveries) {
                requests.add(parser(delivery).parseFrom(payload.readByteArray()));
            }
            if (!payload.isAtEnd()) {
                throw new InvalidProtocolBufferException("payload has more than " + deliveries.size() + " requests");
            }
        } catch (InvalidProtocolBufferException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidProtocolBufferException(e);
        }
        return requests;
    }

    private static Parser<? extends MessageLite> parser(OutboxEvent.Delivery delivery) {
        return switch (delivery) {
            case STATEMENT_RECORD_AUTHORIZATION -> RecordAuthorizationRequest.parser();
            case NOTIFICATION_USAGE -> NotifyUsageRequest.parser();
            case NOTIFICATION_USAGE_CONFIRMATION -> StartUsageConfirmationRequest.parser();
            case NOTIFICATION_CARD_STATUS -> NotifyCardStatusChangeRequest.parser();
            case NOTIFICATION_AUTHENTICATION_CODE -> SendAuthenticationCodeRequest.parser();
            case NOTIFICATION_AUTHENTICATION_CHALLENGE -> NotifyAuthenticationChallengeRequest.parser();
        };
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
