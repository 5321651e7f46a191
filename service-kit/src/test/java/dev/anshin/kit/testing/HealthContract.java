package dev.anshin.kit.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;

import org.junit.jupiter.api.Test;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * What every service's health answers, for its operators and Kubernetes probes. A service's {@code HealthTest}
 * extends this class with {@code @QuarkusTest} and the test OpenID Connect server.
 */
public abstract class HealthContract {

    @TestHTTPResource("/")
    URI baseUri;

    @Test
    void readinessChecksTheDatabase() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"));
    }

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void standardGrpcHealthServiceAnswersServingWithoutAToken() {
        try (GrpcTestClient client = new GrpcTestClient(baseUri)) {
            HealthCheckResponse response = HealthGrpc.newBlockingStub(client.channel())
                    .check(HealthCheckRequest.newBuilder().build());

            assertEquals(HealthCheckResponse.ServingStatus.SERVING, response.getStatus());
        }
    }
}
