package dev.anshin.consent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;

import org.junit.jupiter.api.Test;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** Operators read the service at /q/metrics: Prometheus' text, no token needed (like /q/health). */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class MetricsTest {

    @TestHTTPResource("/")
    URI baseUri;

    @Test
    void metricsAnswerInPrometheusTextFormatWithoutAToken() {
        given().accept("text/plain").when().get("/q/metrics")
                .then().statusCode(200)
                .contentType(startsWith("text/plain"))
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"))
                .body(containsString("# TYPE process_cpu_usage gauge"));
    }

    @Test
    void grpcCallsAreCountedByServiceMethodAndStatus() {
        try (ConsentClient client = new ConsentClient(baseUri)) {
            HealthGrpc.newBlockingStub(client.channel()).check(HealthCheckRequest.newBuilder().build());
        }

        given().accept("text/plain").when().get("/q/metrics")
                .then().statusCode(200)
                .body(matchesPattern("(?s).*\\ngrpc_server_processing_duration_seconds_count\\{[^}]*method=\"Check\"[^}]*"
                        + "service=\"grpc.health.v1.Health\"[^}]*statusCode=\"OK\"[^}]*} [1-9].*"));
    }
}
