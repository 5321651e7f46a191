package dev.anshin.cardcontrol.threeds;

/** How the cardholder reached the merchant (EMV 3DS deviceChannel). */
public enum DeviceChannel {
    APP,
    BROWSER
}
