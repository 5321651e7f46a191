package dev.anshin.consent.grpc;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.api.common.v1.MemberId;
import dev.anshin.consent.ActorKind;
import dev.anshin.consent.service.Actor;
import dev.anshin.kit.auth.Caller;
import dev.anshin.kit.auth.Callers;
import dev.anshin.kit.error.InvalidRequestException;

/**
 * The caller (the kit's {@link Callers}) as the party recorded on a consent event, and the member a call is about:
 * a member's own id from the token's subject, never from the request; an operator names the member in the request.
 */
@ApplicationScoped
public class Actors {

    private final Callers callers;

    public Actors(Callers callers) {
        this.callers = callers;
    }

    /** A caller holding one of the roles; any other token is refused. */
    public Actor actor(String... allowedRoles) {
        return of(callers.require(allowedRoles));
    }

    /** The calling member or an operator, and the member the call is about. */
    public Acting memberOrOperator(MemberId requested) {
        Actor actor = of(callers.memberOrOperator());
        String named = requested.getValue();
        if (actor.kind() == ActorKind.MEMBER) {
            if (!named.isEmpty() && !named.equals(actor.id())) {
                throw new InvalidRequestException("member_id is for operators; members leave it unset");
            }
            return new Acting(actor, actor.id());
        }
        if (named.isBlank()) {
            throw new InvalidRequestException("member_id is required for an operator");
        }
        return new Acting(actor, named);
    }

    /** The calling member's id, whose data alone they may see; null for an operator, who may see any member's. */
    public String memberScope() {
        Actor actor = of(callers.memberOrOperator());
        return actor.kind() == ActorKind.MEMBER ? actor.id() : null;
    }

    /** Who acts, and for which member. */
    public record Acting(Actor actor, String memberId) {
    }

    static Actor of(Caller caller) {
        ActorKind kind = switch (caller.role()) {
            case Roles.MEMBER -> ActorKind.MEMBER;
            case Roles.OPERATOR -> ActorKind.OPERATOR;
            default -> ActorKind.SYSTEM;
        };
        return new Actor(kind, caller.id());
    }
}
