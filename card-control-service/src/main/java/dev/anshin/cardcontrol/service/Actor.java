package dev.anshin.cardcontrol.service;

import dev.anshin.cardcontrol.ActorKind;

/**
 * Who is calling. A member acts on their own cards only; every other kind acts on any card.
 *
 * @param kind what kind of party
 * @param id the member id (token subject), the operator's id, the fraud rule or the system job
 */
public record Actor(ActorKind kind, String id) {

    public static Actor member(String memberId) {
        return new Actor(ActorKind.MEMBER, memberId);
    }

    public static Actor operator(String operatorId) {
        return new Actor(ActorKind.OPERATOR, operatorId);
    }

    public static Actor system(String name) {
        return new Actor(ActorKind.SYSTEM, name);
    }

    public boolean isMember() {
        return kind == ActorKind.MEMBER;
    }
}
