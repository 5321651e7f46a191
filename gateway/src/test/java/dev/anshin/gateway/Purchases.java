package dev.anshin.gateway;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import com.google.protobuf.Timestamp;

import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.common.v1.CalendarDate;
import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.api.statement.v1.AdvanceDisputeRequest;
import dev.anshin.api.statement.v1.CloseCycleRequest;
import dev.anshin.api.statement.v1.DisputeStatus;
import dev.anshin.api.statement.v1.MaskedCard;
import dev.anshin.api.statement.v1.PaymentMethod;
import dev.anshin.api.statement.v1.PostTransactionRequest;
import dev.anshin.api.statement.v1.RecordAuthorizationRequest;
import dev.anshin.api.statement.v1.StatementServiceGrpc;
import dev.anshin.api.statement.v1.Transaction;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.smallrye.jwt.build.Jwt;

/**
 * Purchases on test members' cards, made the way they reach statement-service in production: an approval as
 * card-control's outbox relay sends it (role card-control), a clearing record as the clearing system posts it (role
 * clearing), each with its own token minted for statement-service.
 */
final class Purchases {

    private Purchases() {
    }

    /** An approved authorization of {@code amount} yen at {@code at}: a pending item. */
    static Transaction approve(String memberId, Card card, long amount, String merchant, Instant at) {
        return as("card-control", "card-control", stub -> stub.recordAuthorization(RecordAuthorizationRequest.newBuilder()
                .setAuthorizationId("auth-" + UUID.randomUUID())
                .setMemberId(MemberId.newBuilder().setValue(memberId))
                .setCard(masked(card))
                .setMerchantName(merchant)
                .setAmount(Yen.newBuilder().setAmount(amount))
                .setAuthorizedAt(timestamp(at))
                .build()).getTransaction());
    }

    /** A purchase cleared without an authorization, paid by {@code method}: a posted item. */
    static Transaction post(String memberId, Card card, long amount, String merchant, Instant at, PaymentMethod method,
            int installments) {
        return as("anshin-clearing", "clearing", stub -> stub.postTransaction(PostTransactionRequest.newBuilder()
                .setTransactionId("clr-" + UUID.randomUUID())
                .setMemberId(MemberId.newBuilder().setValue(memberId))
                .setCard(masked(card))
                .setMerchantName(merchant)
                .setAmount(Yen.newBuilder().setAmount(amount))
                .setPaymentMethod(method)
                .setInstallmentCount(installments)
                .setUsedAt(timestamp(at))
                .build()).getTransaction());
    }

    /** The billing batch (role billing) closes the cycle ending on that 10th; whether it changed anything. */
    static boolean closeCycle(LocalDate closingDate) {
        return as("anshin-billing", "billing", stub -> stub.closeCycle(CloseCycleRequest.newBuilder()
                .setClosingDate(CalendarDate.newBuilder().setYear(closingDate.getYear())
                        .setMonth(closingDate.getMonthValue()).setDay(closingDate.getDayOfMonth()))
                .build()).getChanged());
    }

    /** The billing batch (role billing) reports the statement's debit: paid or failed. */
    static void recordPayment(String statementId, dev.anshin.api.statement.v1.PaymentResult result) {
        as("anshin-billing", "billing", stub -> stub.recordPayment(dev.anshin.api.statement.v1.RecordPaymentRequest
                .newBuilder().setPaymentId("pay-" + java.util.UUID.randomUUID()).setStatementId(statementId)
                .setResult(result).build()));
    }

    /** An issuer operator (two-step) moves a dispute on; no member route does. */
    static void advanceDispute(String disputeId, DisputeStatus status, String reason) {
        as("operator-sato", "operator", stub -> stub.advanceDispute(AdvanceDisputeRequest.newBuilder()
                .setDisputeId(disputeId).setStatus(status).setReason(reason).build()));
    }

    private static MaskedCard masked(Card card) {
        return MaskedCard.newBuilder()
                .setCardId(card.getId())
                .setBrand(card.getBrand().name().substring("CARD_BRAND_".length()))
                .setLast4(card.getLast4())
                .build();
    }

    private static Timestamp timestamp(Instant at) {
        return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
    }

    private static <T> T as(String client, String role, Function<StatementServiceGrpc.StatementServiceBlockingStub, T> call) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", CardControlSuite.statementPort)
                .usePlaintext().build();
        try {
            Metadata headers = new Metadata();
            // A system's token, or an operator signed in with two steps (statement-service holds people to its step-up).
            var token = Jwt.issuer(CardControlSuite.ISSUER).subject(client).audience("statement-service")
                    .groups(Set.of(role)).expiresIn(300);
            if (role.equals("operator")) {
                token.claim("acr", "two-step").claim("auth_time", Instant.now().getEpochSecond());
            }
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token.sign());
            return call.apply(StatementServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)));
        } finally {
            channel.shutdownNow();
        }
    }
}
