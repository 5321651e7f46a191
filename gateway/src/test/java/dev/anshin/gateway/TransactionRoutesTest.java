package dev.anshin.gateway;

import static dev.anshin.gateway.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.statement.v1.PaymentMethod;
import dev.anshin.api.statement.v1.StatementServiceGrpc;
import dev.anshin.api.statement.v1.Transaction;
import dev.anshin.kit.auth.StepUpRequirement;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * {@code GET /v1/transactions} and {@code GET /v1/transactions/{id}} end to end: the gateway, the packaged
 * statement-service holding the purchases (recorded through its RPCs as card-control's relay and the clearing system
 * send them), and cards issued by the packaged card-control-service.
 */
@QuarkusTest
@QuarkusTestResource(value = CardControlSuite.class, restrictToAnnotatedClass = false)
class TransactionRoutesTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Inject
    CardControlCalls calls;

    @Test
    void theListShowsTheMembersPendingAndPostedItemsNewestFirstWithTheCardMasked() {
        String member = Members.newMemberId();
        Card visa = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false);
        Transaction pending = Purchases.approve(member, visa, 12_800, "セブン-イレブン 新宿店", NOW.minusSeconds(60));
        Transaction instalments = Purchases.post(member, visa, 60_000, "ビックカメラ", NOW.minusSeconds(3_600),
                PaymentMethod.PAYMENT_METHOD_INSTALLMENTS, 6);

        Response response = given().auth().oauth2(Members.singleFactor(member))
                .when().get("/v1/transactions")
                .then().statusCode(200)
                .contentType("application/json")
                .body("transactions", hasSize(2))
                .body("transactions.id", contains(pending.getId(), instalments.getId()))
                .body("transactions.merchantName", contains("セブン-イレブン 新宿店", "ビックカメラ"))
                .body("transactions.amount", contains(12_800, 60_000))
                .body("transactions.status", contains("PENDING", "POSTED"))
                .body("transactions.paymentMethod", contains("LUMP_SUM", "INSTALLMENTS"))
                .body("transactions[1].installmentCount", equalTo(6))
                .body("transactions[0]", not(hasKey("installmentCount")))
                .body("transactions[0]", not(hasKey("postedAt")))
                .body("transactions[1].postedAt", startsWith("20"))
                .body("transactions[0].usedAt", equalTo(NOW.minusSeconds(60).toString()))
                .body("transactions.card.id", contains(visa.getId().getValue(), visa.getId().getValue()))
                .body("transactions.card.brand", contains("VISA", "VISA"))
                .body("transactions.card.last4", contains(visa.getLast4(), visa.getLast4()))
                .body("$", not(hasKey("nextPageToken")))
                .extract().response();
        assertThat(response.asString()).doesNotContainPattern("\\d{13,19}");
    }

    @Test
    void oneItemByIdIsTheMembersOwnAndAnotherMembersIs404WithTheServicesReason() {
        String member = Members.newMemberId();
        Card card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false);
        Transaction mine = Purchases.approve(member, card, 980, "スターバックス", NOW.minusSeconds(30));
        String stranger = Members.newMemberId();
        Transaction theirs = Purchases.approve(stranger, Members.issueCard(stranger, CardBrand.CARD_BRAND_VISA, false),
                55_000, "他人の店", NOW.minusSeconds(20));

        given().auth().oauth2(Members.singleFactor(member)).get("/v1/transactions/{id}", mine.getId())
                .then().statusCode(200)
                .body("id", equalTo(mine.getId()))
                .body("amount", equalTo(980))
                .body("status", equalTo("PENDING"))
                .body("card.last4", equalTo(card.getLast4()));
        String body = assertProblem(given().auth().oauth2(Members.singleFactor(member))
                .get("/v1/transactions/{id}", theirs.getId()).then(), 404, "TRANSACTION_NOT_FOUND")
                .extract().asString();
        assertProblem(given().auth().oauth2(Members.singleFactor(member))
                .get("/v1/transactions/{id}", UUID.randomUUID().toString()).then(), 404, "TRANSACTION_NOT_FOUND");
        given().auth().oauth2(Members.singleFactor(member)).get("/v1/transactions").then().statusCode(200)
                .body("transactions.id", contains(mine.getId()));
        assertThat(body).doesNotContain("他人の店", "55000", stranger);
    }

    @Test
    void theListFiltersByCardAndByJapanDatesBothIncluded() {
        String member = Members.newMemberId();
        Card visa = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false);
        Card jcb = Members.issueCard(member, CardBrand.CARD_BRAND_JCB, true);
        // 2025-04-09 23:59:59 JST, 2025-04-10 00:00 JST, 2025-04-10 23:59:59 JST, 2025-04-11 00:00 JST.
        Transaction ninth = posted(member, visa, Instant.parse("2025-04-09T14:59:59Z"));
        Transaction tenthEarly = posted(member, visa, Instant.parse("2025-04-09T15:00:00Z"));
        Transaction tenthLate = posted(member, jcb, Instant.parse("2025-04-10T14:59:59Z"));
        Transaction eleventh = posted(member, visa, Instant.parse("2025-04-10T15:00:00Z"));
        String token = Members.singleFactor(member);

        given().auth().oauth2(token).queryParam("from", "2025-04-10").queryParam("to", "2025-04-10").get("/v1/transactions")
                .then().statusCode(200).body("transactions.id", contains(tenthLate.getId(), tenthEarly.getId()));
        given().auth().oauth2(token).queryParam("cardId", visa.getId().getValue()).get("/v1/transactions")
                .then().statusCode(200).body("transactions.id", contains(eleventh.getId(), tenthEarly.getId(), ninth.getId()));
        given().auth().oauth2(token).queryParam("cardId", visa.getId().getValue()).queryParam("from", "2025-04-10")
                .get("/v1/transactions")
                .then().statusCode(200).body("transactions.id", contains(eleventh.getId(), tenthEarly.getId()));
        given().auth().oauth2(token).queryParam("to", "2025-04-09").get("/v1/transactions")
                .then().statusCode(200).body("transactions.id", contains(ninth.getId()));
    }

    @Test
    void pagesByKeyWithPageSizeAndPageTokenNeitherRepeatingNorSkippingWhenNewItemsArrive() {
        String member = Members.newMemberId();
        Card card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expected.add(Purchases.approve(member, card, 100 + i, "店 " + i, NOW.minusSeconds(600 + i)).getId());
        }
        String token = Members.singleFactor(member);

        List<String> walked = new ArrayList<>();
        String pageToken = null;
        int pages = 0;
        do {
            var request = given().auth().oauth2(token).queryParam("pageSize", 2);
            if (pageToken != null) {
                request.queryParam("pageToken", pageToken);
            }
            Response page = request.get("/v1/transactions").then().statusCode(200).extract().response();
            walked.addAll(page.path("transactions.id"));
            pageToken = page.path("nextPageToken");
            if (++pages == 1) {
                Purchases.approve(member, card, 7_000, "新しい店", NOW);
            }
        } while (pageToken != null);

        assertEquals(3, pages);
        assertEquals(expected, walked);
        given().auth().oauth2(token).get("/v1/transactions").then().statusCode(200).body("transactions", hasSize(6));
    }

    @Test
    void badInputIs400ProblemJsonAndReachesNoService() {
        String member = Members.newMemberId();
        String token = Members.singleFactor(member);
        int before = calls.count("ListTransactions") + calls.count("GetTransaction");

        assertProblem(given().auth().oauth2(token).queryParam("from", "2025-04-11").queryParam("to", "2025-04-10")
                .get("/v1/transactions").then(), 400, "INVALID_DATE_RANGE");
        for (String bad : new String[] { "2025-4-1", "2025-02-30", "20250401", "2025-04-01T00:00:00", "yesterday", "-1" }) {
            assertProblem(given().auth().oauth2(token).queryParam("from", bad).get("/v1/transactions").then(), 400,
                    "INVALID_DATE");
            assertProblem(given().auth().oauth2(token).queryParam("to", bad).get("/v1/transactions").then(), 400,
                    "INVALID_DATE");
        }
        for (String bad : new String[] { "0", "101", "ten" }) {
            assertProblem(given().auth().oauth2(token).queryParam("pageSize", bad).get("/v1/transactions").then(), 400,
                    "INVALID_PAGE_SIZE");
        }
        assertProblem(given().auth().oauth2(token).queryParam("cardId", "4111111111111111' OR 1=1").get("/v1/transactions")
                .then(), 400, "INVALID_CARD_ID");
        assertProblem(given().auth().oauth2(token).get("/v1/transactions/{id}", "not_an_id!").then(), 400,
                "INVALID_TRANSACTION_ID");

        assertEquals(before, calls.count("ListTransactions") + calls.count("GetTransaction"));
    }

    @Test
    void aPageTokenOfOtherFiltersIsRefusedByStatementServiceAs400() {
        String member = Members.newMemberId();
        Card card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false);
        Purchases.approve(member, card, 100, "店", NOW.minusSeconds(2));
        Purchases.approve(member, card, 200, "店", NOW.minusSeconds(1));
        String token = Members.singleFactor(member);
        String next = given().auth().oauth2(token).queryParam("pageSize", 1).get("/v1/transactions")
                .then().statusCode(200).extract().path("nextPageToken");

        assertProblem(given().auth().oauth2(token).queryParam("pageSize", 1).queryParam("pageToken", next)
                .queryParam("from", "2025-01-01").get("/v1/transactions").then(), 400, "INVALID_REQUEST");
        assertProblem(given().auth().oauth2(token).queryParam("pageToken", "bm90LWEtdG9rZW4").get("/v1/transactions")
                .then(), 400, "INVALID_REQUEST");
    }

    @Test
    void anEmptyFilterIsNoFilter() {
        String member = Members.newMemberId();
        Transaction item = Purchases.approve(member, Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false), 500,
                "店", NOW);

        given().auth().oauth2(Members.singleFactor(member)).queryParam("from", "").queryParam("to", "")
                .queryParam("cardId", "").get("/v1/transactions")
                .then().statusCode(200).body("transactions.id", contains(item.getId()));
        given().auth().oauth2(Members.singleFactor(member)).get("/v1/transactions?from=&to=&cardId=")
                .then().statusCode(200).body("transactions.id", contains(item.getId()));
    }

    /** Reading one's usage is a read: the RPCs declare no step-up in the contract, and a password login will do. */
    @Test
    void bothRoutesNeedOnlyASignInAsTheirContractsDeclareNoStepUp() {
        assertNull(StepUpRequirement.of(StatementServiceGrpc.getListTransactionsMethod()));
        assertNull(StepUpRequirement.of(StatementServiceGrpc.getGetTransactionMethod()));
        String member = Members.newMemberId();
        Transaction item = Purchases.approve(member, Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false), 500,
                "店", NOW);

        given().auth().oauth2(Members.singleFactor(member)).get("/v1/transactions").then().statusCode(200);
        given().auth().oauth2(Members.singleFactor(member)).get("/v1/transactions/{id}", item.getId()).then().statusCode(200);
        assertProblem(given().get("/v1/transactions").then(), 401, "UNAUTHENTICATED");
        assertProblem(given().get("/v1/transactions/{id}", item.getId()).then(), 401, "UNAUTHENTICATED");
    }

    private static Transaction posted(String member, Card card, Instant at) {
        return Purchases.post(member, card, 1_000, "店 " + at, at, PaymentMethod.PAYMENT_METHOD_LUMP_SUM, 0);
    }
}
