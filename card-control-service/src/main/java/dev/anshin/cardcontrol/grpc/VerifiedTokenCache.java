package dev.anshin.cardcontrol.grpc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.anshin.cardcontrol.config.TokenCacheConfig;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.runtime.OidcIdentityProvider;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Verifies a bearer token once, then trusts the same token again for a short while ({@link TokenCacheConfig#maxAge()},
 * never past the token's {@code exp}) without checking its signature and claims anew.
 * <p>
 * The card network sends one client-credentials token with thousands of authorizations a second; quarkus-oidc verifies
 * it on every call (JSON parsing and an RSA signature check), which took a quarter of card-control's CPU per decision
 * under {@code ./anshin bench}. This provider stands in front of quarkus-oidc's: a token it has not seen, or no longer
 * trusts, goes to quarkus-oidc as before; a refused token is never remembered. Only the exact same token hits: entries
 * are keyed by its SHA-256, so neither timing nor a hash collision of the key can be steered by a caller.
 * The cost: a token signed by a key the provider has withdrawn keeps working for at most {@code max-age}; and a hit
 * skips quarkus-oidc's per-request checks (certificate-bound and DPoP tokens, @AuthenticationContext), none of which
 * this service uses. Turning one on means setting {@code max-age} to {@code PT0S}. The audience was checked when the
 * token was first verified; step-up is the kit's StepUpInterceptor's, which reads the identity's claims on every
 * call, hit or not.
 */
@ApplicationScoped
public class VerifiedTokenCache implements IdentityProvider<TokenAuthenticationRequest> {

    private record Verified(SecurityIdentity identity, Instant until) {
    }

    private final IdentityProvider<TokenAuthenticationRequest> verifier;
    private final Duration maxAge;
    private final int maxEntries;
    private final Clock clock;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    @Inject
    VerifiedTokenCache(OidcIdentityProvider oidc, TokenCacheConfig config, Clock clock) {
        this(oidc, config.maxAge(), config.maxEntries(), clock);
    }

    VerifiedTokenCache(IdentityProvider<TokenAuthenticationRequest> verifier, Duration maxAge, int maxEntries,
            Clock clock) {
        this.verifier = verifier;
        this.maxAge = maxAge;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Ahead of quarkus-oidc's provider (which keeps the default priority): it calls that one itself when needed. */
    @Override
    public int priority() {
        return IdentityProvider.super.priority() + 1;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!(request.getToken() instanceof AccessTokenCredential) || maxAge.isZero() || maxEntries <= 0) {
            return verifier.authenticate(request, context);
        }
        String key = key(request.getToken().getToken());
        Instant now = clock.instant();
        Verified hit = verified.get(key);
        if (hit != null) {
            if (now.isBefore(hit.until())) {
                return Uni.createFrom().item(forThisRequest(hit.identity(), request, context));
            }
            verified.remove(key, hit);
        }
        return verifier.authenticate(request, context).invoke(identity -> remember(key, identity, now));
    }

    /** How many verified tokens are held now. */
    int size() {
        return verified.size();
    }

    private void remember(String key, SecurityIdentity identity, Instant verifiedAt) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)
                || token.getExpirationTime() <= 0) {
            return;
        }
        Instant expires = Instant.ofEpochSecond(token.getExpirationTime());
        Instant until = verifiedAt.plus(maxAge).isBefore(expires) ? verifiedAt.plus(maxAge) : expires;
        if (!verifiedAt.isBefore(until)) {
            return;
        }
        if (verified.size() >= maxEntries) {
            verified.values().removeIf(entry -> !verifiedAt.isBefore(entry.until()));
            if (verified.size() >= maxEntries) {
                verified.clear();
            }
        }
        verified.put(key, new Verified(identity, until));
    }

    /**
     * The remembered identity with this request's own context: quarkus-oidc puts the request's routing context and
     * authentication context into the identity it builds, and those must not leak from one call into the next.
     */
    private static SecurityIdentity forThisRequest(SecurityIdentity identity, TokenAuthenticationRequest request,
            AuthenticationRequestContext context) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder(identity);
        RoutingContext routingContext = HttpSecurityUtils.getRoutingContextAttribute(request);
        builder.addAttribute(RoutingContext.class.getName(), routingContext);
        builder.addAttribute(AuthenticationRequestContext.class.getName(), routingContext == null ? null : context);
        return builder.build();
    }

    private static String key(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
