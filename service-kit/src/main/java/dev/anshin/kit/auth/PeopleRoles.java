package dev.anshin.kit.auth;

import java.util.Set;

/**
 * The realm roles of people, who sign in through the identity provider's login pages and so carry an {@code acr}
 * and {@code auth_time}; a token with neither of these roles belongs to a system (client credentials). Each service
 * names its systems' roles in its own {@code Roles} class.
 */
public final class PeopleRoles {

    /** A member of the issuer, signed in through the mobile app. */
    public static final String MEMBER = "member";
    /** Issuer staff. */
    public static final String OPERATOR = "operator";

    static final Set<String> ALL = Set.of(MEMBER, OPERATOR);

    private PeopleRoles() {
    }
}
