package dev.anshin.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.cardcontrol.v1.CardControlServiceGrpc;
import dev.anshin.api.cardcontrol.v1.IssueCardRequest;
import dev.anshin.api.cardcontrol.v1.RevealCardCredentialsRequest;
import dev.anshin.api.cardcontrol.v1.RevealCardCredentialsResponse;
import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.common.v1.YearMonth;
import dev.anshin.api.common.v1.Yen;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The cards the network will ask about, created the way production creates them: IssueCard with the onboarding
 * system's token (role {@code card-issuer}), one numberless card per member, then one RevealCardCredentials as that
 * member to learn what the network will send (number, expiry, security code). The bench never sees a number any other
 * way, and never prints one.
 */
final class Fleet {

    private static final CardBrand[] BRANDS = {
            CardBrand.CARD_BRAND_VISA, CardBrand.CARD_BRAND_MASTERCARD, CardBrand.CARD_BRAND_JCB, CardBrand.CARD_BRAND_AMEX };

    /** What a card network knows of a card (sensitive; kept in memory only). */
    record CardDetails(String cardId, String memberId, CardBrand brand, String number, YearMonth expiry, String securityCode) {
        @Override
        public String toString() {
            return "CardDetails[" + cardId + ", " + brand + "]";
        }
    }

    /** The cards, and how many IssueCard calls card-control answered ABORTED (and the bench retried, as the contract says). */
    record Issued(List<CardDetails> cards, int abortedRetries) {
    }

    /** IssueCard answers ABORTED when a concurrent transaction won; the contract says to retry. */
    private static final int MAX_ATTEMPTS = 20;

    private Fleet() {
    }

    static Issued issue(ManagedChannel channel, BenchIssuer issuer, int count, long contractLimit)
            throws InterruptedException {
        AtomicInteger aborted = new AtomicInteger();
        String onboardingToken = issuer.token("anshin-onboarding", "card-issuer");
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(8, count));
        try {
            List<Future<CardDetails>> pending = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                CardBrand brand = BRANDS[i % BRANDS.length];
                pending.add(pool.submit(() -> issueOne(channel, issuer, onboardingToken, brand, contractLimit, aborted)));
            }
            List<CardDetails> cards = new ArrayList<>(count);
            for (Future<CardDetails> f : pending) {
                try {
                    cards.add(f.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("could not issue and reveal the bench's cards: " + e.getCause(), e.getCause());
                }
            }
            return new Issued(cards, aborted.get());
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static CardDetails issueOne(ManagedChannel channel, BenchIssuer issuer, String onboardingToken, CardBrand brand,
            long contractLimit, AtomicInteger aborted) throws InterruptedException {
        String memberId = UUID.randomUUID().toString();
        IssueCardRequest request = IssueCardRequest.newBuilder()
                .setMemberId(MemberId.newBuilder().setValue(memberId))
                .setBrand(brand)
                .setNumberless(true)
                .setContractLimit(Yen.newBuilder().setAmount(contractLimit))
                .build();
        Card card = null;
        for (int attempt = 1; card == null; attempt++) {
            try {
                card = CardControlServiceGrpc.newBlockingStub(channel)
                        .withInterceptors(Bearer.of(onboardingToken))
                        .withDeadlineAfter(30, TimeUnit.SECONDS)
                        .issueCard(request)
                        .getCard();
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.ABORTED || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                aborted.incrementAndGet();
                Thread.sleep(ThreadLocalRandom.current().nextLong(5, 50));
            }
        }
        RevealCardCredentialsResponse details = CardControlServiceGrpc.newBlockingStub(channel)
                .withInterceptors(Bearer.of(issuer.token(memberId, "member")))
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .revealCardCredentials(RevealCardCredentialsRequest.newBuilder().setCardId(card.getId()).build());
        return new CardDetails(card.getId().getValue(), memberId, brand, details.getCardNumber(), details.getExpiry(),
                details.getSecurityCode());
    }
}
