package dev.anshin.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.CardBrand;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * One member request is one trace: the gateway's spans and card-control's, in one collector (the suite's
 * {@link OtlpReceiver}), joined by the trace context the gateway's gRPC call carries.
 */
@QuarkusTest
@QuarkusTestResource(value = CardControlSuite.class, restrictToAnnotatedClass = false)
class TracingTest {

    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*");

    @Test
    void aTraceOfOneSuspendSpansGatewayAndCardControl() throws InterruptedException {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        String path = "/v1/cards/" + card + "/suspension";

        given().auth().oauth2(Members.twoStep(member)).when().post(path).then().statusCode(200);

        OtlpReceiver.Span request = await(() -> CardControlSuite.traces.spans().stream()
                .filter(span -> span.service().equals("gateway") && span.kind().equals("SPAN_KIND_SERVER")
                        && path.equals(span.attributes().getOrDefault("url.path", span.attributes().get("http.target"))))
                .findFirst());
        String rpc = "anshin.cardcontrol.v1.CardControlService/SuspendCard";
        OtlpReceiver.Span call = await(() -> CardControlSuite.traces.trace(request.traceId()).stream()
                .filter(span -> span.service().equals("gateway") && span.kind().equals("SPAN_KIND_CLIENT")
                        && span.name().equals(rpc))
                .findFirst());
        OtlpReceiver.Span served = await(() -> CardControlSuite.traces.trace(request.traceId()).stream()
                .filter(span -> span.service().equals("card-control-service") && span.kind().equals("SPAN_KIND_SERVER"))
                .findFirst());

        assertThat(request.name()).isEqualTo("POST /v1/cards/{cardId}/suspension");
        assertThat(call.traceId()).isEqualTo(request.traceId());
        assertThat(served.traceId()).isEqualTo(request.traceId());
        assertThat(served.name()).isEqualTo(rpc);
        assertThat(served.parentSpanId()).as("card-control's server span is a child of the gateway's call")
                .isEqualTo(call.spanId());
        List<OtlpReceiver.Span> trace = CardControlSuite.traces.trace(request.traceId());
        assertThat(trace).extracting(OtlpReceiver.Span::service).containsOnly("gateway", "card-control-service");
        for (OtlpReceiver.Span span : trace) {
            assertThat(span.attributes().values()).as("attributes of %s", span.name())
                    .noneMatch(value -> JWT.matcher(value).find() || value.contains("Bearer"));
        }
    }

    /** What {@code find} finds once the spans it looks for have been exported (every 100 ms here), or a failure. */
    private static <T> T await(java.util.function.Supplier<Optional<T>> find) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            Optional<T> found = find.get();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not exported within 20 s; spans received: " + CardControlSuite.traces.spans());
    }
}
