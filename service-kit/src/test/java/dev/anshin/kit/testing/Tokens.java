package dev.anshin.kit.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.eclipse.microprofile.config.ConfigProvider;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * Access tokens signed with the key of the test OpenID Connect server (quarkus-test-oidc-server), shaped as the
 * issuer's provider shapes them: roles in {@code groups}, people's sign-in in {@code acr} and {@code auth_time}, and the
 * audience of the service under test ({@code quarkus.oidc.token.audience}) unless a test names another.
 */
public final class Tokens {

    public static final String ISSUER = "https://server.example.com";
    /** A password-only sign-in. */
    public static final String PASSWORD = "pwd";
    /** Password, then a second factor. */
    public static final String TWO_STEP = "two-step";

    private Tokens() {
    }

    /** A member signed in with two steps just now: what the gateway forwards for a change. */
    public static String member(String memberId) {
        return of(memberId).roles("member").acr(TWO_STEP).sign();
    }

    /** A member signed in with a password only. */
    public static String memberPasswordOnly(String memberId) {
        return of(memberId).roles("member").acr(PASSWORD).sign();
    }

    /** An operator (issuer staff) signed in with two steps just now. */
    public static String operator(String operatorId) {
        return of(operatorId).roles("operator").acr(TWO_STEP).sign();
    }

    /** A system calling with its own client-credentials token: roles, no acr. */
    public static String system(String clientId, String... roles) {
        return of(clientId).roles(roles).sign();
    }

    /** A token to shape claim by claim. */
    public static Builder of(String subject) {
        return new Builder(subject);
    }

    public static final class Builder {

        private final String subject;
        private final Set<String> roles = new HashSet<>();
        private String acr;
        private Instant authTime = Instant.now();
        private Set<String> audience = configuredAudience();
        private Instant issuedAt = Instant.now();
        private Duration lifetime = Duration.ofMinutes(5);

        private Builder(String subject) {
            this.subject = subject;
        }

        public Builder roles(String... more) {
            roles.addAll(Arrays.asList(more));
            return this;
        }

        public Builder acr(String value) {
            this.acr = value;
            return this;
        }

        /** When the person signed in (the {@code auth_time} claim). */
        public Builder signedInAt(Instant value) {
            this.authTime = value;
            return this;
        }

        /** The token's audiences instead of the service under test's; none for a token without {@code aud}. */
        public Builder audience(String... values) {
            this.audience = Set.of(values);
            return this;
        }

        public Builder issuedAt(Instant value) {
            this.issuedAt = value;
            return this;
        }

        public Builder lifetime(Duration value) {
            this.lifetime = value;
            return this;
        }

        public String sign() {
            JwtClaimsBuilder claims = Jwt.issuer(ISSUER)
                    .subject(subject)
                    .groups(roles)
                    .issuedAt(issuedAt)
                    .expiresAt(issuedAt.plus(lifetime));
            if (!audience.isEmpty()) {
                claims.audience(audience);
            }
            if (acr != null) {
                claims.claim("acr", acr).claim("auth_time", authTime.getEpochSecond());
            }
            return claims.sign();
        }

        private static Set<String> configuredAudience() {
            try {
                return ConfigProvider.getConfig().getOptionalValue("quarkus.oidc.token.audience", String[].class)
                        .map(Set::of).orElse(Set.of());
            } catch (IllegalStateException noConfig) {
                return Set.of();
            }
        }
    }
}
