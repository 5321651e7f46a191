package dev.anshin.kit.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;

import org.junit.jupiter.api.Test;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * Operators read the service at /q/metrics: Prometheus' text, no token needed (like /q/health), with its gRPC calls
 * counted. A service's {@code MetricsTest} extends this class with {@code @QuarkusTest} and the test OpenID Connect
 * server (card-control, which times no gRPC call on its hot path, has its own).
 */
public abstract class MetricsContract {

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
        try (GrpcTestClient client = new GrpcTestClient(baseUri)) {
            HealthGrpc.newBlockingStub(client.channel()).check(HealthCheckRequest.newBuilder().build());
        }

        given().accept("text/plain").when().get("/q/metrics")
                .then().statusCode(200)
                .body(matchesPattern("(?s).*\\ngrpc_server_processing_duration_seconds_count\\{[^}]*method=\"Check\"[^}]*"
                        + "service=\"grpc.health.v1.Health\"[^}]*statusCode=\"OK\"[^}]*} [1-9].*"));
    }
}
