package dev.anshin.statement.service;

/** The card a purchase was made with, as a usage line shows it: card-control's id, the brand, the last four digits. */
public record UsedCard(String cardId, String brand, String last4) {
}
