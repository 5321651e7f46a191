package dev.anshin.notification;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import dev.anshin.kit.error.InvalidRequestException;

/**
 * A daily window in Japan time during which usage notices wait until it ends ("until the morning"). It may span
 * midnight (22:00 to 07:00). The start is inside the window, the end is not.
 *
 * @param startMinute minutes after midnight, Japan time, 0 to 1439
 * @param endMinute minutes after midnight, Japan time, 0 to 1439, different from the start
 */
public record QuietHours(int startMinute, int endMinute) {

    public static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm")
            .withResolverStyle(java.time.format.ResolverStyle.STRICT);
    private static final java.util.regex.Pattern SHAPE = java.util.regex.Pattern.compile("[0-2][0-9]:[0-5][0-9]");

    public QuietHours {
        if (startMinute < 0 || startMinute > 1439 || endMinute < 0 || endMinute > 1439) {
            throw new InvalidRequestException("quiet hours must be times of day from 00:00 to 23:59");
        }
        if (startMinute == endMinute) {
            throw new InvalidRequestException("quiet hours must start and end at different times");
        }
    }

    /** From "HH:MM" texts (Japan time); INVALID_ARGUMENT when one is not such a time. */
    public static QuietHours parse(String start, String end) {
        return new QuietHours(minute(start, "start"), minute(end, "end"));
    }

    private static int minute(String text, String which) {
        try {
            if (!SHAPE.matcher(text).matches()) {
                throw new DateTimeParseException("not HH:MM", text, 0);
            }
            LocalTime time = LocalTime.parse(text, HH_MM);
            return time.getHour() * 60 + time.getMinute();
        } catch (DateTimeParseException | NullPointerException e) {
            throw new InvalidRequestException("quiet hours " + which + " must be a time \"HH:MM\" (Japan time)");
        }
    }

    public String start() {
        return format(startMinute);
    }

    public String end() {
        return format(endMinute);
    }

    private static String format(int minute) {
        return LocalTime.of(minute / 60, minute % 60).format(HH_MM);
    }

    /** When a notice arriving at {@code now} may go out: the end of the window it falls in; empty when outside one. */
    public Optional<Instant> heldUntil(Instant now) {
        ZonedDateTime local = now.atZone(JAPAN);
        int minute = local.getHour() * 60 + local.getMinute();
        boolean inside = startMinute < endMinute
                ? minute >= startMinute && minute < endMinute
                : minute >= startMinute || minute < endMinute;
        if (!inside) {
            return Optional.empty();
        }
        ZonedDateTime end = local.toLocalDate().atTime(endMinute / 60, endMinute % 60).atZone(JAPAN);
        if (!end.isAfter(local)) {
            end = end.plusDays(1);
        }
        return Optional.of(end.toInstant());
    }
}
