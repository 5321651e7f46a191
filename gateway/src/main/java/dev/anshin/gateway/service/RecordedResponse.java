package dev.anshin.gateway.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A route's response as an Idempotency-Key record keeps and replays it, in no web framework's types: the status, the
 * headers by name ({@code Content-Type} among them), and the body as the text sent (empty when there is none).
 */
public record RecordedResponse(int status, Map<String, String> headers, String body) {

    public RecordedResponse {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        body = body == null ? "" : body;
    }

    /** The header's value, whatever the case of its name; null when absent. */
    public String header(String name) {
        return headers.entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
