package dev.anshin.gateway;

import static dev.anshin.gateway.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A service that stops answering (its process frozen: the port open, the connection up, nothing coming back) costs a
 * member the gateway's deadline, never a request held forever: the gRPC client enforces the deadline on its own side.
 * A read is tried three times, each with a 2 s deadline of its own, then answers 503. Both ways a route waits are
 * covered: holding a worker thread (consent's routes) and without one (the card list).
 */
@QuarkusTest
@QuarkusTestResource(value = CardControlSuite.class, restrictToAnnotatedClass = false)
class HungServiceTest {

    /** Three attempts of 2 s each and the back-off between them. */
    private static final Duration AT_LEAST = Duration.ofSeconds(6);
    /** With room for a slow machine; far from "forever". */
    private static final Duration AT_MOST = Duration.ofSeconds(15);

    @Test
    void aServiceThatStopsAnsweringGives503WithinTheDeadlineAndServesAgainOnceItAnswers() throws InterruptedException {
        assertFrozenServiceGives503(CardControlSuite.consentProcess, "/v1/consent-notices");
    }

    @Test
    void theCardListGives503WithinTheDeadlineWhenCardControlStopsAnsweringAndServesAgainOnceItAnswers() throws InterruptedException {
        assertFrozenServiceGives503(CardControlSuite.cardControlProcess, "/v1/cards");
    }

    private static void assertFrozenServiceGives503(ServiceProcess service, String route) throws InterruptedException {
        String member = Members.newMemberId();
        given().auth().oauth2(Members.singleFactor(member)).get(route).then().statusCode(200);

        service.freeze();
        long started = System.nanoTime();
        try {
            assertProblem(given().auth().oauth2(Members.singleFactor(member)).get(route).then(), 503, "SERVICE_UNAVAILABLE")
                    .header("Retry-After", equalTo("5"));
        } finally {
            service.thaw();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).as("three attempts, each cut at its own 2 s deadline").isBetween(AT_LEAST, AT_MOST);

        // Once thawed, the service first works through what queued up meanwhile; card-control's HTTP/2 server has been
        // seen to close the connection then (GOAWAY), which fails the read in flight with 502. Reads succeed again
        // within seconds, on a new connection.
        Instant giveUp = Instant.now().plusSeconds(10);
        int status = given().auth().oauth2(Members.singleFactor(member)).get(route).statusCode();
        while (status != 200 && Instant.now().isBefore(giveUp)) {
            Thread.sleep(200);
            status = given().auth().oauth2(Members.singleFactor(member)).get(route).statusCode();
        }
        assertThat(status).as("a read within 10 s of the service answering again").isEqualTo(200);
    }
}
