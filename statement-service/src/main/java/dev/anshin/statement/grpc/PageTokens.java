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
import dev.anshin.statement.service.UsageService.Filter;
import dev.anshin.statement.service.UsageService.Position;

/**
 * Cursor tokens of the usage list: opaque to clients, holding the key the next page starts after (use time in
 * microseconds, item id), bound to the list and to the filters they were made under: a token of another list, or
 * sent with other filters, is refused rather than answering a page of something else.
 */
final class PageTokens {

    private static final String LIST = "usage";
    private static final Pattern SHAPE = Pattern.compile(LIST + ":([0-9a-f]{16}):(-?[0-9]{1,19}):([0-9A-Za-z-]{1,36})");

    private PageTokens() {
    }

    static String encode(Filter filter, Position after) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, after.usedAt());
        String text = LIST + ":" + filterHash(filter) + ":" + micros + ":" + after.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** The position in the token, or null (from the newest) for an empty token. */
    static Position decode(Filter filter, String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            Matcher m = SHAPE.matcher(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII));
            if (m.matches()) {
                if (!m.group(1).equals(filterHash(filter))) {
                    throw new InvalidRequestException("page_token was made for other filters: send the same card_id, "
                            + "from_date and to_date as for the first page");
                }
                return new Position(Instant.EPOCH.plus(Long.parseLong(m.group(2)), ChronoUnit.MICROS), m.group(3));
            }
        } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
            // falls through to the refusal below (NumberFormatException is an IllegalArgumentException)
        }
        throw new InvalidRequestException("page_token is not a token of this list");
    }

    private static String filterHash(Filter filter) {
        String filters = filter.cardId() + "|" + filter.from() + "|" + filter.to();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(filters.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
