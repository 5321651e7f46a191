package dev.anshin.cardcontrol;

import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.RevealCardCredentialsResponse;

/**
 * A member with a numberless card, and the card's details as the card network and a merchant's 3-D Secure server send
 * them (revealed once in the app: {@link CardNetwork#detailsOf}). Made by {@link CardTestSupport#cardholder}.
 */
record Cardholder(String member, Card card, RevealCardCredentialsResponse details) {
}
