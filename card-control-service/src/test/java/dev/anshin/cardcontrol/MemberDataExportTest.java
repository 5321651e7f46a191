package dev.anshin.cardcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.cardcontrol.v1.CardControlServiceGrpc;
import dev.anshin.api.cardcontrol.v1.CardTransition;
import dev.anshin.api.cardcontrol.v1.ExportMemberDataRequest;
import dev.anshin.api.cardcontrol.v1.ExportMemberDataResponse;
import dev.anshin.api.cardcontrol.v1.PlaceFraudHoldRequest;
import dev.anshin.api.cardcontrol.v1.RevealCardCredentialsRequest;
import dev.anshin.api.cardcontrol.v1.SuspendCardRequest;
import dev.anshin.api.cardcontrol.v1.TransitionReason;
import dev.anshin.api.common.v1.ActorKind;
import dev.anshin.api.common.v1.MemberId;
import dev.anshin.kit.testing.Tokens;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * ExportMemberData: what card-control holds on a member for a disclosure (開示), gathered by consent-service under the
 * role {@code privacy-export} and no other; cards masked, their history, nothing secret.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class MemberDataExportTest extends CardTestSupport {

    private CardControlServiceGrpc.CardControlServiceBlockingStub consentService() {
        return client().as(Tokens.system("consent-service", "privacy-export"));
    }

    private static ExportMemberDataRequest of(String member) {
        return ExportMemberDataRequest.newBuilder().setMemberId(MemberId.newBuilder().setValue(member)).build();
    }

    @Test
    void theExportHoldsEveryCardMaskedAndEveryCardsHistoryAndNothingSecret() {
        String member = CardControlClient.newMemberId();
        Card numberless = client().issueCard(member, CardBrand.CARD_BRAND_JCB, true, 500_000);
        Card visa = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 500_000);
        var credentials = member(member).revealCardCredentials(RevealCardCredentialsRequest.newBuilder()
                .setCardId(numberless.getId()).build());
        member(member).suspendCard(SuspendCardRequest.newBuilder().setCardId(visa.getId()).setComment("on holiday").build());
        client().as(Tokens.system("velocity-rule", "fraud-engine")).placeFraudHold(PlaceFraudHoldRequest.newBuilder()
                .setCardId(numberless.getId()).setComment("rule V-1 internal note").build());
        String stranger = CardControlClient.newMemberId();
        Card strangers = client().issueCard(stranger, CardBrand.CARD_BRAND_VISA, false, 300_000);

        ExportMemberDataResponse export = consentService().exportMemberData(of(member));

        assertThat(export.getCardsList()).extracting(card -> card.getId().getValue())
                .containsExactlyInAnyOrder(numberless.getId().getValue(), visa.getId().getValue());
        assertThat(export.getCardsList()).extracting(Card::getLast4)
                .containsExactlyInAnyOrder(credentials.getCardNumber().substring(12), visa.getLast4());
        List<CardTransition> history = export.getTransitionsList();
        assertThat(history).extracting(entry -> entry.getCardId().getValue())
                .doesNotContain(strangers.getId().getValue());
        assertThat(history).filteredOn(entry -> entry.getCardId().equals(numberless.getId()))
                .extracting(CardTransition::getReason).containsExactly(TransitionReason.TRANSITION_REASON_ISSUED,
                        TransitionReason.TRANSITION_REASON_CREDENTIALS_REVEALED,
                        TransitionReason.TRANSITION_REASON_FRAUD_HOLD_PLACED);
        CardTransition suspension = history.stream()
                .filter(entry -> entry.getReason() == TransitionReason.TRANSITION_REASON_TEMPORARY_STOP).findFirst().orElseThrow();
        assertEquals("on holiday", suspension.getComment(), "the member's own entries keep their comment");
        assertEquals(member, suspension.getActor().getId());
        CardTransition hold = history.stream()
                .filter(entry -> entry.getReason() == TransitionReason.TRANSITION_REASON_FRAUD_HOLD_PLACED).findFirst().orElseThrow();
        assertEquals(ActorKind.ACTOR_KIND_FRAUD_ENGINE, hold.getActor().getKind());
        assertThat(hold.getActor().getId()).as("no rule or staff id").isEmpty();
        assertThat(hold.getComment()).as("no internal note").isEmpty();
        String whole = new String(export.toByteArray(), StandardCharsets.ISO_8859_1) + export;
        assertThat(whole).doesNotContain(credentials.getCardNumber()).doesNotContain("rule V-1");
    }

    @Test
    void aMemberWithoutCardsHasAnEmptyExport() {
        ExportMemberDataResponse export = consentService().exportMemberData(of(CardControlClient.newMemberId()));

        assertThat(export.getCardsList()).isEmpty();
        assertThat(export.getTransitionsList()).isEmpty();
    }

    @Test
    void onlyThePrivacyExportRoleMayExport() {
        String member = CardControlClient.newMemberId();
        client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 500_000);

        for (String token : List.of(Tokens.member(member), Tokens.operator("operator-sato"),
                Tokens.system("notification", "notification"), Tokens.system("onboarding-system", "card-issuer"))) {
            var refused = assertThrows(StatusRuntimeException.class, () -> client().as(token).exportMemberData(of(member)));
            assertEquals(Status.Code.PERMISSION_DENIED, refused.getStatus().getCode());
        }
    }

    @Test
    void aMissingMemberIsInvalid() {
        var refused = assertThrows(StatusRuntimeException.class,
                () -> consentService().exportMemberData(ExportMemberDataRequest.getDefaultInstance()));

        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
    }
}
