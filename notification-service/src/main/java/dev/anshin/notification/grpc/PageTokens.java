package dev.anshin.notification.grpc;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import dev.anshin.api.common.v1.PageRequest;
import dev.anshin.kit.error.InvalidRequestException;

/**
 * Cursor tokens of paged lists: opaque to clients, bound to the list they came from, holding the last item's key
 * (a time and an id), so that a page starts after it whatever arrived meanwhile.
 */
final class PageTokens {

    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAX_PAGE_SIZE = 100;

    /** A position in a list: after the item with this time and id; {@code FIRST}: from the start. */
    record Position(Instant at, String id) {
        static final Position FIRST = new Position(null, null);
    }

    private PageTokens() {
    }

    static int pageSize(PageRequest page) {
        int size = page.getPageSize();
        if (size < 0 || size > MAX_PAGE_SIZE) {
            throw new InvalidRequestException("page_size must be between 0 and " + MAX_PAGE_SIZE);
        }
        return size == 0 ? DEFAULT_PAGE_SIZE : size;
    }

    static String encode(String list, Instant at, String id) {
        long micros = at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000;
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((list + ":" + micros + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    static Position decode(String list, String token) {
        if (token == null || token.isEmpty()) {
            return Position.FIRST;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            // The list's name may hold colons (it names a member); the time and the id follow the last two.
            int idAt = text.lastIndexOf(':');
            int timeAt = idAt > 0 ? text.lastIndexOf(':', idAt - 1) : -1;
            if (timeAt > 0 && text.substring(0, timeAt).equals(list) && idAt + 1 < text.length()) {
                long micros = Long.parseLong(text.substring(timeAt + 1, idAt));
                return new Position(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1_000L),
                        text.substring(idAt + 1));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal below
        }
        throw new InvalidRequestException("page_token is not a token of this list");
    }
}
