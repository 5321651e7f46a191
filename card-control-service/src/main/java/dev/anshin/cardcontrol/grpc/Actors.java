package dev.anshin.cardcontrol.grpc;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.cardcontrol.ActorKind;
import dev.anshin.cardcontrol.service.Actor;
import dev.anshin.kit.auth.Caller;
import dev.anshin.kit.auth.Callers;

/**
 * The caller (the kit's {@link Callers}: member from the token's subject, systems from their roles) as the party
 * recorded on a card's history.
 */
@ApplicationScoped
public class Actors {

    private final Callers callers;

    public Actors(Callers callers) {
        this.callers = callers;
    }

    /** The calling member, or an operator acting on any card. */
    public Actor memberOrOperator() {
        return of(callers.memberOrOperator());
    }

    /** The calling member only. */
    public Actor member() {
        return of(callers.member());
    }

    /** A caller holding one of the roles; any other token is refused. */
    public Actor actor(String... allowedRoles) {
        return of(callers.require(allowedRoles));
    }

    static Actor of(Caller caller) {
        ActorKind kind = switch (caller.role()) {
            case Roles.MEMBER -> ActorKind.MEMBER;
            case Roles.OPERATOR -> ActorKind.OPERATOR;
            case Roles.FRAUD_ENGINE -> ActorKind.FRAUD_ENGINE;
            default -> ActorKind.SYSTEM;
        };
        return new Actor(kind, caller.id());
    }
}
