package dev.anshin.cardcontrol;

import java.net.URI;
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

/** A real gRPC client of the service under test, on the port Quarkus picked, with the caller's bearer token. */
public final class CardControlClient implements AutoCloseable {

    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final ManagedChannel channel;

    public CardControlClient(URI baseUri) {
        this.channel = ManagedChannelBuilder.forAddress(baseUri.getHost(), baseUri.getPort()).usePlaintext().build();
    }

    public ManagedChannel channel() {
        return channel;
    }

    public CardControlServiceGrpc.CardControlServiceBlockingStub as(String token) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        return CardControlServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    public CardControlServiceGrpc.CardControlServiceBlockingStub anonymous() {
        return CardControlServiceGrpc.newBlockingStub(channel);
    }

    /** A fresh member id, so tests never see each other's cards. */
    public static String newMemberId() {
        return "member-" + UUID.randomUUID();
    }

    /** Issues a card through the onboarding role, as the issuer's back office would. */
    public Card issueCard(String memberId, CardBrand brand, boolean numberless, long contractLimit) {
        return as(Tokens.cardIssuer()).issueCard(IssueCardRequest.newBuilder()
                .setMemberId(MemberId.newBuilder().setValue(memberId))
                .setBrand(brand)
                .setNumberless(numberless)
                .setContractLimit(Yen.newBuilder().setAmount(contractLimit))
                .build()).getCard();
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
