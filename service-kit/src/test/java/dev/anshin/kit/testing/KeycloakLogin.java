package dev.anshin.kit.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a member in at Keycloak the way the mobile app does (authorization code flow with PKCE through the browser
 * login pages) and prints the access token. With {@code --two-step} it asks for {@code acr_values=two-step}: after the
 * password Keycloak asks for the one-time code, computed here from the member's TOTP secret (RFC 6238, HMAC-SHA1,
 * 6 digits, 30 s).
 *
 * <p>JDK only, so {@code ./anshin token} runs it as a single source file: {@code java KeycloakLogin.java --issuer ...}.
 */
public final class KeycloakLogin {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*\\baction=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ERROR_TEXT = Pattern.compile("id=\"input-error[^\"]*\"[^>]*>\\s*([^<]+)<");

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    // Keycloak marks its cookies Secure even over plain http on localhost; a real browser on localhost sends them
    // back anyway, so this jar sends every cookie back whatever its attributes.
    private final Map<String, String> cookies = new LinkedHashMap<>();

    private final URI issuer;
    private final String clientId;
    private final String redirectUri;

    public KeycloakLogin(URI issuer, String clientId, String redirectUri) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.redirectUri = redirectUri;
    }

    /** Logs in and returns the access token; {@code twoStep} asks for the password-then-code level. */
    public String accessToken(String username, String password, String totpSecret, boolean twoStep)
            throws IOException, InterruptedException {
        String verifier = randomUrlSafe(48);
        String query = form(Map.of(
                "client_id", clientId,
                "response_type", "code",
                "scope", "openid",
                "redirect_uri", redirectUri,
                "state", randomUrlSafe(16),
                "nonce", randomUrlSafe(16),
                "code_challenge", s256(verifier),
                "code_challenge_method", "S256"));
        if (twoStep) {
            query += "&acr_values=two-step";
        }
        HttpResponse<String> page = follow(get(URI.create(issuer + "/protocol/openid-connect/auth?" + query)));
        page = follow(post(formAction(page, "the login page"), Map.of("username", username, "password", password, "credentialId", "")));
        if (code(page) == null && page.body().contains("kc-form-login")) {
            throw new IllegalStateException("Keycloak refused the password of " + username + errorText(page));
        }
        if (code(page) == null && page.body().contains("otp")) {
            page = enterOneTimeCode(page, totpSecret);
        }
        String code = code(page);
        if (code == null) {
            throw new IllegalStateException("the login did not end at the redirect URI (status " + page.statusCode() + ")" + errorText(page));
        }
        HttpResponse<String> tokens = send(HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of(
                        "grant_type", "authorization_code",
                        "code", code,
                        "redirect_uri", redirectUri,
                        "client_id", clientId,
                        "code_verifier", verifier))))
                .build());
        Matcher token = ACCESS_TOKEN.matcher(tokens.body());
        if (tokens.statusCode() != 200 || !token.find()) {
            throw new IllegalStateException("the token endpoint answered " + tokens.statusCode() + ": " + tokens.body());
        }
        return token.group(1);
    }

    /** Longer than Keycloak's quick-login check (1 s): two refused codes within it lock the member out for a minute. */
    private static final Duration QUICK_LOGIN_CHECK = Duration.ofMillis(1_500);

    /**
     * Codes are single-use: a code Keycloak already accepted (a login moments ago) is refused, so on refusal try the
     * next time step's code, which Keycloak's look-ahead window of one step accepts, then wait for a fresh step.
     * Retries wait over a second: two failures within Keycloak's quick-login check (1 s) lock the member out for a
     * minute (brute-force protection), which made a second `./anshin token` within 30 s fail.
     */
    private HttpResponse<String> enterOneTimeCode(HttpResponse<String> otpPage, String totpSecret)
            throws IOException, InterruptedException {
        HttpResponse<String> page = otpPage;
        long step = Instant.now().getEpochSecond() / 30;
        long[] steps = { step, step + 1, -1 };
        for (long candidate : steps) {
            if (candidate < 0) {
                Thread.sleep(Duration.ofSeconds(31 - Instant.now().getEpochSecond() % 30).toMillis());
                candidate = Instant.now().getEpochSecond() / 30 + 1;
            } else if (candidate != step) {
                Thread.sleep(QUICK_LOGIN_CHECK.toMillis());
            }
            page = follow(post(formAction(page, "the one-time code page"), Map.of("otp", totp(totpSecret, candidate))));
            if (code(page) != null || !page.body().contains("otp")) {
                return page;
            }
        }
        throw new IllegalStateException("Keycloak refused every one-time code" + errorText(page));
    }

    /** RFC 6238 TOTP: HMAC-SHA1 of the time step, key = the secret's UTF-8 bytes (Keycloak's default encoding). */
    public static String totp(String secret, long timeStep) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] hash = mac.doFinal(java.nio.ByteBuffer.allocate(8).putLong(timeStep).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            return String.format("%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> follow(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = send(request);
        for (int hops = 0; hops < 10 && isRedirect(response) && code(response) == null; hops++) {
            URI next = request.uri().resolve(response.headers().firstValue("Location").orElseThrow());
            request = get(next);
            response = send(request);
        }
        return response;
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        for (String header : response.headers().allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return response;
    }

    private HttpRequest get(URI uri) {
        return withCookies(HttpRequest.newBuilder(uri)).GET().build();
    }

    private HttpRequest post(URI uri, Map<String, String> fields) {
        return withCookies(HttpRequest.newBuilder(uri))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields)))
                .build();
    }

    private HttpRequest.Builder withCookies(HttpRequest.Builder builder) {
        if (!cookies.isEmpty()) {
            builder.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        return builder;
    }

    private String code(HttpResponse<String> response) {
        if (!isRedirect(response)) {
            return null;
        }
        String location = response.headers().firstValue("Location").orElse("");
        if (!location.startsWith(redirectUri)) {
            return null;
        }
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
        return code.find() ? java.net.URLDecoder.decode(code.group(1), StandardCharsets.UTF_8) : null;
    }

    private static boolean isRedirect(HttpResponse<String> response) {
        return response.statusCode() / 100 == 3 && response.headers().firstValue("Location").isPresent();
    }

    private static URI formAction(HttpResponse<String> page, String what) {
        Matcher action = FORM_ACTION.matcher(page.body());
        if (!action.find()) {
            throw new IllegalStateException("no form on " + what + " (status " + page.statusCode() + ")" + errorText(page));
        }
        return URI.create(action.group(1).replace("&amp;", "&"));
    }

    private static String errorText(HttpResponse<String> page) {
        Matcher error = ERROR_TEXT.matcher(page.body());
        return error.find() ? ": " + error.group(1).trim() : "";
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String randomUrlSafe(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code --issuer URL --client ID --redirect-uri URI --username U --password P --totp-secret S [--two-step]}:
     * prints the access token on standard output.
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        boolean twoStep = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--two-step")) {
                twoStep = true;
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i].substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
        }
        try {
            String token = new KeycloakLogin(URI.create(options.get("issuer")), options.get("client"), options.get("redirect-uri"))
                    .accessToken(options.get("username"), options.get("password"), options.getOrDefault("totp-secret", ""), twoStep);
            System.out.println(token);
        } catch (IllegalStateException | IOException e) {
            System.err.println("login failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
