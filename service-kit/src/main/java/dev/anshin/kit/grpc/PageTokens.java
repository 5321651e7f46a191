package dev.anshin.kit.grpc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.anshin.kit.error.InvalidRequestException;

/**
 * Cursor tokens of paged lists whose key is one increasing number (a sequence, an auto-increment id): opaque to
 * clients, bound to the list they came from, and refused with INVALID_ARGUMENT when they are not a token of it.
 */
public final class PageTokens {

    public static final int DEFAULT_PAGE_SIZE = 20;
    public static final int MAX_PAGE_SIZE = 100;

    private PageTokens() {
    }

    /** The page size a request asked for ({@code anshin.common.v1.PageRequest.page_size}; 0 asks for the default). */
    public static int pageSize(int size) {
        if (size < 0 || size > MAX_PAGE_SIZE) {
            throw new InvalidRequestException("page_size must be between 0 and " + MAX_PAGE_SIZE);
        }
        return size == 0 ? DEFAULT_PAGE_SIZE : size;
    }

    public static String encode(String list, long position) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((list + ":" + position).getBytes(StandardCharsets.US_ASCII));
    }

    /** The position in the token, or {@code Long.MAX_VALUE} (from the start) for an empty token. */
    public static long decode(String list, String token) {
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
