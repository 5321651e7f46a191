package dev.anshin.gateway;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.cardcontrol.v1.CardControlServiceGrpc;
import dev.anshin.api.cardcontrol.v1.IssueCardRequest;
import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.common.v1.Yen;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.smallrye.jwt.build.Jwt;

/** Members of the tests: their tokens, and cards issued to them through card-control's onboarding RPC. */
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

    static String token(String memberId, String acr, Instant authTime) {
        return Jwt.issuer(CardControlSuite.ISSUER)
                .subject(memberId)
                .groups(Set.of("member"))
                .claim("acr", acr)
                .claim("auth_time", authTime.getEpochSecond())
                .issuedAt(Instant.now())
                .expiresIn(300)
                .sign();
    }

    /** Issues a card in card-control-service as the issuer's onboarding system would. */
    static Card issueCard(String memberId, CardBrand brand, boolean numberless) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", CardControlSuite.cardControlPort)
                .usePlaintext().build();
        try {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + Jwt.issuer(CardControlSuite.ISSUER)
                    .subject("onboarding-system").groups(Set.of("card-issuer")).expiresIn(300).sign());
            return CardControlServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .issueCard(IssueCardRequest.newBuilder()
                            .setMemberId(MemberId.newBuilder().setValue(memberId))
                            .setBrand(brand)
                            .setNumberless(numberless)
                            .setContractLimit(Yen.newBuilder().setAmount(500_000))
                            .build())
                    .getCard();
        } finally {
            channel.shutdownNow();
        }
    }
}
