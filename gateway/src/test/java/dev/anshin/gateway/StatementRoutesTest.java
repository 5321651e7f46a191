package dev.anshin.gateway;

import static dev.anshin.gateway.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.statement.v1.PaymentMethod;
import dev.anshin.api.statement.v1.StatementServiceGrpc;
import dev.anshin.api.statement.v1.Transaction;
import dev.anshin.kit.auth.StepUpRequirement;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * {@code GET /v1/statements}, {@code GET /v1/statements/{id}} (JSON and CSV) and
 * {@code PUT /v1/transactions/{id}/payment-method} end to end, with statements made by the packaged statement-service's
 * CloseCycle. A cycle closes once for everyone, so each test closes a past cycle no run has closed yet (its database
 * is recreated by ./anshin test) and looks only at its own new member.
 */
@QuarkusTest
@QuarkusTestResource(value = CardControlSuite.class, restrictToAnnotatedClass = false)
class StatementRoutesTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    /** A closing date (a 10th) of 2022 up to two months ago, not closed yet in the e2e database. */
    private static LocalDate unclosedPastCycle() {
        Set<String> closed = Set.copyOf(Database.closedCycles());
        LocalDate last = LocalDate.now(TOKYO).minusMonths(2).withDayOfMonth(10);
        LocalDate first = LocalDate.of(2022, 1, 10);
        int months = (int) java.time.temporal.ChronoUnit.MONTHS.between(first, last);
        for (int attempt = 0; attempt < 500; attempt++) {
            LocalDate candidate = first.plusMonths(ThreadLocalRandom.current().nextInt(months + 1));
            if (!closed.contains(candidate.toString())) {
                return candidate;
            }
        }
        throw new IllegalStateException("every past cycle is closed in the e2e database: ./anshin test recreates it");
    }

    private static Instant jst(LocalDate day, int hour) {
        return day.atTime(LocalTime.of(hour, 0)).atZone(TOKYO).toInstant();
    }

    @Test
    void theMemberListsTheirStatementsAndReadsOneWithItsLinesAndTotalsPerMethod() {
        String member = Members.newMemberId();
        Card visa = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false);
        LocalDate cycle = unclosedPastCycle();
        Transaction lumpSum = Purchases.post(member, visa, 3_000, "ローソン 渋谷店", jst(cycle, 9),
                PaymentMethod.PAYMENT_METHOD_LUMP_SUM, 0);
        Transaction instalments = Purchases.post(member, visa, 60_000, "ビックカメラ", jst(cycle, 10),
                PaymentMethod.PAYMENT_METHOD_INSTALLMENTS, 6);
        Purchases.approve(member, visa, 9_999, "ホテル", jst(cycle, 11));
        Purchases.closeCycle(cycle);

        String id = given().auth().oauth2(Members.singleFactor(member)).get("/v1/statements")
                .then().statusCode(200).contentType("application/json")
                .body("statements", hasSize(1))
                .body("statements[0].closingDate", equalTo(cycle.toString()))
                .body("statements[0].paymentDate", startsWith(cycle.plusMonths(1).toString().substring(0, 8)))
                .body("statements[0].principalTotal", equalTo(13_000))
                .body("statements[0].feeTotal", equalTo(750))
                .body("statements[0].total", equalTo(13_750))
                .body("statements[0]", not(hasKey("lines")))
                .body("$", not(hasKey("nextPageToken")))
                .extract().path("statements[0].id");

        given().auth().oauth2(Members.singleFactor(member)).get("/v1/statements/{id}", id)
                .then().statusCode(200).contentType("application/json")
                .body("id", equalTo(id))
                .body("lines.transactionId", contains(lumpSum.getId(), instalments.getId()))
                .body("lines.merchantName", contains("ローソン 渋谷店", "ビックカメラ"))
                .body("lines.paymentMethod", contains("LUMP_SUM", "INSTALLMENTS"))
                .body("lines.principal", contains(3_000, 10_000))
                .body("lines.fee", contains(0, 750))
                .body("lines[1].installmentNumber", equalTo(1))
                .body("lines[1].installmentCount", equalTo(6))
                .body("lines[1].purchaseAmount", equalTo(60_000))
                .body("lines[0]", not(hasKey("installmentNumber")))
                .body("lines[0].card.last4", equalTo(visa.getLast4()))
                .body("methodTotals.paymentMethod", contains("LUMP_SUM", "INSTALLMENTS", "REVOLVING"))
                .body("methodTotals.total", contains(3_000, 10_750, 0))
                .body("total", equalTo(13_750));
    }

    @Test
    void membersSeeWhetherEachStatementIsDuePaidOrOverdue() {
        String member = Members.newMemberId();
        Card visa = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false);
        LocalDate cycle = unclosedPastCycle();
        Purchases.post(member, visa, 2_000, "ローソン", jst(cycle, 9), PaymentMethod.PAYMENT_METHOD_LUMP_SUM, 0);
        Purchases.closeCycle(cycle);
        String id = given().auth().oauth2(Members.singleFactor(member)).get("/v1/statements")
                .then().statusCode(200).body("statements[0].paymentStatus", equalTo("DUE"))
                .extract().path("statements[0].id");

        Purchases.recordPayment(id, dev.anshin.api.statement.v1.PaymentResult.PAYMENT_RESULT_FAILED);
        given().auth().oauth2(Members.singleFactor(member)).get("/v1/statements/{id}", id)
                .then().statusCode(200).body("paymentStatus", equalTo("OVERDUE"));

        Purchases.recordPayment(id, dev.anshin.api.statement.v1.PaymentResult.PAYMENT_RESULT_PAID);
        given().auth().oauth2(Members.singleFactor(member)).get("/v1/statements")
                .then().statusCode(200).body("statements[0].paymentStatus", equalTo("PAID"));
        given().auth().oauth2(Members.singleFactor(member)).get("/v1/statements/{id}", id)
                .then().statusCode(200).body("paymentStatus", equalTo("PAID"));
    }

    @Test
    void aStatementAsCsvIsUtf8WithABomAndJapaneseHeaders() {
        String member = Members.newMemberId();
        Card visa = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false);
        LocalDate cycle = unclosedPastCycle();
        Purchases.post(member, visa, 4_980, "=HYPERLINK(\"x\"),スーパー", jst(cycle, 9),
                PaymentMethod.PAYMENT_METHOD_LUMP_SUM, 0);
        Purchases.closeCycle(cycle);
        String id = given().auth().oauth2(Members.singleFactor(member)).get("/v1/statements")
                .then().statusCode(200).extract().path("statements[0].id");

        byte[] body = given().auth().oauth2(Members.singleFactor(member)).accept("text/csv")
                .get("/v1/statements/{id}", id)
                .then().statusCode(200)
                .contentType(startsWith("text/csv"))
                .header("Content-Disposition", containsString("statement-" + cycle + ".csv"))
                .extract().asByteArray();

        assertThat(Arrays.copyOf(body, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        String text = new String(body, 3, body.length - 3, StandardCharsets.UTF_8);
        List<String> rows = List.of(text.split("\r\n"));
        assertEquals("ご利用日,ご利用店名,カード,支払区分,支払回数,ご利用金額,今回お支払元金,手数料,今回お支払額", rows.get(0));
        String used = cycle.toString().replace('-', '/');
        // The merchant name holds a comma and quotes (quoted) and starts with = (never a formula).
        assertEquals(used + ",\"'=HYPERLINK(\"\"x\"\"),スーパー\",VISA ****" + visa.getLast4() + ",1回払い,,4980,4980,0,4980",
                rows.get(1));
        assertEquals("合計,,,,,,4980,0,4980", rows.get(2));
        assertThat(text).doesNotContainPattern("\\d{13,19}");
    }

    @Test
    void anotherMembersStatementIs404AndAMalformedId400() {
        String member = Members.newMemberId();
        Card visa = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false);
        LocalDate cycle = unclosedPastCycle();
        Purchases.post(member, visa, 1_000, "店", jst(cycle, 9), PaymentMethod.PAYMENT_METHOD_LUMP_SUM, 0);
        Purchases.closeCycle(cycle);
        String id = given().auth().oauth2(Members.singleFactor(member)).get("/v1/statements")
                .then().statusCode(200).extract().path("statements[0].id");
        String other = Members.newMemberId();

        assertProblem(given().auth().oauth2(Members.singleFactor(other)).get("/v1/statements/{id}", id).then(),
                404, "STATEMENT_NOT_FOUND");
        assertProblem(given().auth().oauth2(Members.singleFactor(other)).accept("text/csv")
                .get("/v1/statements/{id}", id).then(), 404, "STATEMENT_NOT_FOUND");
        given().auth().oauth2(Members.singleFactor(other)).get("/v1/statements").then().statusCode(200)
                .body("statements", hasSize(0));
        assertProblem(given().auth().oauth2(Members.singleFactor(member)).get("/v1/statements/{id}", "not_an_id!").then(),
                400, "INVALID_STATEMENT_ID");
        assertProblem(given().auth().oauth2(Members.singleFactor(member)).get("/v1/statements?pageSize=101").then(),
                400, "INVALID_PAGE_SIZE");
        assertProblem(given().auth().oauth2(Members.singleFactor(member)).get("/v1/statements?pageToken=bm9wZQ").then(),
                400, "INVALID_REQUEST");
        assertProblem(given().get("/v1/statements").then(), 401, "UNAUTHENTICATED");
    }

    @Test
    void aMemberSwitchesAPostedLumpSumToInstallmentsOrRevolvingWithTwoSteps() {
        String member = Members.newMemberId();
        Card visa = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false);
        LocalDate cycle = unclosedPastCycle();
        Transaction first = Purchases.post(member, visa, 60_000, "家電", jst(cycle, 9), PaymentMethod.PAYMENT_METHOD_LUMP_SUM, 0);
        Transaction second = Purchases.post(member, visa, 30_000, "家具", jst(cycle, 9), PaymentMethod.PAYMENT_METHOD_LUMP_SUM, 0);

        given().auth().oauth2(Members.twoStep(member)).contentType(ContentType.JSON)
                .body("{\"method\":\"INSTALLMENTS\",\"installments\":6}")
                .put("/v1/transactions/{id}/payment-method", first.getId())
                .then().statusCode(200)
                .body("id", equalTo(first.getId()))
                .body("paymentMethod", equalTo("INSTALLMENTS"))
                .body("installmentCount", equalTo(6));
        given().auth().oauth2(Members.twoStep(member)).contentType(ContentType.JSON)
                .body("{\"method\":\"REVOLVING\"}")
                .put("/v1/transactions/{id}/payment-method", second.getId())
                .then().statusCode(200)
                .body("paymentMethod", equalTo("REVOLVING"))
                .body("$", not(hasKey("installmentCount")));
        Purchases.closeCycle(cycle);

        assertProblem(given().auth().oauth2(Members.twoStep(member)).contentType(ContentType.JSON)
                .body("{\"method\":\"INSTALLMENTS\",\"installments\":3}")
                .put("/v1/transactions/{id}/payment-method", second.getId()).then(), 409, "CYCLE_CLOSED");
        assertEquals("REVOLVING", Database.paymentMethod(second.getId()));
    }

    @Test
    void switchingThePaymentMethodNeedsTwoStepsAsTheContractDeclaresAndAPasswordLoginChangesNothing() {
        StepUpRequirement requirement = StepUpRequirement.of(StatementServiceGrpc.getChangePaymentMethodMethod());
        assertNotNull(requirement);
        assertEquals("two-step", requirement.acr());
        assertNull(requirement.maxAge());
        assertNull(StepUpRequirement.of(StatementServiceGrpc.getListStatementsMethod()));
        assertNull(StepUpRequirement.of(StatementServiceGrpc.getGetStatementMethod()));
        String member = Members.newMemberId();
        Card visa = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false);
        Transaction item = Purchases.post(member, visa, 5_000, "店", Instant.now().minusSeconds(60),
                PaymentMethod.PAYMENT_METHOD_LUMP_SUM, 0);

        given().auth().oauth2(Members.singleFactor(member)).contentType(ContentType.JSON)
                .body("{\"method\":\"REVOLVING\"}")
                .put("/v1/transactions/{id}/payment-method", item.getId())
                .then().statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"insufficient_user_authentication\""))
                .header("WWW-Authenticate", containsString("acr_values=\"two-step\""));

        assertEquals("LUMP_SUM", Database.paymentMethod(item.getId()));
    }

    @Test
    void anotherMembersItemIs404AndBadInputIs400AndChangesNothing() {
        String member = Members.newMemberId();
        Card visa = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false);
        Transaction item = Purchases.post(member, visa, 5_000, "店", Instant.now().minusSeconds(60),
                PaymentMethod.PAYMENT_METHOD_LUMP_SUM, 0);
        Transaction pending = Purchases.approve(member, visa, 5_000, "店", Instant.now().minusSeconds(30));

        assertProblem(given().auth().oauth2(Members.twoStep(Members.newMemberId())).contentType(ContentType.JSON)
                .body("{\"method\":\"REVOLVING\"}")
                .put("/v1/transactions/{id}/payment-method", item.getId()).then(), 404, "TRANSACTION_NOT_FOUND");
        for (String bad : List.of("{\"method\":\"INSTALLMENTS\"}", "{\"method\":\"INSTALLMENTS\",\"installments\":1}",
                "{\"method\":\"INSTALLMENTS\",\"installments\":25}", "{\"method\":\"REVOLVING\",\"installments\":3}")) {
            assertProblem(given().auth().oauth2(Members.twoStep(member)).contentType(ContentType.JSON).body(bad)
                    .put("/v1/transactions/{id}/payment-method", item.getId()).then(), 400, "INVALID_INSTALLMENTS");
        }
        for (String bad : List.of("{}", "{\"method\":\"LUMP_SUM\"}", "{\"method\":\"INSTALLMENTS\",\"installments\":\"6\"}",
                "{\"method\":\"REVOLVING\",\"extra\":1}", "not json")) {
            assertProblem(given().auth().oauth2(Members.twoStep(member)).contentType(ContentType.JSON).body(bad)
                    .put("/v1/transactions/{id}/payment-method", item.getId()).then(), 400, "INVALID_BODY");
        }
        assertProblem(given().auth().oauth2(Members.twoStep(member)).contentType(ContentType.JSON)
                .body("{\"method\":\"REVOLVING\"}")
                .put("/v1/transactions/{id}/payment-method", "bad id!").then(), 400, "INVALID_TRANSACTION_ID");
        assertProblem(given().auth().oauth2(Members.twoStep(member)).contentType(ContentType.JSON)
                .body("{\"method\":\"REVOLVING\"}")
                .put("/v1/transactions/{id}/payment-method", pending.getId()).then(), 409, "TRANSACTION_NOT_POSTED");

        assertEquals("LUMP_SUM", Database.paymentMethod(item.getId()));
    }
}
