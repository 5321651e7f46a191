package dev.anshin.cardcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.AnswerAuthenticationChallengeRequest;
import dev.anshin.api.cardcontrol.v1.AuthenticateResponse;
import dev.anshin.api.cardcontrol.v1.AuthorizeRequest;
import dev.anshin.api.cardcontrol.v1.AuthorizeResponse;
import dev.anshin.api.cardcontrol.v1.Channel;
import dev.anshin.api.cardcontrol.v1.Decision;
import dev.anshin.api.cardcontrol.v1.DeclineReason;
import dev.anshin.api.cardcontrol.v1.GetAuthenticationResultRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * 3-D Secure at Authorize, on MariaDB: an authentication value counts once and only for its own purchase; an
 * unauthenticated online purchase at or above 10,000 yen (the default threshold) is soft-declined.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class AuthenticationAtAuthorizationTest extends CardTestSupport {

    /** An authentication the member approved in the app: its id and value. */
    record Authenticated(String acsTransactionId, String value) {
    }

    Authenticated authenticated(Cardholder h, long yen) {
        DirectoryServer ds = new DirectoryServer(client());
        AuthenticateResponse challenged = ds.stub().authenticate(DirectoryServer.areq(h.details(), yen, "phone-" + UUID.randomUUID()).build());
        ds.app(h.member()).answerAuthenticationChallenge(AnswerAuthenticationChallengeRequest.newBuilder()
                .setId(challenged.getAcsTransactionId()).setApprove(true).build());
        String value = ds.stub().getAuthenticationResult(GetAuthenticationResultRequest.newBuilder()
                .setAcsTransactionId(challenged.getAcsTransactionId()).build()).getAuthenticationValue();
        return new Authenticated(challenged.getAcsTransactionId(), value);
    }

    /** The online purchase the directory server's AReq described (same merchant), for {@code yen}. */
    static AuthorizeRequest.Builder onlinePurchase(Cardholder h, long yen) {
        return CardNetwork.purchase(h.details(), yen)
                .setChannel(Channel.CHANNEL_ONLINE)
                .setMerchantName("アンシン書店 オンライン")
                .setMerchantCategoryCode("5942");
    }

    static AuthorizeRequest.Builder withValue(AuthorizeRequest.Builder purchase, Authenticated a) {
        return purchase.setAuthenticationValue(a.value()).setAuthenticationTransactionId(a.acsTransactionId());
    }

    AuthorizeResponse authorize(AuthorizeRequest request) {
        return new CardNetwork(client()).stub().authorize(request);
    }

    @Test
    void aValidUnusedValueBoundToThePurchaseIsAcceptedOnceAndRefusedTheSecondTime() {
        Cardholder h = cardholder();
        Authenticated a = authenticated(h, 50_000);

        AuthorizeResponse first = authorize(withValue(onlinePurchase(h, 50_000), a).build());
        AuthorizeResponse second = authorize(withValue(onlinePurchase(h, 50_000), a).build());

        assertEquals(Decision.DECISION_APPROVED, first.getDecision());
        assertTrue(first.getAuthenticated());
        assertEquals(a.acsTransactionId(), queryString(
                "SELECT authentication_id FROM card_authorization WHERE authorization_id = ?", first.getAuthorizationId()));
        assertEquals(first.getAuthorizationId(), queryString(
                "SELECT used_by_authorization_id FROM cardholder_authentication WHERE acs_transaction_id = ?", a.acsTransactionId()));
        assertEquals(DeclineReason.DECLINE_REASON_AUTHENTICATION_VALUE_USED, second.getDeclineReason());
        assertFalse(second.getAuthenticated());
    }

    @Test
    void theNetworkRepeatingAnAuthenticatedAuthorizationGetsTheSameAnswer() {
        Cardholder h = cardholder();
        Authenticated a = authenticated(h, 50_000);
        AuthorizeRequest purchase = withValue(onlinePurchase(h, 50_000), a).build();

        AuthorizeResponse first = authorize(purchase);
        AuthorizeResponse again = authorize(purchase);

        // (decided_at aside: MariaDB keeps whole seconds through mysql-connector-j, see the README's Tests)
        assertEquals(first.getApprovalCode(), again.getApprovalCode());
        assertEquals(Decision.DECISION_APPROVED, again.getDecision());
        assertTrue(again.getAuthenticated());
    }

    @Test
    void aValueForOneThousandYenIsRefusedForANineThousandYenAuthorization() {
        Cardholder h = cardholder();
        Authenticated a = authenticated(h, 1_000);

        AuthorizeResponse response = authorize(withValue(onlinePurchase(h, 9_000), a).build());

        assertEquals(DeclineReason.DECLINE_REASON_AUTHENTICATION_OTHER_PURCHASE, response.getDeclineReason());
        assertNull(queryString("SELECT used_at FROM cardholder_authentication WHERE acs_transaction_id = ?", a.acsTransactionId()));
        assertEquals(Decision.DECISION_APPROVED, authorize(withValue(onlinePurchase(h, 1_000), a).build()).getDecision());
    }

    @Test
    void aValueOfAnotherMerchantIsRefusedAsAnotherPurchase() {
        Cardholder h = cardholder();
        Authenticated a = authenticated(h, 20_000);

        AuthorizeResponse response = authorize(withValue(onlinePurchase(h, 20_000).setMerchantName("別の店"), a).build());

        assertEquals(DeclineReason.DECLINE_REASON_AUTHENTICATION_OTHER_PURCHASE, response.getDeclineReason());
    }

    @Test
    void aValueThatDoesNotVerifyIsDeclinedAsInvalid() {
        Cardholder h = cardholder();
        Authenticated a = authenticated(h, 20_000);
        String forged = a.value().substring(0, a.value().length() - 2) + (a.value().endsWith("AA") ? "BB" : "AA");

        AuthorizeResponse forgedValue = authorize(onlinePurchase(h, 20_000)
                .setAuthenticationValue(forged).setAuthenticationTransactionId(a.acsTransactionId()).build());
        AuthorizeResponse unknownKey = authorize(onlinePurchase(h, 20_000)
                .setAuthenticationValue("nokey." + a.value().substring(a.value().indexOf('.') + 1))
                .setAuthenticationTransactionId(a.acsTransactionId()).build());

        assertEquals(DeclineReason.DECLINE_REASON_AUTHENTICATION_VALUE_INVALID, forgedValue.getDeclineReason());
        assertEquals(DeclineReason.DECLINE_REASON_AUTHENTICATION_VALUE_INVALID, unknownKey.getDeclineReason());
        assertNull(queryString("SELECT used_at FROM cardholder_authentication WHERE acs_transaction_id = ?", a.acsTransactionId()));
    }

    @Test
    void anOnlinePurchaseAtTheThresholdWithoutAuthenticationIsSoftDeclinedAsAuthenticationRequired() {
        Cardholder h = cardholder();

        AuthorizeResponse atThreshold = authorize(onlinePurchase(h, 10_000).build());
        AuthorizeResponse under = authorize(onlinePurchase(h, 9_999).build());
        AuthorizeResponse inStore = authorize(CardNetwork.purchase(h.details(), 10_000).build());

        assertEquals(DeclineReason.DECLINE_REASON_AUTHENTICATION_REQUIRED, atThreshold.getDeclineReason());
        assertEquals(0, queryLong("SELECT outstanding FROM card WHERE id = ?", h.card().getId().getValue()) - 9_999 - 10_000);
        assertEquals(Decision.DECISION_APPROVED, under.getDecision());
        assertEquals(Decision.DECISION_APPROVED, inStore.getDecision());
    }
}
