package dev.anshin.consent.service;

import dev.anshin.consent.ActorKind;

/** Who records a consent change: the member, an operator acting on the member's request, or a system. */
public record Actor(ActorKind kind, String id) {
}
