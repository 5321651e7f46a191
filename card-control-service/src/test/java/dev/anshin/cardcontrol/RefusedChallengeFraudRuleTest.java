package dev.anshin.cardcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.AnswerAuthenticationChallengeRequest;
import dev.anshin.api.cardcontrol.v1.AnswerAuthenticationChallengeResponse;
import dev.anshin.api.cardcontrol.v1.AuthenticateResponse;
import dev.anshin.api.cardcontrol.v1.AuthorizeResponse;
import dev.anshin.api.cardcontrol.v1.ChallengeMethod;
import dev.anshin.api.cardcontrol.v1.Channel;
import dev.anshin.api.cardcontrol.v1.Decision;
import dev.anshin.api.cardcontrol.v1.DeclineReason;
import dev.anshin.api.cardcontrol.v1.GetAuthenticationResultRequest;
import dev.anshin.api.cardcontrol.v1.SubmitAuthenticationCodeRequest;
import dev.anshin.api.cardcontrol.v1.TransactionStatus;
import dev.anshin.cardcontrol.threeds.service.AuthenticationCodes;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The fraud rule "refused-challenge": a 3-D Secure challenge denied by the member, or failed by wrong codes, counts like
 * a declined usage confirmation. For {@code anshin.authorization.fraud.refused-challenge-window} (24 hours) after it,
 * a purchase on the card without 3-D Secure authentication is declined as suspected fraud (and the member asked by
 * SMS), and Authenticate challenges rather than going frictionless.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class RefusedChallengeFraudRuleTest extends CardTestSupport {

    @Inject
    AuthenticationCodes codes;

    AuthenticateResponse challenge(Cardholder h) {
        AuthenticateResponse c = ds().stub().authenticate(DirectoryServer.areq(h.details(), 50_000, "b-" + UUID.randomUUID()).build());
        assertEquals(TransactionStatus.TRANSACTION_STATUS_CHALLENGE_REQUIRED, c.getStatus());
        return c;
    }

    AnswerAuthenticationChallengeResponse answer(Cardholder h, AuthenticateResponse c, boolean approve) {
        return ds().app(h.member()).answerAuthenticationChallenge(AnswerAuthenticationChallengeRequest.newBuilder()
                .setId(c.getAcsTransactionId()).setApprove(approve).build());
    }

    AuthorizeResponse inStorePurchase(Cardholder h) {
        return new CardNetwork(client()).stub().authorize(CardNetwork.purchase(h.details(), 1_000).build());
    }

    @Test
    void aDeniedChallengeHoldsTheCardsNextPurchase() {
        Cardholder h = cardholder();
        answer(h, challenge(h), false);

        AuthorizeResponse next = inStorePurchase(h);

        assertEquals(Decision.DECISION_DECLINED, next.getDecision());
        assertEquals(DeclineReason.DECLINE_REASON_SUSPECTED_FRAUD, next.getDeclineReason());
        assertTrue(next.getUsageConfirmationRequested(), "the member is asked by SMS, as for any fraud rule");
    }

    @Test
    void aFailedSmsChallengeHoldsTheCardsNextPurchase() {
        Cardholder h = cardholder();
        AuthenticateResponse sms = ds().stub().authenticate(DirectoryServer.areq(h.details(), 50_000, "b-" + UUID.randomUUID())
                .setChallengeMethod(ChallengeMethod.CHALLENGE_METHOD_SMS_CODE).build());
        String wrong = codes.derive(codes.activeKeyId(), sms.getAcsTransactionId()).equals("999999") ? "999998" : "999999";
        for (int i = 0; i < 3; i++) {
            ds().stub().submitAuthenticationCode(SubmitAuthenticationCodeRequest.newBuilder()
                    .setAcsTransactionId(sms.getAcsTransactionId()).setCode(wrong).build());
        }

        assertEquals(DeclineReason.DECLINE_REASON_SUSPECTED_FRAUD, inStorePurchase(h).getDeclineReason());
    }

    @Test
    void anApprovedChallengeHoldsNothing() {
        Cardholder h = cardholder();
        answer(h, challenge(h), true);

        assertEquals(Decision.DECISION_APPROVED, inStorePurchase(h).getDecision());
        assertNull(queryString("SELECT challenge_refused_at FROM card WHERE id = ?", h.card().getId().getValue()));
    }

    @Test
    void aChallengeRefusedLongerAgoThanTheWindowHoldsNothing() {
        Cardholder h = cardholder();
        answer(h, challenge(h), false);
        update("UPDATE card SET challenge_refused_at = challenge_refused_at - INTERVAL 25 HOUR WHERE id = ?",
                h.card().getId().getValue());

        assertEquals(Decision.DECISION_APPROVED, inStorePurchase(h).getDecision());
    }

    @Test
    void aRefusedChallengeDoesNotChangeTheCardsVersion() {
        Cardholder h = cardholder();
        long before = client().as(dev.anshin.kit.testing.Tokens.member(h.member())).getCard(
                dev.anshin.api.cardcontrol.v1.GetCardRequest.newBuilder().setCardId(h.card().getId()).build()).getCard().getVersion();
        answer(h, challenge(h), false);

        long after = client().as(dev.anshin.kit.testing.Tokens.member(h.member())).getCard(
                dev.anshin.api.cardcontrol.v1.GetCardRequest.newBuilder().setCardId(h.card().getId()).build()).getCard().getVersion();
        assertEquals(before, after, "a refused challenge is not an edit of the card (its ETag stays)");
    }

    @Test
    void afterARefusedChallengeAuthenticateChallengesAndAnAuthenticatedPurchaseGoesThrough() {
        Cardholder h = cardholder();
        answer(h, challenge(h), false);

        AuthenticateResponse next = challenge(h);
        assertThat(next.getRiskReasonsList()).contains("FRAUD_RULE_REFUSED_CHALLENGE");
        answer(h, next, true);
        String value = ds().stub().getAuthenticationResult(GetAuthenticationResultRequest.newBuilder()
                .setAcsTransactionId(next.getAcsTransactionId()).build()).getAuthenticationValue();

        AuthorizeResponse authenticated = new CardNetwork(client()).stub().authorize(CardNetwork.purchase(h.details(), 50_000)
                .setChannel(Channel.CHANNEL_ONLINE)
                .setMerchantName("アンシン書店 オンライン")
                .setMerchantCategoryCode("5942")
                .setAuthenticationValue(value)
                .setAuthenticationTransactionId(next.getAcsTransactionId())
                .build());
        assertEquals(Decision.DECISION_APPROVED, authenticated.getDecision(),
                "the cardholder has just proved themselves: the purchase is not held for the earlier refusal");
        assertEquals(DeclineReason.DECLINE_REASON_SUSPECTED_FRAUD, inStorePurchase(h).getDeclineReason(),
                "an unauthenticated purchase still is");
    }
}
