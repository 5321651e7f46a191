package dev.anshin.kit.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import dev.anshin.kit.testing.ErrorDetails;
import io.grpc.Status;

class StepUpTest {

    private static final Instant NOW = Instant.parse("2026-12-01T03:00:00Z");
    private static final StepUpRequirement TWO_STEP = new StepUpRequirement("two-step", null);
    private static final StepUpRequirement RECENT_TWO_STEP = new StepUpRequirement("two-step", Duration.ofMinutes(5));

    @Test
    void aTwoStepSignInMeetsATwoStepRequirement() {
        assertTrue(StepUp.refusal(TWO_STEP, token("two-step", NOW.minusSeconds(3600)), NOW).isEmpty());
        assertTrue(StepUp.refusal(RECENT_TWO_STEP, token("two-step", NOW.minusSeconds(300)), NOW).isEmpty());
    }

    @Test
    void aPasswordOnlySignInIsRefusedWithTheAcrToAskFor() {
        var failure = StepUp.refusal(TWO_STEP, token("pwd", NOW), NOW).orElseThrow();

        assertEquals(Status.Code.UNAUTHENTICATED, failure.getStatus().getCode());
        assertEquals(StepUp.REASON, ErrorDetails.reason(failure));
        assertEquals(Map.of("acr_values", "two-step"), ErrorDetails.errorInfo(failure).getMetadataMap());
    }

    @Test
    void aTwoStepSignInOlderThanTheMaxAgeIsRefusedWithTheMaxAgeToAskFor() {
        var failure = StepUp.refusal(RECENT_TWO_STEP, token("two-step", NOW.minusSeconds(301)), NOW).orElseThrow();

        assertEquals(Map.of("acr_values", "two-step", "max_age", "300"),
                ErrorDetails.errorInfo(failure).getMetadataMap());
    }

    @Test
    void aTokenWithoutAuthTimeCannotProveARecentSignIn() {
        assertTrue(StepUp.refusal(RECENT_TWO_STEP, token("two-step", null), NOW).isPresent());
        assertTrue(StepUp.refusal(TWO_STEP, token(null, null), NOW).isPresent());
    }

    private static JsonWebToken token(String acr, Instant authTime) {
        return new JsonWebToken() {
            @Override
            public String getName() {
                return "member-1";
            }

            @Override
            public Set<String> getClaimNames() {
                return Set.of("acr", "auth_time");
            }

            @SuppressWarnings("unchecked")
            @Override
            public <T> T getClaim(String claimName) {
                return (T) switch (claimName) {
                    case "acr" -> acr;
                    case "auth_time" -> authTime == null ? null : (Object) authTime.getEpochSecond();
                    default -> null;
                };
            }
        };
    }
}
