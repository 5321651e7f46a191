package dev.anshin.consent.service;

import dev.anshin.consent.ActorKind;

/**
 * Who is calling, recorded on every consent event. A member acts on their own consent only; an operator acts on a
 * member's request.
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
