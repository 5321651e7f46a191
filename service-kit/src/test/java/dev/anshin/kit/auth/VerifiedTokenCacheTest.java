package dev.anshin.kit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/** When a verified bearer token is trusted again without verification, and when it is verified anew. */
class VerifiedTokenCacheTest {

    private static final Instant START = Instant.parse("2026-11-22T03:00:00Z");

    private final MovingClock clock = new MovingClock();
    private final CountingVerifier verifier = new CountingVerifier();

    @Test
    void theSameTokenIsVerifiedOnceWithinMaxAgeAndKeepsItsSubjectAndRoles() {
        var cache = new VerifiedTokenCache(verifier, Duration.ofSeconds(60), 100, clock);
        String token = verifier.issue("card-network-client", "card-network", START.plusSeconds(300));

        SecurityIdentity first = authenticate(cache, token);
        clock.advance(Duration.ofSeconds(59));
        SecurityIdentity again = authenticate(cache, token);

        assertThat(verifier.verifications).containsExactly(token);
        assertThat(again.getPrincipal().getName()).isEqualTo("card-network-client");
        assertThat(again.getRoles()).isEqualTo(first.getRoles()).containsExactly("card-network");
    }

    @Test
    void aTokenIsVerifiedAnewOnceMaxAgeHasPassed() {
        var cache = new VerifiedTokenCache(verifier, Duration.ofSeconds(60), 100, clock);
        String token = verifier.issue("card-network-client", "card-network", START.plusSeconds(300));

        authenticate(cache, token);
        clock.advance(Duration.ofSeconds(60));
        authenticate(cache, token);

        assertThat(verifier.verifications).containsExactly(token, token);
    }

    @Test
    void aTokenIsNeverTrustedPastItsOwnExpiry() {
        var cache = new VerifiedTokenCache(verifier, Duration.ofSeconds(60), 100, clock);
        String token = verifier.issue("card-network-client", "card-network", START.plusSeconds(10));

        authenticate(cache, token);
        clock.advance(Duration.ofSeconds(10));

        assertThatThrownBy(() -> authenticate(cache, token)).isInstanceOf(AuthenticationFailedException.class);
        assertThat(verifier.verifications).containsExactly(token, token);
    }

    @Test
    void aRefusedTokenIsNotRememberedAndIsVerifiedEveryTime() {
        var cache = new VerifiedTokenCache(verifier, Duration.ofSeconds(60), 100, clock);
        String forged = "forged." + verifier.issue("card-network-client", "card-network", START.plusSeconds(300));

        assertThatThrownBy(() -> authenticate(cache, forged)).isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> authenticate(cache, forged)).isInstanceOf(AuthenticationFailedException.class);

        assertThat(verifier.verifications).containsExactly(forged, forged);
        assertThat(cache.size()).isZero();
    }

    @Test
    void anotherTokenOfTheSameCallerIsVerifiedOnItsOwn() {
        var cache = new VerifiedTokenCache(verifier, Duration.ofSeconds(60), 100, clock);
        String memberToken = verifier.issue("member-1", "member", START.plusSeconds(300));
        String networkToken = verifier.issue("member-1", "card-network", START.plusSeconds(301));

        authenticate(cache, memberToken);
        SecurityIdentity network = authenticate(cache, networkToken);

        assertThat(verifier.verifications).containsExactly(memberToken, networkToken);
        assertThat(network.getRoles()).containsExactly("card-network");
    }

    @Test
    void theCacheHoldsAtMostMaxEntriesTokens() {
        var cache = new VerifiedTokenCache(verifier, Duration.ofSeconds(60), 3, clock);

        for (int i = 0; i < 10; i++) {
            authenticate(cache, verifier.issue("member-" + i, "member", START.plusSeconds(300)));
        }

        assertThat(cache.size()).isLessThanOrEqualTo(3);
    }

    @Test
    void maxAgeZeroVerifiesEveryCall() {
        var cache = new VerifiedTokenCache(verifier, Duration.ZERO, 100, clock);
        String token = verifier.issue("card-network-client", "card-network", START.plusSeconds(300));

        authenticate(cache, token);
        authenticate(cache, token);

        assertThat(verifier.verifications).containsExactly(token, token);
    }

    private static SecurityIdentity authenticate(VerifiedTokenCache cache, String token) {
        return cache.authenticate(new TokenAuthenticationRequest(new AccessTokenCredential(token)), null)
                .await().indefinitely();
    }

    /** Stands in for quarkus-oidc: accepts the tokens it issued until their expiry, by the clock, and counts calls. */
    private final class CountingVerifier implements IdentityProvider<TokenAuthenticationRequest> {

        private record Issued(String subject, String role, Instant expires) {
        }

        final List<String> verifications = new ArrayList<>();
        private final Map<String, Issued> issued = new HashMap<>();

        String issue(String subject, String role, Instant expires) {
            String token = "token-" + issued.size() + "-" + subject;
            issued.put(token, new Issued(subject, role, expires));
            return token;
        }

        @Override
        public Class<TokenAuthenticationRequest> getRequestType() {
            return TokenAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request,
                AuthenticationRequestContext context) {
            String token = request.getToken().getToken();
            verifications.add(token);
            Issued found = issued.get(token);
            if (found == null || !clock.instant().isBefore(found.expires())) {
                return Uni.createFrom().failure(new AuthenticationFailedException());
            }
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                    .setPrincipal(new Jwt(found.subject(), found.expires().getEpochSecond()))
                    .addRole(found.role())
                    .addCredential(request.getToken())
                    .build());
        }
    }

    private record Jwt(String getName, long expires) implements JsonWebToken {

        @Override
        public Set<String> getClaimNames() {
            return Set.of("sub", "exp");
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String claimName) {
            return switch (claimName) {
                case "sub" -> (T) getName;
                case "exp" -> (T) Long.valueOf(expires);
                default -> null;
            };
        }
    }

    private static final class MovingClock extends Clock {

        private Instant now = START;

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
