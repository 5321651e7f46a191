package dev.anshin.cardcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.cardcontrol.v1.CardControlServiceGrpc.CardControlServiceBlockingStub;
import dev.anshin.api.cardcontrol.v1.LossKind;
import dev.anshin.api.cardcontrol.v1.PlaceFraudHoldRequest;
import dev.anshin.api.cardcontrol.v1.ReissueReason;
import dev.anshin.api.cardcontrol.v1.ReportLossRequest;
import dev.anshin.api.cardcontrol.v1.RequestReissueRequest;
import dev.anshin.api.cardcontrol.v1.RevealCardCredentialsRequest;
import dev.anshin.api.cardcontrol.v1.SetUsableLimitRequest;
import dev.anshin.api.cardcontrol.v1.SuspendCardRequest;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.kit.auth.StepUp;
import dev.anshin.kit.testing.ErrorDetails;
import dev.anshin.kit.testing.Tokens;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * card-control refuses a change that needs a two-step sign-in itself, whoever forwarded the token: anything inside
 * the network that reaches it directly cannot skip the gateway's step-up.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class TwoStepEnforcedHereTest extends CardTestSupport {

    @Test
    void aPasswordOnlyMemberTokenIsRefusedBySuspendReissueLossLimitAndRevealAndNothingChanges() {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_JCB, true, 500_000);
        CardControlServiceBlockingStub passwordOnly = client().as(Tokens.memberPasswordOnly(member));
        int historyBefore = historyOf(member, card.getId()).size();

        List<Function<CardControlServiceBlockingStub, Object>> changes = List.of(
                stub -> stub.suspendCard(SuspendCardRequest.newBuilder().setCardId(card.getId()).build()),
                stub -> stub.requestReissue(RequestReissueRequest.newBuilder().setCardId(card.getId())
                        .setReason(ReissueReason.REISSUE_REASON_DAMAGED).build()),
                stub -> stub.reportLoss(ReportLossRequest.newBuilder().setCardId(card.getId())
                        .setKind(LossKind.LOSS_KIND_STOLEN).build()),
                stub -> stub.setUsableLimit(SetUsableLimitRequest.newBuilder().setCardId(card.getId())
                        .setAmount(Yen.newBuilder().setAmount(100_000)).build()),
                stub -> stub.revealCardCredentials(RevealCardCredentialsRequest.newBuilder().setCardId(card.getId()).build()));
        for (var change : changes) {
            var failure = assertThrows(StatusRuntimeException.class, () -> change.apply(passwordOnly));

            assertEquals(Status.Code.UNAUTHENTICATED, failure.getStatus().getCode());
            assertEquals(StepUp.REASON, ErrorDetails.reason(failure));
            assertEquals("two-step", ErrorDetails.errorInfo(failure).getMetadataOrThrow("acr_values"));
        }

        assertEquals("ACTIVE", stateInDatabase(card.getId().getValue()));
        assertEquals(500_000, queryLong("SELECT usable_limit FROM card WHERE id = ?", card.getId().getValue()));
        assertEquals(historyBefore, historyOf(member, card.getId()).size(), "no transition and no reveal recorded");
        assertEquals(0, queryLong("SELECT COUNT(*) FROM card WHERE replacement_for = ?", card.getId().getValue()),
                "no replacement issued");
    }

    @Test
    void aRevealNeedsATwoStepSignInNoOlderThanFiveMinutes() {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_JCB, true, 500_000);
        String sixMinutesOld = Tokens.of(member).roles("member").acr(Tokens.TWO_STEP)
                .signedInAt(Instant.now().minusSeconds(360)).sign();

        var failure = assertThrows(StatusRuntimeException.class, () -> client().as(sixMinutesOld)
                .revealCardCredentials(RevealCardCredentialsRequest.newBuilder().setCardId(card.getId()).build()));
        var revealed = member(member)
                .revealCardCredentials(RevealCardCredentialsRequest.newBuilder().setCardId(card.getId()).build());

        assertEquals(Status.Code.UNAUTHENTICATED, failure.getStatus().getCode());
        assertEquals("300", ErrorDetails.errorInfo(failure).getMetadataOrThrow("max_age"));
        assertEquals(16, revealed.getCardNumber().length(), "a fresh two-step sign-in still reveals");
    }

    @Test
    void systemsCallingWithClientCredentialsAreNotHeldToAPersonsSignIn() {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 500_000);

        var held = client().as(Tokens.system("velocity-rule", "fraud-engine")).placeFraudHold(
                PlaceFraudHoldRequest.newBuilder().setCardId(card.getId()).build());

        assertEquals("FRAUD_HOLD", stateInDatabase(card.getId().getValue()));
        assertEquals(card.getId(), held.getCard().getId());
    }
}
