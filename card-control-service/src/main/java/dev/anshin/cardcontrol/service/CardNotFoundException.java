package dev.anshin.cardcontrol.service;

import dev.anshin.kit.error.NotFoundException;

/** No such card, or not one of the calling member's: both answer the same so card ids cannot be probed. */
public class CardNotFoundException extends NotFoundException {

    public CardNotFoundException(String cardId) {
        super("CARD_NOT_FOUND", "card " + cardId + " not found");
    }
}
