package dev.anshin.consent.service;

/** The caller is authenticated but may not do this (a member token on a call for the application system). */
public class NotPermittedException extends RuntimeException {

    public NotPermittedException(String message) {
        super(message);
    }
}
