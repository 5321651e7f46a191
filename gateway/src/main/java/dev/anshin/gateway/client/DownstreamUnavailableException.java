package dev.anshin.gateway.client;

/** A downstream service did not answer in time or is down; the request may be retried later. */
public class DownstreamUnavailableException extends RuntimeException {

    public DownstreamUnavailableException(String service, Throwable cause) {
        super(service + " is unavailable", cause);
    }
}
