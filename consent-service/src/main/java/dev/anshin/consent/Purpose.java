package dev.anshin.consent;

/** Purposes of use in the consent clause. Names match {@code anshin.consent.v1.Purpose}. */
public enum Purpose {
    /** Credit screening and management (Art. 1). Required. */
    CREDIT_MANAGEMENT,
    /** Credit-bureau inquiry and registration (Art. 3). Required, its own purpose. */
    CREDIT_BUREAU,
    /** The issuer's own marketing (Art. 2(1)①). Optional; the member may stop it at any time. */
    MARKETING_OWN,
    /** Marketing on behalf of third parties (Art. 2(1)②). Optional; the member may stop it at any time. */
    MARKETING_THIRD_PARTY,
    /** Market research and product development (Art. 2(1)③). Optional. */
    MARKET_RESEARCH
}
