package dev.anshin.consent;

/** How consent to a purpose works. Names match {@code anshin.consent.v1.NoticeMechanism}. */
public enum NoticeMechanism {
    /** An application cannot go without it, and it cannot be withdrawn while the contract lives. */
    REQUIRED,
    /** Optional: the member may decline it on the application and stop it at any time. */
    OPT_OUT;

    public static NoticeMechanism of(boolean required) {
        return required ? REQUIRED : OPT_OUT;
    }
}
