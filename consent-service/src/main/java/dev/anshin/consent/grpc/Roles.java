package dev.anshin.consent.grpc;

import dev.anshin.kit.auth.PeopleRoles;

/** Roles carried by callers' tokens (realm roles in the OpenID Connect provider), as consent.proto names them. */
public final class Roles {

    /** A member of the issuer, signed in through the mobile app. */
    public static final String MEMBER = PeopleRoles.MEMBER;
    /** Issuer staff. */
    public static final String OPERATOR = PeopleRoles.OPERATOR;
    /** The issuer's application system, recording the consents given on an application. */
    public static final String APPLICATIONS = "applications";
    /** Messaging systems (notification-service) asking whether a marketing purpose may be used. */
    public static final String CONSENT_CHECK = "consent-check";
    /**
     * What consent-service's own client holds to gather a disclosure from card-control, notification- and
     * statement-service (their ExportMemberData). No RPC of this service accepts it.
     */
    public static final String PRIVACY_EXPORT = "privacy-export";
    /** Also consent-service's own client's: card-control's GetAccountStatus (the bureau dates). Accepted by no RPC here. */
    public static final String ACCOUNT_STATUS = "account-status";

    private Roles() {
    }
}
