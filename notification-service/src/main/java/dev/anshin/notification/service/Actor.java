package dev.anshin.notification.service;

import dev.anshin.notification.ActorKind;

/**
 * Who is calling. A member sees and changes only their own preferences and messages.
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
