package dev.anshin.cardcontrol.grpc;

import dev.anshin.kit.auth.PeopleRoles;

/** Roles carried by callers' tokens (realm roles in the OpenID Connect provider). */
public final class Roles {

    /** A member of the issuer, signed in through the mobile app. */
    public static final String MEMBER = PeopleRoles.MEMBER;
    /** Issuer staff. */
    public static final String OPERATOR = PeopleRoles.OPERATOR;
    /** The automated fraud-monitoring rules. */
    public static final String FRAUD_ENGINE = "fraud-engine";
    /** The issuer's onboarding system, which opens accounts and issues cards. */
    public static final String CARD_ISSUER = "card-issuer";
    /** The card network asking for authorization decisions. */
    public static final String CARD_NETWORK = "card-network";
    /** The card brands' 3-D Secure directory server asking the issuer to authenticate cardholders. */
    public static final String DIRECTORY_SERVER = "directory-server";
    /** statement-service's outbox relay: credit given back, overdue statements (CreditService). */
    public static final String STATEMENT = "statement";
    /** notification-service, relaying the member's answers: usage confirmations and "this wasn't me". */
    public static final String NOTIFICATION = "notification";
    /** consent-service gathering a member's disclosure (開示): ExportMemberData, and nothing else. */
    public static final String PRIVACY_EXPORT = "privacy-export";
    /** consent-service asking for the account's end date (credit-bureau retention dates): GetAccountStatus only. */
    public static final String ACCOUNT_STATUS = "account-status";

    private Roles() {
    }
}
