package dev.anshin.notification.service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.notification.config.SmsConfig;

/**
 * SMS through the provider's HTTP API: {@code POST url} with {@code {"messageId", "to", "text"}} as JSON, signed with
 * {@code X-Anshin-Signature: sha256=<hex HMAC-SHA256 of the body>} under {@code anshin.sms.signing-key}. A 2xx is
 * sent; a 429 or 5xx, a timeout or a broken connection fails the attempt (retried with back-off); any other answer is
 * a {@link PermanentDeliveryFailure}. The same message id on every attempt lets the provider drop a repeat.
 * Errors name the status only: never the phone number, never the text.
 */
@ApplicationScoped
public class SmsSender {

    static final String SIGNATURE_HEADER = "X-Anshin-Signature";

    private final SmsConfig config;
    private final HttpClient http;

    public SmsSender(SmsConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build();
    }

    /** Returns when the provider took the message; throws when it did not. */
    public void send(String notificationId, String to, String text) {
        String url = config.url().orElseThrow(() -> new IllegalStateException("no SMS provider configured (anshin.sms.url)"));
        String key = config.signingKey()
                .orElseThrow(() -> new IllegalStateException("no SMS signing key configured (anshin.sms.signing-key)"));
        byte[] body = ("{\"messageId\":" + quoted(notificationId) + ",\"to\":" + quoted(to) + ",\"text\":" + quoted(text) + "}")
                .getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(config.sendTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header(SIGNATURE_HEADER, "sha256=" + sign(key, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (HttpTimeoutException e) {
            throw new IllegalStateException("SMS provider did not answer within " + config.sendTimeout());
        } catch (IOException e) {
            throw new IllegalStateException("SMS provider unreachable (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("SMS send interrupted");
        }
        if (status / 100 == 2) {
            return;
        }
        if (status == 429 || status / 100 == 5) {
            throw new IllegalStateException("SMS provider answered " + status);
        }
        throw new PermanentDeliveryFailure("SMS provider refused the message: " + status);
    }

    /** A JSON string: quotes, backslashes and control characters escaped. */
    static String quoted(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Hex HMAC-SHA256 of {@code body} under {@code key} (UTF-8). */
    static String sign(String key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
