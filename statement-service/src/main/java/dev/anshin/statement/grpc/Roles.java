package dev.anshin.statement.grpc;

import dev.anshin.kit.auth.PeopleRoles;

/** Roles carried by callers' tokens (realm roles in the OpenID Connect provider), as statement.proto names them. */
public final class Roles {

    /** A member of the issuer, signed in through the mobile app. */
    public static final String MEMBER = PeopleRoles.MEMBER;
    /** Issuer staff: reading every member's disputes and moving them on. */
    public static final String OPERATOR = PeopleRoles.OPERATOR;
    /** card-control-service's outbox relay, reporting approved authorizations. */
    public static final String CARD_CONTROL = "card-control";
    /** The clearing system, posting cleared transactions. */
    public static final String CLEARING = "clearing";
    /** The billing batch, closing cycles and reporting debit results. */
    public static final String BILLING = "billing";
    /** consent-service gathering a member's disclosure (開示): ExportMemberData, and nothing else. */
    public static final String PRIVACY_EXPORT = "privacy-export";

    private Roles() {
    }
}
