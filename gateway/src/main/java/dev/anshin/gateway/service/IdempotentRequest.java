package dev.anshin.gateway.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A POST that carries an {@code Idempotency-Key}. Keys belong to the member: two members never share one.
 *
 * @param memberId the token's subject
 * @param key the header's value as sent
 * @param method the HTTP method
 * @param path the request path (card id included)
 * @param canonicalBody the parsed body written back as JSON (so whitespace or field order do not make it "another
 *        body"), or empty for a route without one
 */
public record IdempotentRequest(String memberId, String key, String method, String path, String canonicalBody) {

    /** The record's id: SHA-256 of member and key. */
    public String recordId() {
        return sha256(memberId.length() + ":" + memberId + key);
    }

    /** What makes a retry "the same request": method, path and body. */
    public String fingerprint() {
        return sha256(method + " " + path + "\n" + canonicalBody);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
