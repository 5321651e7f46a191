package dev.anshin.gateway.problem;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * How a service's refusals reach the member. A NOT_FOUND: the service names what is missing ({@code google.rpc.ErrorInfo}
 * reason), the gateway only passes it on. The end-to-end tests see card-control's {@code CARD_NOT_FOUND}; here, the
 * answers no running service gives today. A service's own step-up refusal: the gateway's challenge.
 */
class ProblemResponsesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aNotFoundWithoutAReasonIsA404WithTheGenericCodeNotFound() {
        Response response = ProblemResponses.fromDownstream(
                Status.NOT_FOUND.withDescription("statement 2026-11 of member m-1 not found").asRuntimeException());

        JsonNode body = body(response);
        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getMediaType()).hasToString("application/problem+json");
        assertThat(body.get("status").asInt()).isEqualTo(404);
        assertThat(body.get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(body.get("type").asText()).isEqualTo("https://anshin.dev/problems/not-found");
        // The service's own words are not for members.
        assertThat(body.toString()).doesNotContain("statement 2026-11", "m-1");
    }

    @Test
    void aNotFoundAnswersTheReasonTheServiceGaveAsItsCode() {
        Response response = ProblemResponses.fromDownstream(notFound("STATEMENT_NOT_FOUND"));

        JsonNode body = body(response);
        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(body.get("code").asText()).isEqualTo("STATEMENT_NOT_FOUND");
        assertThat(body.get("type").asText()).isEqualTo("https://anshin.dev/problems/statement-not-found");
    }

    @Test
    void aReasonNotInErrorInfoFormCountsAsNoneAndNeverReachesTheTypeUri() {
        for (String reason : new String[] { "", "card not found", "../../x", "Card_Not_Found", "_NOT_FOUND" }) {
            JsonNode body = body(ProblemResponses.fromDownstream(notFound(reason)));

            assertThat(body.get("code").asText()).as(reason).isEqualTo("NOT_FOUND");
            assertThat(body.get("type").asText()).as(reason).isEqualTo("https://anshin.dev/problems/not-found");
        }
    }

    @Test
    void aServicesOwnStepUpRefusalIsAnsweredWithTheSameRfc9470ChallengeTheGatewaySends() {
        StatusRuntimeException refusal = StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Status.Code.UNAUTHENTICATED.value())
                .setMessage("this call needs a sign-in with acr \"two-step\" made within the last 300 seconds")
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("INSUFFICIENT_USER_AUTHENTICATION")
                        .setDomain("auth.anshin.dev").putMetadata("acr_values", "two-step").putMetadata("max_age", "300")
                        .build()))
                .build());

        Response response = ProblemResponses.fromDownstream(refusal);

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeaderString("WWW-Authenticate"))
                .startsWith("Bearer error=\"insufficient_user_authentication\"")
                .contains("acr_values=\"two-step\"", "max_age=\"300\"");
        assertThat(body(response).get("code").asText()).isEqualTo("INSUFFICIENT_USER_AUTHENTICATION");
    }

    @Test
    void anyOtherUnauthenticatedAnswerIsAPlain401WithoutAStepUpChallenge() {
        Response response = ProblemResponses.fromDownstream(Status.UNAUTHENTICATED.asRuntimeException());

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeaderString("WWW-Authenticate")).isNull();
        assertThat(body(response).get("code").asText()).isEqualTo("UNAUTHENTICATED");
    }

    private static StatusRuntimeException notFound(String reason) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Status.Code.NOT_FOUND.value())
                .setMessage("not found")
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain("statement.anshin.dev").build()))
                .build());
    }

    private static JsonNode body(Response response) {
        return JSON.valueToTree(response.getEntity());
    }
}
