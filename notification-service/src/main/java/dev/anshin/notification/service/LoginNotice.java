package dev.anshin.notification.service;

import java.time.Instant;

/**
 * A successful login as the identity provider reported it.
 *
 * @param eventId the provider's id of the event; one notice per id
 * @param client the client signed in to (its client id at the provider)
 * @param device the device description, or null when not known
 * @param approximateLocation city and country from the IP address, or null when not known
 */
public record LoginNotice(String eventId, String memberId, Instant loggedInAt, String ipAddress, String client,
        Method method, String device, String approximateLocation) {

    /** How the member proved who they are. */
    public enum Method {
        PASSWORD, TWO_STEP, UNKNOWN
    }
}
