package dev.anshin.cardcontrol.service;

/** No such card, or not one of the calling member's: both answer the same so card ids cannot be probed. */
public class CardNotFoundException extends RuntimeException {

    public CardNotFoundException(String cardId) {
        super("card " + cardId + " not found");
    }
}
