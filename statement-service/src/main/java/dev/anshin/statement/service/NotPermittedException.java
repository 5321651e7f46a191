package dev.anshin.statement.service;

/** The caller is authenticated but may not do this (a member token on a call for the billing batch). */
public class NotPermittedException extends RuntimeException {

    public NotPermittedException(String message) {
        super(message);
    }
}
