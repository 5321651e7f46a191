package dev.anshin.notification;

/** Channels a notification goes out on. */
public enum DeliveryChannel {
    EMAIL,
    SMS,
    PUSH
}
