package dev.anshin.kit.auth;

/**
 * Who is calling, from the verified bearer token: a member (the token's subject is the member id), a person of the
 * issuer's staff, or a system calling with its own client-credentials token.
 *
 * @param id the token's subject: the member id, the operator's id or the calling system's client
 * @param role the role (of those the call allows) under which the caller is acting
 */
public record Caller(String id, String role) {

    public boolean isMember() {
        return PeopleRoles.MEMBER.equals(role);
    }

    public boolean is(String someRole) {
        return role.equals(someRole);
    }
}
