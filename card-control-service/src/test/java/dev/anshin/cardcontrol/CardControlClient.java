package dev.anshin.cardcontrol;

import java.net.URI;

import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.cardcontrol.v1.CardControlServiceGrpc;
import dev.anshin.api.cardcontrol.v1.IssueCardRequest;
import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.kit.testing.GrpcTestClient;
import dev.anshin.kit.testing.Tokens;

/** A real gRPC client of card-control, on the port Quarkus picked, with the caller's bearer token. */
public final class CardControlClient extends GrpcTestClient {

    public CardControlClient(URI baseUri) {
        super(baseUri);
    }

    public CardControlServiceGrpc.CardControlServiceBlockingStub as(String token) {
        return CardControlServiceGrpc.newBlockingStub(channel(token));
    }

    public CardControlServiceGrpc.CardControlServiceBlockingStub anonymous() {
        return CardControlServiceGrpc.newBlockingStub(channel());
    }

    /** Issues a card through the onboarding role, as the issuer's back office would. */
    public Card issueCard(String memberId, CardBrand brand, boolean numberless, long contractLimit) {
        return as(Tokens.system("onboarding-system", "card-issuer")).issueCard(IssueCardRequest.newBuilder()
                .setMemberId(MemberId.newBuilder().setValue(memberId))
                .setBrand(brand)
                .setNumberless(numberless)
                .setContractLimit(Yen.newBuilder().setAmount(contractLimit))
                .build()).getCard();
    }
}
