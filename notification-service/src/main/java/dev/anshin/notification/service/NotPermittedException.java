package dev.anshin.notification.service;

/** The caller is authenticated but may not do this (a member token on a call for card-control's events). */
public class NotPermittedException extends RuntimeException {

    public NotPermittedException(String message) {
        super(message);
    }
}
