package dev.anshin.notification;

import java.time.Instant;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;

/** Access tokens signed with the key of the test OpenID Connect server (quarkus-test-oidc-server). */
public final class Tokens {

    public static final String ISSUER = "https://server.example.com";

    private Tokens() {
    }

    public static String member(String memberId) {
        return withRoles(memberId, "member");
    }

    public static String withRoles(String subject, String... roles) {
        return Jwt.issuer(ISSUER)
                .subject(subject)
                .groups(Set.of(roles))
                .issuedAt(Instant.now())
                .expiresIn(300)
                .sign();
    }
}
