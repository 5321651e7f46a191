package dev.anshin.notification.service;

/**
 * A provider refused a message in a way no retry can change (an HTTP 4xx other than 429): the delivery is a dead
 * letter at once. The message never holds the recipient or the text.
 */
public class PermanentDeliveryFailure extends RuntimeException {

    public PermanentDeliveryFailure(String message) {
        super(message);
    }
}
