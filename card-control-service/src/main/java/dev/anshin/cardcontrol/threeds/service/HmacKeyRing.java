package dev.anshin.cardcontrol.threeds.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA-256 keys by key id, from configuration ({@code <prefix>.keys.<id>} base64 of at least 32 bytes, and
 * {@code <prefix>.active-key-id}), so a key can rotate: new MACs under the active key, older ones still checked under
 * the key id they name. A misconfigured ring stops the service at start; messages name the key, never its value.
 */
final class HmacKeyRing {

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9-]{1,32}");

    private final String activeKeyId;
    private final Map<String, SecretKeySpec> keys = new HashMap<>();

    HmacKeyRing(String prefix, Map<String, String> configuredKeys, String activeKeyId) {
        configuredKeys.forEach((id, key) -> {
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalStateException(prefix + ".keys." + id + ": a key id is 1 to 32 letters, digits or hyphens");
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(key.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(prefix + ".keys." + id + " is not base64");
            }
            if (bytes.length < 32) {
                throw new IllegalStateException(prefix + ".keys." + id + " must decode to at least 32 bytes");
            }
            keys.put(id, new SecretKeySpec(bytes, "HmacSHA256"));
        });
        if (!keys.containsKey(activeKeyId)) {
            throw new IllegalStateException(prefix + ".active-key-id names no key of " + prefix + ".keys");
        }
        this.activeKeyId = activeKeyId;
    }

    String activeKeyId() {
        return activeKeyId;
    }

    /** True when the key id names a configured key (a retired key no longer listed is unknown). */
    boolean knows(String keyId) {
        return keyId != null && keys.containsKey(keyId);
    }

    /** HMAC-SHA-256 of the text (UTF-8) under the named key, which must be {@link #knows known}. */
    byte[] mac(String keyId, String text) {
        SecretKeySpec key = keys.get(keyId);
        if (key == null) {
            throw new IllegalStateException("no key " + keyId + " is configured");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
        }
    }
}
