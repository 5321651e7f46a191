package dev.anshin.gateway;

import static dev.anshin.gateway.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.gateway.service.IdempotencyPurge;
import dev.anshin.gateway.service.IdempotentRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/** Idempotency-Key on POST routes: a retry replays the first response and never reaches card-control again. */
@QuarkusTest
@QuarkusTestResource(value = CardControlSuite.class, restrictToAnnotatedClass = false)
class IdempotencyKeyTest {

    @Inject
    CardControlCalls cardControlCalls;

    @Inject
    IdempotencyPurge purge;

    @Test
    void aRetryWithTheSameKeyReplaysTheFirstResponseWithoutCallingCardControlAgain() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        String key = UUID.randomUUID().toString();
        int callsBefore = cardControlCalls.count("SuspendCard");
        ExtractableResponse<Response> first = suspend(member, card, key).then().statusCode(200)
                .body("state", equalTo("SUSPENDED")).extract();
        // The member resumes the card; a late retry of the first request must not stop it again.
        given().auth().oauth2(Members.twoStep(member)).delete("/v1/cards/{id}/suspension", card).then().statusCode(200);

        ExtractableResponse<Response> retry = suspend(member, card, key).then().statusCode(200)
                .header("Idempotent-Replayed", "true").extract();

        assertThat(retry.asString()).isEqualTo(first.asString());
        assertThat(retry.header("ETag")).isEqualTo(first.header("ETag"));
        assertThat(retry.contentType()).startsWith("application/json");
        assertThat(cardControlCalls.count("SuspendCard") - callsBefore).isEqualTo(1);
        assertEquals("ACTIVE", Database.cardState(card));
        assertThat(Database.history(card)).containsExactly("ISSUED", "TEMPORARY_STOP", "RESUMED");
    }

    @Test
    void aReplayedLossReportHasTheSameBodyAndLocationAndTheHistoryHasOneReport() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        String key = UUID.randomUUID().toString();
        int callsBefore = cardControlCalls.count("ReportLoss");

        ExtractableResponse<Response> first = reportLoss(member, card, key, "{\"kind\":\"LOST\"}").then().statusCode(201).extract();
        // Same body written differently: still the same request.
        ExtractableResponse<Response> retry = reportLoss(member, card, key, "{ \"kind\" : \"LOST\" }").then().statusCode(201)
                .header("Idempotent-Replayed", "true").extract();

        assertThat(retry.asString()).isEqualTo(first.asString());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location")).isNotBlank();
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(cardControlCalls.count("ReportLoss") - callsBefore).isEqualTo(1);
        assertThat(Database.history(card)).containsExactly("ISSUED", "REPORTED_LOST");
        assertThat(Database.cardsOf(member)).hasSize(2);
    }

    @Test
    void theSameKeyWithAnotherBodyIs422AndChangesNothing() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        String key = UUID.randomUUID().toString();
        String body = given().auth().oauth2(Members.twoStep(member)).header("Idempotency-Key", key)
                .contentType("application/json").body("{\"reason\":\"DAMAGED\"}")
                .post("/v1/cards/{id}/reissues", card).then().statusCode(201).extract().asString();

        assertProblem(given().auth().oauth2(Members.twoStep(member)).header("Idempotency-Key", key)
                .contentType("application/json").body("{\"reason\":\"EXPIRING\"}")
                .post("/v1/cards/{id}/reissues", card).then(), 422, "IDEMPOTENCY_KEY_REUSED");

        assertThat(Database.history(card)).containsExactly("ISSUED", "REISSUE_DAMAGED");
        assertThat(body).contains("replacement");
    }

    @Test
    void theSameKeyOnAnotherRouteOrCardIs422AndChangesNothing() {
        String member = Members.newMemberId();
        String first = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        String second = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        String key = UUID.randomUUID().toString();
        suspend(member, first, key).then().statusCode(200);

        assertProblem(suspend(member, second, key).then(), 422, "IDEMPOTENCY_KEY_REUSED");
        assertProblem(given().auth().oauth2(Members.twoStep(member)).header("Idempotency-Key", key)
                .post("/v1/cards/{id}/activation", first).then(), 422, "IDEMPOTENCY_KEY_REUSED");

        assertEquals("ACTIVE", Database.cardState(second));
        assertEquals("SUSPENDED", Database.cardState(first));
    }

    @Test
    void keysBelongToTheMemberWhoSentThem() {
        String hanako = Members.newMemberId();
        String taro = Members.newMemberId();
        String hanakosCard = Members.issueCard(hanako, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        String tarosCard = Members.issueCard(taro, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        String key = "shared-" + UUID.randomUUID();
        suspend(hanako, hanakosCard, key).then().statusCode(200);

        suspend(taro, tarosCard, key).then().statusCode(200).header("Idempotent-Replayed", (String) null);

        assertEquals("SUSPENDED", Database.cardState(tarosCard));
    }

    @Test
    void aRequestWhileTheFirstWithTheKeyStillRunsIs409() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        String key = UUID.randomUUID().toString();
        IdempotentRequest running = new IdempotentRequest(member, key, "POST", "/v1/cards/" + card + "/suspension", "");
        Database.insertIdempotencyRecord(running.recordId(), member, key, running.fingerprint(), "IN_PROGRESS",
                Instant.now(), Instant.now().plus(Duration.ofHours(24)));

        assertProblem(suspend(member, card, key).then(), 409, "IDEMPOTENCY_REQUEST_IN_PROGRESS");

        assertEquals("ACTIVE", Database.cardState(card));
    }

    @Test
    void parallelRetriesWithOneKeyReachCardControlOnce() throws Exception {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        String key = UUID.randomUUID().toString();
        String token = Members.twoStep(member);
        int callsBefore = cardControlCalls.count("ReportLoss");
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<ExtractableResponse<Response>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                answers.add(clients.submit(() -> given().auth().oauth2(token).header("Idempotency-Key", key)
                        .contentType("application/json").body("{\"kind\":\"STOLEN\"}")
                        .post("/v1/cards/{id}/loss-reports", card).then().extract()));
            }
            List<ExtractableResponse<Response>> responses = new ArrayList<>();
            for (Future<ExtractableResponse<Response>> answer : answers) {
                responses.add(answer.get(30, TimeUnit.SECONDS));
            }

            assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isIn(201, 409));
            assertThat(responses).filteredOn(r -> r.statusCode() == 201 && r.header("Idempotent-Replayed") == null).hasSize(1);
            assertThat(responses).filteredOn(r -> r.statusCode() == 409)
                    .allSatisfy(r -> assertThat(r.jsonPath().getString("code")).isEqualTo("IDEMPOTENCY_REQUEST_IN_PROGRESS"));
        } finally {
            clients.shutdownNow();
        }
        assertThat(cardControlCalls.count("ReportLoss") - callsBefore).isEqualTo(1);
        assertThat(Database.history(card)).containsExactly("ISSUED", "REPORTED_STOLEN");
    }

    @Test
    void aKeyLeftInProgressByADeadGatewayIsTakenOverAfterTheTimeout() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        String key = UUID.randomUUID().toString();
        IdempotentRequest abandoned = new IdempotentRequest(member, key, "POST", "/v1/cards/" + card + "/suspension", "");
        Instant fiveMinutesAgo = Instant.now().minus(Duration.ofMinutes(5));
        Database.insertIdempotencyRecord(abandoned.recordId(), member, key, abandoned.fingerprint(), "IN_PROGRESS",
                fiveMinutesAgo, fiveMinutesAgo.plus(Duration.ofHours(24)));

        suspend(member, card, key).then().statusCode(200).body("state", equalTo("SUSPENDED"));

        assertEquals("SUSPENDED", Database.cardState(card));
        assertThat(Database.idempotencyRows(member)).singleElement()
                .satisfies(row -> assertThat(row.state()).isEqualTo("COMPLETED"));
    }

    @Test
    void aRefusalAboutTheCardIsRememberedAndReplayedAsTheSameProblem() {
        String member = Members.newMemberId();
        String unknownCard = UUID.randomUUID().toString();
        String key = UUID.randomUUID().toString();
        String first = assertProblem(suspend(member, unknownCard, key).then(), 404, "CARD_NOT_FOUND").extract().asString();

        String replay = assertProblem(suspend(member, unknownCard, key).then(), 404, "CARD_NOT_FOUND")
                .header("Idempotent-Replayed", "true").extract().asString();

        assertThat(replay).isEqualTo(first);
    }

    @Test
    void aRequestTheGatewayRefusesItselfDoesNotUseUpItsKey() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        String key = UUID.randomUUID().toString();
        given().auth().oauth2(Members.singleFactor(member)).header("Idempotency-Key", key)
                .post("/v1/cards/{id}/suspension", card).then().statusCode(401);
        reportLoss(member, card, key, "{\"kind\":\"MISPLACED\"}").then().statusCode(400);

        suspend(member, card, key).then().statusCode(200).header("Idempotent-Replayed", (String) null);

        assertEquals("SUSPENDED", Database.cardState(card));
    }

    @Test
    void malformedKeysAre400AndChangeNothing() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();

        for (String key : new String[] { "", "a".repeat(256), "has space", "tab\there", "caf\u00e9" }) {
            assertProblem(suspend(member, card, key).then(), 400, "INVALID_IDEMPOTENCY_KEY");
        }
        assertProblem(given().auth().oauth2(Members.twoStep(member)).header("Idempotency-Key", "one")
                .header("Idempotency-Key", "two").post("/v1/cards/{id}/suspension", card).then(), 400, "INVALID_IDEMPOTENCY_KEY");

        suspend(member, card, "a".repeat(255)).then().statusCode(200);
        assertThat(Database.history(card)).containsExactly("ISSUED", "TEMPORARY_STOP");
    }

    @Test
    void keysAreKeptAtLeast24Hours() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();

        suspend(member, card, UUID.randomUUID().toString()).then().statusCode(200);

        assertThat(Database.idempotencyRows(member)).singleElement().satisfies(row -> {
            assertThat(row.state()).isEqualTo("COMPLETED");
            assertThat(row.responseStatus()).isEqualTo(200);
            assertThat(Duration.between(row.createdAt(), row.expiresAt())).isGreaterThanOrEqualTo(Duration.ofHours(24));
        });
    }

    @Test
    void expiredKeysArePurgedAndLiveOnesStay() {
        String member = Members.newMemberId();
        Instant now = Instant.now();
        IdempotentRequest expired = new IdempotentRequest(member, "expired", "POST", "/v1/cards/x/suspension", "");
        Database.insertIdempotencyRecord(expired.recordId(), member, "expired", expired.fingerprint(), "COMPLETED",
                now.minus(Duration.ofHours(25)), now.minus(Duration.ofHours(1)));
        IdempotentRequest live = new IdempotentRequest(member, "live", "POST", "/v1/cards/x/suspension", "");
        Database.insertIdempotencyRecord(live.recordId(), member, "live", live.fingerprint(), "COMPLETED",
                now, now.plus(Duration.ofHours(24)));

        purge.purgeExpiredKeys();

        assertThat(Database.idempotencyRows(member)).extracting(Database.IdempotencyRow::key).containsExactly("live");
    }

    @Test
    void anExpiredKeyIsFreeForANewRequestEvenBeforeThePurge() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        String key = UUID.randomUUID().toString();
        IdempotentRequest old = new IdempotentRequest(member, key, "POST", "/v1/cards/" + card + "/activation", "");
        Instant longAgo = Instant.now().minus(Duration.ofHours(30));
        Database.insertIdempotencyRecord(old.recordId(), member, key, old.fingerprint(), "COMPLETED", longAgo,
                longAgo.plus(Duration.ofHours(24)));

        suspend(member, card, key).then().statusCode(200).header("Idempotent-Replayed", (String) null)
                .body("state", equalTo("SUSPENDED"));

        assertEquals("SUSPENDED", Database.cardState(card));
    }

    private static Response suspend(String member, String card, String key) {
        return given().auth().oauth2(Members.twoStep(member)).header("Idempotency-Key", key)
                .when().post("/v1/cards/{id}/suspension", card);
    }

    private static Response reportLoss(String member, String card, String key, String body) {
        return given().auth().oauth2(Members.twoStep(member)).header("Idempotency-Key", key)
                .contentType("application/json").body(body)
                .when().post("/v1/cards/{id}/loss-reports", card);
    }
}
