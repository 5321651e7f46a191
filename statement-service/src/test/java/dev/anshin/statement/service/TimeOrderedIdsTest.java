package dev.anshin.statement.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Dispute ids sort by the millisecond they were made in, so newest-first lists keep their order within a second. */
class TimeOrderedIdsTest {

    @Test
    void anIdMadeAMillisecondLaterSortsAfterAsText() {
        Instant at = Instant.parse("2026-12-02T10:00:00.123Z");
        for (int i = 0; i < 1_000; i++) {
            String earlier = TimeOrderedIds.next(at);
            String later = TimeOrderedIds.next(at.plusMillis(1));
            assertThat(later).isGreaterThan(earlier);
        }
    }

    @Test
    void theIdIsAVersion7UuidCarryingItsMillisecond() {
        Instant at = Instant.parse("2026-12-02T10:00:00.123Z");
        UUID id = UUID.fromString(TimeOrderedIds.next(at));

        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(at.toEpochMilli(), id.getMostSignificantBits() >>> 16);
    }
}
