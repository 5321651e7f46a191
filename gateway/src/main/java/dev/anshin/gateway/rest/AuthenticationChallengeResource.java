package dev.anshin.gateway.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.anshin.gateway.client.CardholderAuthenticationClient;
import dev.anshin.gateway.config.StepUp;
import dev.anshin.gateway.problem.InvalidInputException;
import dev.anshin.gateway.problem.Problem;
import io.quarkus.oidc.AuthenticationContext;
import io.quarkus.security.Authenticated;

/**
 * 3-D Secure challenges (本人認証サービス) in the member's app: an online purchase the issuer wants confirmed waits here
 * until the member approves or denies it, or it expires (5 minutes). The member is the token's subject; another
 * member's challenge answers 404. Answering needs a two-step login (RFC 9470 step-up), and honours
 * {@code Idempotency-Key} (see {@link IdempotentPosts}). SMS-code challenges are answered on the merchant's page, not
 * here, and are not listed.
 */
@Path("/v1/authentication-challenges")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "3-D Secure")
@SecurityRequirement(name = "member")
@APIResponse(responseCode = "401", description = "Not signed in, or not strongly enough for the route "
        + "(WWW-Authenticate says which acr_values)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                schema = @Schema(implementation = Problem.class)))
public class AuthenticationChallengeResource {

    private static final String NOT_FOUND = "No such challenge, or another member's (code AUTHENTICATION_CHALLENGE_NOT_FOUND)";

    private final CardholderAuthenticationClient challenges;
    private final IdempotentPosts idempotentPosts;

    public AuthenticationChallengeResource(CardholderAuthenticationClient challenges, IdempotentPosts idempotentPosts) {
        this.challenges = challenges;
        this.idempotentPosts = idempotentPosts;
    }

    @GET
    @Operation(summary = "The member's 3-D Secure challenges waiting for an answer, newest first")
    @APIResponse(responseCode = "200", description = "Pending challenges: merchant, amount, time, expiry",
            content = @Content(schema = @Schema(implementation = AuthenticationChallengeView.ListView.class)))
    public AuthenticationChallengeView.ListView pending() {
        return new AuthenticationChallengeView.ListView(
                challenges.pendingChallenges().stream().map(AuthenticationChallengeView::of).toList());
    }

    @POST
    @Path("/{challengeId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @AuthenticationContext(StepUp.TWO_STEP)
    @Operation(summary = "Approve (it was me) or deny (it was not me) a 3-D Secure challenge. Two-step login required.")
    @Parameter(name = IdempotentPosts.HEADER, in = ParameterIn.HEADER, description = IdempotentPosts.HEADER_DESCRIPTION)
    @APIResponse(responseCode = "200", description = "The challenge, APPROVED or DENIED",
            content = @Content(schema = @Schema(implementation = AuthenticationChallengeView.class)))
    @APIResponse(responseCode = "400", description = "No body, or 'approve' missing or not a JSON boolean")
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    @APIResponse(responseCode = "409", description = "Expired (CHALLENGE_EXPIRED) or already answered "
            + "(CHALLENGE_ALREADY_ANSWERED)" + IdempotentPosts.KEY_IN_PROGRESS)
    @APIResponse(responseCode = "422", description = IdempotentPosts.KEY_REUSED)
    public Response answer(@PathParam("challengeId") String challengeId, AuthenticationChallengeView.Answer body) {
        String id = requireId(challengeId);
        boolean approve = AuthenticationChallengeView.Answer.require(body).approve();
        return idempotentPosts.run(body, () -> Response.ok(AuthenticationChallengeView.of(challenges.answer(id, approve))).build());
    }

    /** A challenge id is card-control's acs_transaction_id: a UUID. */
    private static String requireId(String id) {
        if (id == null || !id.matches("[0-9a-fA-F-]{36}")) {
            throw new InvalidInputException("invalid-challenge-id", "The challenge id is not one this service gives.");
        }
        return id;
    }
}
