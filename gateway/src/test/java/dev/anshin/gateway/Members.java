package dev.anshin.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.cardcontrol.v1.CardControlServiceGrpc;
import dev.anshin.api.cardcontrol.v1.GetCardRequest;
import dev.anshin.api.cardcontrol.v1.IssueCardRequest;
import dev.anshin.api.cardcontrol.v1.PlaceFraudHoldRequest;
import dev.anshin.api.common.v1.CardId;
import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.common.v1.Yen;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.smallrye.jwt.build.Jwt;

/** Members of the tests: their tokens, and cards issued to them (and operator actions) through card-control's RPCs. */
final class Members {

    private Members() {
    }

    static String newMemberId() {
        return "member-" + UUID.randomUUID();
    }

    /** A token from a password-only login (acr "pwd"). */
    static String singleFactor(String memberId) {
        return token(memberId, "pwd", Instant.now());
    }

    /** A token from a password-then-one-time-code login (acr "two-step"). */
    static String twoStep(String memberId) {
        return token(memberId, "two-step", Instant.now());
    }

    /** A two-step token whose login happened {@code ago} ago (RFC 9470 max_age is measured from auth_time). */
    static String twoStepSignedInAgo(String memberId, Duration ago) {
        return token(memberId, "two-step", Instant.now().minus(ago));
    }

    /** The audiences of the mobile client's tokens: the gateway's, and those of the services it forwards them to. */
    static final Set<String> MOBILE_AUDIENCE = Set.of("gateway", "card-control-service", "statement-service",
            "notification-service", "consent-service");

    static String token(String memberId, String acr, Instant authTime) {
        return Jwt.issuer(CardControlSuite.ISSUER)
                .subject(memberId)
                .audience(MOBILE_AUDIENCE)
                .groups(Set.of("member"))
                .claim("acr", acr)
                .claim("auth_time", authTime.getEpochSecond())
                .issuedAt(Instant.now())
                .expiresIn(300)
                .sign();
    }

    /** The contract limit of every test member's account, whole yen. */
    static final long CONTRACT_LIMIT = 500_000;

    /** Issues a card in card-control-service as the issuer's onboarding system would. */
    static Card issueCard(String memberId, CardBrand brand, boolean numberless) {
        return asCaller("onboarding-system", "card-issuer", stub -> stub.issueCard(IssueCardRequest.newBuilder()
                .setMemberId(MemberId.newBuilder().setValue(memberId))
                .setBrand(brand)
                .setNumberless(numberless)
                .setContractLimit(Yen.newBuilder().setAmount(CONTRACT_LIMIT))
                .build()).getCard());
    }

    /** An issuer operator puts the card on fraud hold (no member route does). */
    static Card placeFraudHold(String cardId) {
        return asCaller("operator-sato", "operator", stub -> stub.placeFraudHold(PlaceFraudHoldRequest.newBuilder()
                .setCardId(CardId.newBuilder().setValue(cardId))
                .setComment("case 0001")
                .build()).getCard());
    }

    /** The card as card-control answers it to an operator (the member's view, without the gateway). */
    static Card cardAsOperator(String cardId) {
        return asCaller("operator-sato", "operator", stub -> stub.getCard(GetCardRequest.newBuilder()
                .setCardId(CardId.newBuilder().setValue(cardId)).build()).getCard());
    }

    /** The card's version as card-control's API shows it (the gateway's ETag); not the database column. */
    static long version(String cardId) {
        return cardAsOperator(cardId).getVersion();
    }

    private static <T> T asCaller(String subject, String role,
            Function<CardControlServiceGrpc.CardControlServiceBlockingStub, T> call) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", CardControlSuite.cardControlPort)
                .usePlaintext().build();
        try {
            Metadata headers = new Metadata();
            // A system's token, or an operator signed in with two steps (card-control holds people to its step-up).
            var token = Jwt.issuer(CardControlSuite.ISSUER).subject(subject).audience("card-control-service")
                    .groups(Set.of(role)).expiresIn(300);
            if (role.equals("operator")) {
                token.claim("acr", "two-step").claim("auth_time", Instant.now().getEpochSecond());
            }
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token.sign());
            return call.apply(CardControlServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)));
        } finally {
            channel.shutdownNow();
        }
    }
}
