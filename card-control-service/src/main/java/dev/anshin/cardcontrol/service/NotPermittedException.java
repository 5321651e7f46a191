package dev.anshin.cardcontrol.service;

/** The caller is authenticated but may not do this (a member asking for an operator's operation). */
public class NotPermittedException extends RuntimeException {

    public NotPermittedException(String message) {
        super(message);
    }
}
