package dev.anshin.cardcontrol;

import java.util.UUID;

import dev.anshin.api.cardcontrol.v1.AuthorizationServiceGrpc;
import dev.anshin.api.cardcontrol.v1.AuthorizeRequest;
import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.Channel;
import dev.anshin.api.cardcontrol.v1.RevealCardCredentialsRequest;
import dev.anshin.api.cardcontrol.v1.RevealCardCredentialsResponse;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.kit.testing.Tokens;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

/** The card network as tests play it: a client-credentials token with the card-network role. */
final class CardNetwork {

    private final CardControlClient client;

    CardNetwork(CardControlClient client) {
        this.client = client;
    }

    AuthorizationServiceGrpc.AuthorizationServiceBlockingStub stub() {
        return stub(Tokens.system("card-network-client", "card-network"));
    }

    AuthorizationServiceGrpc.AuthorizationServiceBlockingStub stub(String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return AuthorizationServiceGrpc.newBlockingStub(client.channel())
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    /** A numberless card's details as its member sees them, so the network can be asked about the real number. */
    RevealCardCredentialsResponse detailsOf(String memberId, Card card) {
        return client.as(Tokens.member(memberId)).revealCardCredentials(
                RevealCardCredentialsRequest.newBuilder().setCardId(card.getId()).build());
    }

    static AuthorizeRequest.Builder purchase(RevealCardCredentialsResponse details, long yen) {
        return AuthorizeRequest.newBuilder()
                .setAuthorizationId("auth-" + UUID.randomUUID())
                .setCardNumber(details.getCardNumber())
                .setExpiry(details.getExpiry())
                .setAmount(Yen.newBuilder().setAmount(yen))
                .setMerchantName("セブンマート 新宿店")
                .setMerchantCategoryCode("5411")
                .setMerchantCountry("JP")
                .setChannel(Channel.CHANNEL_IN_STORE);
    }
}
