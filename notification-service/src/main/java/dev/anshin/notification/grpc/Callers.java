package dev.anshin.notification.grpc;

import java.util.Arrays;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.notification.ActorKind;
import dev.anshin.notification.service.Actor;
import dev.anshin.notification.service.NotPermittedException;
import io.grpc.Status;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is calling, from the bearer token verified by quarkus-oidc. The member is always the token's subject, never a
 * field of the request.
 */
@ApplicationScoped
public class Callers {

    private final SecurityIdentity identity;

    public Callers(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The calling member only. */
    public Actor member() {
        return actor(Roles.MEMBER);
    }

    /** The calling member, or an operator acting for a member. */
    public Actor memberOrOperator() {
        return actor(Roles.MEMBER, Roles.OPERATOR);
    }

    /** A caller holding one of the roles; any other token is refused. */
    public Actor actor(String... allowedRoles) {
        if (identity.isAnonymous()) {
            throw Status.UNAUTHENTICATED.withDescription("a bearer token is required").asRuntimeException();
        }
        String subject = identity.getPrincipal().getName();
        for (String role : allowedRoles) {
            if (identity.hasRole(role)) {
                return new Actor(kindOf(role), subject);
            }
        }
        throw new NotPermittedException("this call needs one of the roles " + Arrays.toString(allowedRoles));
    }

    private static ActorKind kindOf(String role) {
        return switch (role) {
            case Roles.MEMBER -> ActorKind.MEMBER;
            case Roles.OPERATOR -> ActorKind.OPERATOR;
            default -> ActorKind.SYSTEM;
        };
    }
}
