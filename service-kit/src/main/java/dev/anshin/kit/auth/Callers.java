package dev.anshin.kit.auth;

import java.util.Arrays;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.kit.error.NotPermittedException;
import io.grpc.Status;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is calling, from the bearer token quarkus-oidc verified. The member is always the token's subject, never a
 * field of the request; a system is known by its roles. Step-up is not checked here but before the call reaches the
 * service ({@link dev.anshin.kit.grpc.StepUpInterceptor}), from the contract.
 */
@ApplicationScoped
public class Callers {

    private final SecurityIdentity identity;

    public Callers(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The calling member only. */
    public Caller member() {
        return require(PeopleRoles.MEMBER);
    }

    /** The calling member, or an operator acting for a member. */
    public Caller memberOrOperator() {
        return require(PeopleRoles.MEMBER, PeopleRoles.OPERATOR);
    }

    /** A caller holding one of the roles, the first one held in the order given; any other token is refused. */
    public Caller require(String... allowedRoles) {
        if (identity.isAnonymous()) {
            throw Status.UNAUTHENTICATED.withDescription("a bearer token is required").asRuntimeException();
        }
        String subject = identity.getPrincipal().getName();
        for (String role : allowedRoles) {
            if (identity.hasRole(role)) {
                return new Caller(subject, role);
            }
        }
        throw new NotPermittedException("this call needs one of the roles " + Arrays.toString(allowedRoles));
    }
}
