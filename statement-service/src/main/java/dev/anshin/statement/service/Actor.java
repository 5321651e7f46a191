package dev.anshin.statement.service;

import dev.anshin.statement.ActorKind;

/**
 * Who is calling. A member sees only their own usage and statements; another member's is "not found".
 *
 * @param kind what kind of party
 * @param id the member id (token subject), the operator's id or the calling system's
 */
public record Actor(ActorKind kind, String id) {

    public static Actor member(String memberId) {
        return new Actor(ActorKind.MEMBER, memberId);
    }

    public boolean isMember() {
        return kind == ActorKind.MEMBER;
    }
}
