package dev.anshin.consent;

/** What a member asks of the issuer about the personal data it holds (Art. 4; APPI Arts. 33-35). */
public enum PrivacyRequestKind {
    /** 開示: disclose what the issuer holds. */
    DISCLOSURE,
    /** 訂正: correct it (the details say what is wrong and what is right). */
    CORRECTION,
    /** 削除: delete it. */
    DELETION,
    /** 利用停止: stop using it. */
    STOP_OF_USE
}
