package dev.anshin.notification;

/** The language a member reads messages in. Every text exists in both. */
public enum Language {
    /** 日本語, the default. */
    JA,
    /** English. */
    EN
}
