package dev.anshin.notification.service;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.notification.config.PushConfig;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Push through Firebase Cloud Messaging HTTP v1: {@code POST {base-url}/v1/projects/{project-id}/messages:send} with
 * {@code {"message":{"token","notification":{"title","body"},"data":{...}}}} and {@code Authorization: Bearer} an
 * OAuth 2.0 access token. The token comes from the service account's JWT bearer grant (RFC 7523): an RS256-signed
 * assertion ({@code iss} the account's e-mail, {@code aud} the token URI, scope {@code firebase.messaging}, one hour)
 * posted to the token URI; it is reused until shortly before it expires.
 * <p>
 * A 2xx is sent. {@code UNREGISTERED} or a 404 is {@link UnregisteredPushDevice} (the device is removed, no retry).
 * A 5xx or 429, a timeout or a broken connection fails the attempt ({@link RetryableDeliveryFailure}, with FCM's
 * {@code Retry-After} when it gives one); a 401 also drops the cached access token first. Any other answer is a
 * {@link PermanentDeliveryFailure}. Errors name the status and FCM's error code only: never the registration token,
 * never the text.
 */
@ApplicationScoped
public class PushSender {

    static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    /** Renew the access token this long before it expires, so that no send carries one about to run out. */
    private static final Duration RENEW_BEFORE = Duration.ofSeconds(60);

    private final PushConfig config;
    private final Clock clock;
    private final HttpClient http;
    private volatile ServiceAccount account;
    private String accessToken;
    private Instant accessTokenExpires = Instant.MIN;

    public PushSender(PushConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build();
    }

    /** The service account's key: who it is and the key that signs its assertions. */
    record ServiceAccount(String clientEmail, String keyId, PrivateKey key) {
    }

    /** Returns when FCM took the message; throws when it did not. */
    public void send(String token, String title, String body, Map<String, String> data) {
        String project = config.projectId()
                .orElseThrow(() -> new PermanentDeliveryFailure("no FCM project configured (anshin.push.project-id)"));
        var message = new JsonObject()
                .put("token", token)
                .put("notification", new JsonObject().put("title", title).put("body", body))
                .put("data", new JsonObject(Map.copyOf(data)));
        HttpRequest request = HttpRequest.newBuilder(URI.create(trimmed(config.baseUrl()) + "/v1/projects/" + project + "/messages:send"))
                .timeout(config.sendTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Authorization", "Bearer " + accessToken())
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("message", message).encode(), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = exchange(request, "FCM");
        int status = response.statusCode();
        if (status / 100 == 2) {
            return;
        }
        String code = fcmErrorCode(response.body());
        String what = "FCM answered " + status + (code.isEmpty() ? "" : " " + code);
        if (status == 404 || "UNREGISTERED".equals(code)) {
            throw new UnregisteredPushDevice(what + ": the registration token is no longer valid");
        }
        if (status == 401) {
            forgetAccessToken();
            throw new RetryableDeliveryFailure(what, null);
        }
        if (status == 429 || status / 100 == 5) {
            throw new RetryableDeliveryFailure(what, retryAfter(response).orElse(null));
        }
        throw new PermanentDeliveryFailure(what);
    }

    /** The cached access token, or a new one from the token URI (JWT bearer grant) when none is left valid. */
    synchronized String accessToken() {
        Instant now = clock.instant();
        if (accessToken != null && now.isBefore(accessTokenExpires.minus(RENEW_BEFORE))) {
            return accessToken;
        }
        ServiceAccount sa = account();
        String form = "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
                + "&assertion=" + URLEncoder.encode(assertion(sa, now), StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.tokenUri()))
                .timeout(config.sendTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.US_ASCII))
                .build();
        HttpResponse<String> response = exchange(request, "the FCM token endpoint");
        int status = response.statusCode();
        if (status / 100 != 2) {
            // A refused grant (400/401) is a configuration problem, not the message's: the delivery waits and is
            // retried, so that a fixed key sends what queued meanwhile.
            throw new RetryableDeliveryFailure("the FCM token endpoint answered " + status, retryAfter(response).orElse(null));
        }
        try {
            JsonObject answer = new JsonObject(response.body());
            String token = answer.getString("access_token");
            if (token == null || token.isBlank()) {
                throw new RetryableDeliveryFailure("the FCM token endpoint answered without an access token", null);
            }
            long expiresIn = answer.getLong("expires_in", 3600L);
            accessToken = token;
            accessTokenExpires = now.plusSeconds(expiresIn);
            return token;
        } catch (DecodeException | ClassCastException e) {
            throw new RetryableDeliveryFailure("the FCM token endpoint answered something other than a token", null);
        }
    }

    private synchronized void forgetAccessToken() {
        accessToken = null;
    }

    /** The RS256-signed assertion of the JWT bearer grant. */
    static String assertion(ServiceAccount sa, Instant now, String tokenUri) {
        var header = new JsonObject().put("alg", "RS256").put("typ", "JWT");
        if (sa.keyId() != null) {
            header.put("kid", sa.keyId());
        }
        var claims = new JsonObject()
                .put("iss", sa.clientEmail())
                .put("scope", SCOPE)
                .put("aud", tokenUri)
                .put("iat", now.getEpochSecond())
                .put("exp", now.plusSeconds(3600).getEpochSecond());
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(header.encode().getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(sa.key());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the FCM assertion", e);
        }
    }

    private String assertion(ServiceAccount sa, Instant now) {
        return assertion(sa, now, config.tokenUri());
    }

    private ServiceAccount account() {
        ServiceAccount current = account;
        if (current == null) {
            current = parse(config.serviceAccountKey().orElseThrow(
                    () -> new PermanentDeliveryFailure("no FCM service account key configured (anshin.push.service-account-key)")));
            account = current;
        }
        return current;
    }

    /** Google's service-account key JSON: client_email, private_key (PKCS#8 PEM), private_key_id. */
    static ServiceAccount parse(String json) {
        try {
            JsonObject key = new JsonObject(json);
            String email = key.getString("client_email");
            String pem = key.getString("private_key");
            if (email == null || pem == null) {
                throw new PermanentDeliveryFailure("the FCM service account key lacks client_email or private_key");
            }
            String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                    .replaceAll("\\s", "");
            PrivateKey privateKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            return new ServiceAccount(email, key.getString("private_key_id"), privateKey);
        } catch (DecodeException | ClassCastException | IllegalArgumentException | GeneralSecurityException e) {
            // Never the key's content.
            throw new PermanentDeliveryFailure("the FCM service account key is not a usable key (" + e.getClass().getSimpleName() + ")");
        }
    }

    private HttpResponse<String> exchange(HttpRequest request, String who) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new RetryableDeliveryFailure(who + " did not answer within " + config.sendTimeout(), null);
        } catch (IOException e) {
            throw new RetryableDeliveryFailure(who + " unreachable (" + e.getClass().getSimpleName() + ")", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableDeliveryFailure("push send interrupted", null);
        }
    }

    /** FCM's own error code ({@code details[].errorCode} of type FcmError), empty when it gives none. */
    static String fcmErrorCode(String body) {
        try {
            JsonObject error = new JsonObject(body).getJsonObject("error");
            JsonArray details = error == null ? null : error.getJsonArray("details");
            if (details != null) {
                for (int i = 0; i < details.size(); i++) {
                    Object detail = details.getValue(i);
                    if (detail instanceof JsonObject d && d.getString("errorCode") != null
                            && d.getString("errorCode").matches("[A-Z_]{1,40}")) {
                        return d.getString("errorCode");
                    }
                }
            }
        } catch (RuntimeException e) {
            // Not FCM's error shape: the status says enough.
        }
        return "";
    }

    /** {@code Retry-After} in seconds or as an HTTP date; empty when absent or unreadable. */
    private java.util.Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return java.util.Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
            } catch (NumberFormatException e) {
                try {
                    Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                    return java.util.Optional.of(Duration.between(clock.instant(), at).isNegative() ? Duration.ZERO
                            : Duration.between(clock.instant(), at));
                } catch (DateTimeParseException e2) {
                    return java.util.Optional.empty();
                }
            }
        });
    }

    private static String trimmed(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
