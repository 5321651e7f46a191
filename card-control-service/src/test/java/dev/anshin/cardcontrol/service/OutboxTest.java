package dev.anshin.cardcontrol.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The ids outbox events are written under. */
class OutboxTest {

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
