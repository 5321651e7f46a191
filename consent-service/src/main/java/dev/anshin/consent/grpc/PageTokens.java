package dev.anshin.consent.grpc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.anshin.api.common.v1.PageRequest;
import dev.anshin.kit.error.InvalidRequestException;

/** Cursor tokens of paged lists: opaque to clients, bound to the list they came from; the key is a sequence number. */
final class PageTokens {

    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAX_PAGE_SIZE = 100;

    private PageTokens() {
    }

    static int pageSize(PageRequest page) {
        int size = page.getPageSize();
        if (size < 0 || size > MAX_PAGE_SIZE) {
            throw new InvalidRequestException("page_size must be between 0 and " + MAX_PAGE_SIZE);
        }
        return size == 0 ? DEFAULT_PAGE_SIZE : size;
    }

    static String encode(String list, long position) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((list + ":" + position).getBytes(StandardCharsets.US_ASCII));
    }

    /** The position in the token, or {@code Long.MAX_VALUE} (from the start) for an empty token. */
    static long decode(String list, String token) {
        if (token == null || token.isEmpty()) {
            return Long.MAX_VALUE;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
            if (text.startsWith(list + ":")) {
                long position = Long.parseLong(text.substring(list.length() + 1));
                if (position > 0) {
                    return position;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal below
        }
        throw new InvalidRequestException("page_token is not a token of this list");
    }
}
