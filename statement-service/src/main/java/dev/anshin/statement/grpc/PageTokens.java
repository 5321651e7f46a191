package dev.anshin.statement.grpc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.anshin.kit.error.InvalidRequestException;
import dev.anshin.statement.DisputeStatus;
import dev.anshin.statement.service.DisputeService;
import dev.anshin.statement.service.UsageService.Filter;
import dev.anshin.statement.service.UsageService.Position;

/**
 * Cursor tokens of the keyset-paged lists (the usage list, disputes): opaque to clients, holding the key the next page
 * starts after (a time in microseconds, an id), bound to the list and to the filters they were made under: a token of
 * another list, or sent with other filters, is refused rather than answering a page of something else.
 */
final class PageTokens {

    private static final String USAGE = "usage";
    private static final String DISPUTES = "disputes";
    private static final Pattern SHAPE = Pattern.compile("([a-z]+):([0-9a-f]{16}):(-?[0-9]{1,19}):([0-9A-Za-z-]{1,36})");

    private PageTokens() {
    }

    static String encode(Filter filter, Position after) {
        return encode(USAGE, usageFilters(filter), after.usedAt(), after.id());
    }

    /** The position in the token, or null (from the newest) for an empty token. */
    static Position decode(Filter filter, String token) {
        Key key = decode(USAGE, usageFilters(filter), token, "send the same card_id, from_date and to_date as for the "
                + "first page");
        return key == null ? null : new Position(key.at(), key.id());
    }

    static String encode(String memberId, DisputeStatus status, DisputeService.Position after) {
        return encode(DISPUTES, memberId + "|" + status, after.reportedAt(), after.id());
    }

    static DisputeService.Position decode(String memberId, DisputeStatus status, String token) {
        Key key = decode(DISPUTES, memberId + "|" + status, token, "send the same member_id and status as for the "
                + "first page");
        return key == null ? null : new DisputeService.Position(key.at(), key.id());
    }

    private record Key(Instant at, String id) {
    }

    private static String encode(String list, String filters, Instant at, String id) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at);
        String text = list + ":" + hash(filters) + ":" + micros + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static Key decode(String list, String filters, String token, String sameFilters) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            Matcher m = SHAPE.matcher(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII));
            if (m.matches() && m.group(1).equals(list)) {
                if (!m.group(2).equals(hash(filters))) {
                    throw new InvalidRequestException("page_token was made for other filters: " + sameFilters);
                }
                return new Key(Instant.EPOCH.plus(Long.parseLong(m.group(3)), ChronoUnit.MICROS), m.group(4));
            }
        } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
            // falls through to the refusal below (NumberFormatException is an IllegalArgumentException)
        }
        throw new InvalidRequestException("page_token is not a token of this list");
    }

    private static String usageFilters(Filter filter) {
        return filter.cardId() + "|" + filter.from() + "|" + filter.to();
    }

    private static String hash(String filters) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(filters.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
