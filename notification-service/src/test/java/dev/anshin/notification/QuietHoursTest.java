package dev.anshin.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

import dev.anshin.kit.error.InvalidRequestException;

/** Quiet hours in Japan time, across midnight: a notice waits until they end, never longer. */
class QuietHoursTest {

    private static Instant jst(String local) {
        return ZonedDateTime.parse(local + "+09:00[Asia/Tokyo]").toInstant();
    }

    @Test
    void aNoticeLateAtNightIsHeldUntilTheMorning() {
        QuietHours night = QuietHours.parse("22:00", "07:00");

        assertEquals(jst("2025-05-08T07:00:00"), night.heldUntil(jst("2025-05-07T23:30:00")).orElseThrow());
        assertEquals(jst("2025-05-08T07:00:00"), night.heldUntil(jst("2025-05-08T06:59:00")).orElseThrow());
        assertEquals(jst("2025-05-08T07:00:00"), night.heldUntil(jst("2025-05-07T22:00:00")).orElseThrow());
        assertTrue(night.heldUntil(jst("2025-05-08T07:00:00")).isEmpty());
        assertTrue(night.heldUntil(jst("2025-05-07T12:00:00")).isEmpty());
    }

    @Test
    void quietHoursWithinOneDay() {
        QuietHours lunch = QuietHours.parse("12:00", "13:30");

        assertEquals(jst("2025-05-07T13:30:00"), lunch.heldUntil(jst("2025-05-07T12:10:00")).orElseThrow());
        assertTrue(lunch.heldUntil(jst("2025-05-07T11:59:59")).isEmpty());
    }

    @Test
    void malformedQuietHoursAreRefused() {
        assertThrows(InvalidRequestException.class, () -> QuietHours.parse("7:00", "22:00"));
        assertThrows(InvalidRequestException.class, () -> QuietHours.parse("22:00", "24:00"));
        assertThrows(InvalidRequestException.class, () -> QuietHours.parse("22:00", "22:00"));
        assertThrows(InvalidRequestException.class, () -> QuietHours.parse("", "07:00"));
    }
}
