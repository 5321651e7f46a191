package dev.anshin.notification;

/** Platforms of a push device. Names match {@code anshin.notification.v1.PushPlatform}. */
public enum PushPlatform {
    ANDROID,
    IOS
}
