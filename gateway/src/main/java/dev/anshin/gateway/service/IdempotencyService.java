package dev.anshin.gateway.service;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.anshin.gateway.IdempotencyRecord;
import dev.anshin.gateway.config.IdempotencyConfig;
import dev.anshin.gateway.problem.ProblemException;
import dev.anshin.gateway.repository.IdempotencyRecordRepository;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

/**
 * The rules of {@code Idempotency-Key} on POST routes (draft-ietf-httpapi-idempotency-key-header):
 * <ul>
 * <li>the first request with a key claims it (a row IN_PROGRESS, committed before card-control is called), runs, and
 * stores its response; a retry with the same key, method, path and body gets that response again, card-control is not
 * called;</li>
 * <li>the same key with another body or route: 422 {@code IDEMPOTENCY_KEY_REUSED}; while the first request still
 * runs: 409 {@code IDEMPOTENCY_REQUEST_IN_PROGRESS};</li>
 * <li>only definitive answers are remembered: successes and card-control's refusals about the card (404, 409, 412,
 * 400). Outages, timeouts, rate limits, concurrent-change aborts and sign-in failures release the key, so a retry runs
 * again;</li>
 * <li>keys are remembered for {@code anshin.gateway.idempotency.retention} (at least 24 hours), then purged.</li>
 * </ul>
 * HTTP stays in the REST layer ({@code rest/IdempotentPosts}): responses come and go as {@link RecordedResponse}.
 */
@ApplicationScoped
public class IdempotencyService {

    static final int MAX_BODY_CHARS = 8000;
    static final int MAX_HEADERS_CHARS = 2000;
    /** Headers of a response that a replay must carry as well, besides {@code Content-Type}. */
    static final List<String> REPLAYED_HEADERS = List.of("Location", "ETag", "Cache-Control", "Pragma", "Retry-After");
    static final String CONTENT_TYPE = "Content-Type";
    /** A response without a Content-Type (none of the routes' today) is replayed as JSON, as the routes answer. */
    static final String DEFAULT_CONTENT_TYPE = "application/json";
    /** Marks an answer that is a replay of the first one. */
    public static final String REPLAYED = "Idempotent-Replayed";

    private static final Logger LOG = Logger.getLogger(IdempotencyService.class);
    private static final TypeReference<LinkedHashMap<String, String>> HEADER_MAP = new TypeReference<>() {
    };

    private final IdempotencyRecordRepository records;
    private final IdempotencyConfig config;
    private final ObjectMapper json;
    private final Clock clock;

    public IdempotencyService(IdempotencyRecordRepository records, IdempotencyConfig config, ObjectMapper json, Clock clock) {
        this.records = records;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    void refuseShortRetention(@Observes StartupEvent start) {
        if (config.retention().compareTo(IdempotencyConfig.MINIMUM_RETENTION) < 0) {
            throw new IllegalStateException("anshin.gateway.idempotency.retention is " + config.retention()
                    + "; clients are promised at least " + IdempotencyConfig.MINIMUM_RETENTION);
        }
    }

    /**
     * Runs {@code action} once for the member's key, or answers what its first run answered. A definitive refusal of
     * the service behind (a {@link StatusRuntimeException}) is answered as {@code refusal} says, so that it can be
     * remembered; any other failure is thrown on, and the key is free again.
     */
    public RecordedResponse execute(IdempotentRequest request, Supplier<RecordedResponse> action,
            Function<StatusRuntimeException, RecordedResponse> refusal) {
        Claim claim = claim(request);
        if (claim.replay() != null) {
            return claim.replay();
        }
        RecordedResponse response;
        try {
            response = action.get();
        } catch (StatusRuntimeException e) {
            if (!definitive(e.getStatus().getCode())) {
                release(claim);
                throw e;
            }
            response = refusal.apply(e);
        } catch (RuntimeException | Error e) {
            release(claim);
            throw e;
        }
        return complete(claim, response);
    }

    /** Deletes expired keys; returns how many. */
    public long purgeExpired() {
        return QuarkusTransaction.requiringNew().call(() -> records.deleteExpired(clock.instant()));
    }

    /** An answer that will not change when asked again, so a retry with the key must get it too. */
    private static boolean definitive(Status.Code code) {
        return switch (code) {
            case NOT_FOUND, FAILED_PRECONDITION, INVALID_ARGUMENT, ALREADY_EXISTS, OUT_OF_RANGE -> true;
            default -> false;
        };
    }

    private static boolean remembered(int status) {
        return status < 500 && status != 401 && status != 403 && status != 408 && status != 429;
    }

    private record Claim(String recordId, String claimId, RecordedResponse replay) {
    }

    private Claim claim(IdempotentRequest request) {
        // Two requests racing for a new key: one insert wins, the other reads the winner's row on its next attempt.
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                Claim claim = QuarkusTransaction.requiringNew().call(() -> claimOnce(request));
                if (claim != null) {
                    return claim;
                }
            } catch (RuntimeException e) {
                if (!duplicateKey(e)) {
                    throw e;
                }
            }
        }
        throw inProgress();
    }

    /** The claim, a replay, a refusal, or null when the row changed under us (try again). */
    private Claim claimOnce(IdempotentRequest request) {
        Instant now = clock.instant();
        String id = request.recordId();
        if (records.findById(id) == null) {
            IdempotencyRecord record = new IdempotencyRecord();
            record.id = id;
            record.memberId = request.memberId();
            record.idempotencyKey = request.key();
            record.createdAt = now;
            Claim claim = take(record, request, now);
            records.persistAndFlush(record);
            return claim;
        }
        IdempotencyRecord record = records.findForUpdate(id).orElse(null);
        if (record == null) {
            return null;
        }
        boolean expired = !record.expiresAt.isAfter(now);
        boolean abandoned = record.state == IdempotencyRecord.State.IN_PROGRESS
                && record.updatedAt.isBefore(now.minus(config.inProgressTimeout()));
        if (expired || abandoned) {
            record.createdAt = now;
            return take(record, request, now);
        }
        if (!record.requestFingerprint.equals(request.fingerprint())) {
            throw new ProblemException(422, "Idempotency-Key reused",
                    "This Idempotency-Key was already used for another request (another route or body). "
                            + "Use a new key for a new request.",
                    "idempotency-key-reused");
        }
        if (record.state == IdempotencyRecord.State.IN_PROGRESS) {
            throw inProgress();
        }
        return new Claim(id, null, replay(record));
    }

    private Claim take(IdempotencyRecord record, IdempotentRequest request, Instant now) {
        record.requestFingerprint = request.fingerprint();
        record.state = IdempotencyRecord.State.IN_PROGRESS;
        record.claimId = UUID.randomUUID().toString();
        record.responseStatus = null;
        record.responseHeaders = null;
        record.responseBody = null;
        record.updatedAt = now;
        record.expiresAt = now.plus(config.retention());
        return new Claim(record.id, record.claimId, null);
    }

    private static ProblemException inProgress() {
        return new ProblemException(409, "Request in progress",
                "A request with this Idempotency-Key is still being processed; retry shortly with the same key.",
                "idempotency-request-in-progress");
    }

    /** Stores the response for replays (when it is worth remembering) and answers it as stored. */
    private RecordedResponse complete(Claim claim, RecordedResponse response) {
        if (!remembered(response.status())) {
            release(claim);
            return response;
        }
        String body = response.body();
        String headers;
        try {
            headers = json.writeValueAsString(replayedHeaders(response));
        } catch (JsonProcessingException e) {
            release(claim);
            throw new IllegalStateException("response headers not serializable", e);
        }
        if (body.length() > MAX_BODY_CHARS || headers.length() > MAX_HEADERS_CHARS) {
            LOG.warnf("response of %d characters not kept for Idempotency-Key replays", body.length());
            release(claim);
            return response;
        }
        IdempotencyRecord stored = QuarkusTransaction.requiringNew().call(() -> {
            IdempotencyRecord record = records.findForUpdate(claim.recordId()).orElse(null);
            if (record == null || !claim.claimId().equals(record.claimId)) {
                return null; // taken over after a timeout: that request's outcome is the one remembered
            }
            record.state = IdempotencyRecord.State.COMPLETED;
            record.responseStatus = response.status();
            record.responseHeaders = headers;
            record.responseBody = body;
            record.updatedAt = clock.instant();
            return record;
        });
        if (stored == null) {
            return response;
        }
        return rebuild(stored, Map.of());
    }

    private void release(Claim claim) {
        try {
            QuarkusTransaction.requiringNew().run(() -> records.findForUpdate(claim.recordId())
                    .filter(record -> claim.claimId().equals(record.claimId))
                    .ifPresent(records::delete));
        } catch (RuntimeException e) {
            // The key stays IN_PROGRESS until in-progress-timeout; a retry then takes it over.
            LOG.warnf("could not release an Idempotency-Key: %s", e.toString());
        }
    }

    private RecordedResponse replay(IdempotencyRecord record) {
        return rebuild(record, Map.of(REPLAYED, "true"));
    }

    /** The response a record holds, as stored, with {@code extraHeaders} added. */
    private RecordedResponse rebuild(IdempotencyRecord record, Map<String, String> extraHeaders) {
        Map<String, String> headers;
        try {
            headers = json.readValue(record.responseHeaders, HEADER_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored headers unreadable", e);
        }
        headers.putAll(extraHeaders);
        return new RecordedResponse(record.responseStatus, headers, record.responseBody);
    }

    /** What a replay needs of the response's headers: its Content-Type and {@link #REPLAYED_HEADERS}. */
    private static Map<String, String> replayedHeaders(RecordedResponse response) {
        Map<String, String> headers = new LinkedHashMap<>();
        String type = response.header(CONTENT_TYPE);
        headers.put(CONTENT_TYPE, type != null ? type : DEFAULT_CONTENT_TYPE);
        for (String name : REPLAYED_HEADERS) {
            String value = response.header(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        return headers;
    }

    private static boolean duplicateKey(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLIntegrityConstraintViolationException
                    || t instanceof org.hibernate.exception.ConstraintViolationException) {
                return true;
            }
        }
        return false;
    }
}
