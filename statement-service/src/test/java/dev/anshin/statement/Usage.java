package dev.anshin.statement;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.google.protobuf.Timestamp;

import dev.anshin.api.common.v1.CardId;
import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.api.statement.v1.MaskedCard;
import dev.anshin.api.statement.v1.PaymentMethod;
import dev.anshin.api.statement.v1.PostTransactionRequest;
import dev.anshin.api.statement.v1.RecordAuthorizationRequest;
import dev.anshin.api.statement.v1.StatementServiceGrpc;
import dev.anshin.api.statement.v1.StatementServiceGrpc.StatementServiceBlockingStub;
import dev.anshin.kit.testing.GrpcTestClient;
import dev.anshin.kit.testing.Tokens;
import dev.anshin.statement.repository.AuthorizationReleaseRepository;
import dev.anshin.statement.repository.CardTransactionRepository;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The callers of statement-service in its tests, each with its own token: card-control's relay (role card-control),
 * the clearing system (role clearing), a member. Requests are built as their senders build them: an approval as
 * card-control's {@code DecisionEvents} does (authorization id, member, masked card, merchant, amount, time).
 */
final class Usage implements AutoCloseable {

    private final GrpcTestClient client;

    Usage(URI baseUri) {
        this.client = new GrpcTestClient(baseUri);
    }

    /** card-control's outbox relay. */
    StatementServiceBlockingStub cardControl() {
        return stub(Tokens.system("card-control", "card-control"));
    }

    /** The clearing system. */
    StatementServiceBlockingStub clearing() {
        return stub(Tokens.system("anshin-clearing", "clearing"));
    }

    /** The member, through the gateway. */
    StatementServiceBlockingStub member(String memberId) {
        return stub(Tokens.memberPasswordOnly(memberId));
    }

    /** The billing batch. */
    StatementServiceBlockingStub billing() {
        return stub(Tokens.system("anshin-billing", "billing"));
    }

    /** The member, signed in with two steps just now (a payment-method switch needs it). */
    StatementServiceBlockingStub memberTwoStep(String memberId) {
        return stub(Tokens.member(memberId));
    }

    StatementServiceBlockingStub stub(String token) {
        return StatementServiceGrpc.newBlockingStub(client.channel(token));
    }

    static String newAuthorizationId() {
        return "auth-" + UUID.randomUUID();
    }

    static String newCardId() {
        return UUID.randomUUID().toString();
    }

    /** What card-control's relay sends for an approval of {@code amount} yen at {@code at}. */
    static RecordAuthorizationRequest approval(String authorizationId, String memberId, String cardId, long amount,
            String merchant, Instant at) {
        return RecordAuthorizationRequest.newBuilder()
                .setAuthorizationId(authorizationId)
                .setMemberId(MemberId.newBuilder().setValue(memberId))
                .setCard(card(cardId))
                .setMerchantName(merchant)
                .setAmount(Yen.newBuilder().setAmount(amount))
                .setAuthorizedAt(timestamp(at))
                .build();
    }

    /** A clearing record of a lump-sum purchase. */
    static PostTransactionRequest.Builder clearingRecord(String transactionId, String authorizationId, String memberId,
            String cardId, long amount, String merchant, Instant usedAt) {
        return PostTransactionRequest.newBuilder()
                .setTransactionId(transactionId)
                .setAuthorizationId(authorizationId == null ? "" : authorizationId)
                .setMemberId(MemberId.newBuilder().setValue(memberId))
                .setCard(card(cardId))
                .setMerchantName(merchant)
                .setAmount(Yen.newBuilder().setAmount(amount))
                .setPaymentMethod(PaymentMethod.PAYMENT_METHOD_LUMP_SUM)
                .setUsedAt(timestamp(usedAt));
    }

    static MaskedCard card(String cardId) {
        return MaskedCard.newBuilder().setCardId(CardId.newBuilder().setValue(cardId)).setBrand("VISA").setLast4("4242").build();
    }

    static Timestamp timestamp(Instant at) {
        return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
    }

    static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    /** The item stored for the authorization, read from MariaDB. */
    static Optional<CardTransaction> stored(String authorizationId) {
        return QuarkusTransaction.requiringNew().call(() -> Arc.container().instance(CardTransactionRepository.class).get()
                .findByAuthorizationId(authorizationId));
    }

    /** The items stored for the member, read from MariaDB. */
    static long storedCount(String memberId) {
        return QuarkusTransaction.requiringNew().call(() -> Arc.container().instance(CardTransactionRepository.class).get()
                .count("memberId", memberId));
    }

    /** The release recorded for the authorization, if any. */
    static Optional<AuthorizationRelease> release(String authorizationId) {
        return QuarkusTransaction.requiringNew().call(() -> Arc.container().instance(AuthorizationReleaseRepository.class)
                .get().findByIdOptional(authorizationId));
    }

    @Override
    public void close() {
        client.close();
    }
}
