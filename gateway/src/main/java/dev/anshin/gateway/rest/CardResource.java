package dev.anshin.gateway.rest;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.LossKind;
import dev.anshin.api.cardcontrol.v1.ReissueReason;
import dev.anshin.api.cardcontrol.v1.ReportLossResponse;
import dev.anshin.api.cardcontrol.v1.RequestReissueResponse;
import dev.anshin.api.cardcontrol.v1.SetUsableLimitResponse;
import dev.anshin.gateway.client.CardControlClient;
import dev.anshin.gateway.config.StepUp;
import dev.anshin.gateway.problem.Problem;
import dev.anshin.gateway.rest.CardRequests.LossReport;
import dev.anshin.gateway.rest.CardRequests.Reissue;
import dev.anshin.gateway.rest.CardRequests.UsableLimit;
import io.quarkus.oidc.AuthenticationContext;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * The signed-in member's cards. The member is the token's subject: no route takes a member id, and another member's
 * card answers 404. Reading needs a normal login; changing a card needs a two-step login (RFC 9470 step-up), and the
 * most sensitive changes a recent one. POST routes honour {@code Idempotency-Key} (see {@link IdempotentPosts}).
 */
@Path("/v1/cards")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Cards")
@SecurityRequirement(name = "member")
@APIResponse(responseCode = "401", description = "Not signed in, or not strongly or recently enough for the route "
        + "(WWW-Authenticate says which acr_values and max_age)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                schema = @Schema(implementation = Problem.class)))
public class CardResource {

    private static final String NOT_FOUND = "No such card, or another member's (code CARD_NOT_FOUND)";
    private static final String KEY_IN_PROGRESS = IdempotentPosts.KEY_IN_PROGRESS;
    private static final String KEY_REUSED = IdempotentPosts.KEY_REUSED;
    private static final String IDEMPOTENCY_KEY = IdempotentPosts.HEADER_DESCRIPTION;

    private final CardControlClient cardControl;
    private final IdempotentPosts idempotentPosts;

    public CardResource(CardControlClient cardControl, IdempotentPosts idempotentPosts) {
        this.cardControl = cardControl;
        this.idempotentPosts = idempotentPosts;
    }

    /**
     * The app's most frequent read, answered on the event loop: it waits for card-control without holding a worker
     * thread ({@code ./anshin bench --mode gateway}).
     */
    @GET
    @Operation(summary = "List the member's cards, closed ones included")
    @APIResponse(responseCode = "200", description = "The cards", content = @Content(schema = @Schema(implementation = CardView.ListView.class)))
    public Uni<CardView.ListView> list() {
        return cardControl.listCards().map(cards -> new CardView.ListView(cards.stream().map(CardView::of).toList()));
    }

    @GET
    @Path("/{cardId}")
    @Operation(summary = "Get one of the member's cards (closed ones too); the ETag is what If-Match needs")
    @APIResponse(responseCode = "200", description = "The card", headers = @Header(name = "ETag",
            description = "The card's version, e.g. \"7\""), content = @Content(schema = @Schema(implementation = CardView.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public Response get(@PathParam("cardId") String cardId) {
        return withETag(cardControl.getCard(CardIds.require(cardId)));
    }

    @GET
    @Path("/{cardId}/transitions")
    @Operation(summary = "The card's history, newest first, by cursor")
    @APIResponse(responseCode = "200", description = "One page",
            content = @Content(schema = @Schema(implementation = TransitionView.Page.class)))
    @APIResponse(responseCode = "400", description = "pageSize outside 1..100, or a pageToken not of this list")
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public TransitionView.Page transitions(@PathParam("cardId") String cardId,
            @Parameter(description = "1 to 100, default 20") @QueryParam("pageSize") String pageSize,
            @Parameter(description = "nextPageToken of the previous page") @QueryParam("pageToken") String pageToken) {
        String id = CardIds.require(cardId);
        int size = PageSizes.of(pageSize);
        return TransitionView.Page.of(cardControl.listTransitions(id, size, pageToken == null ? "" : pageToken));
    }

    @POST
    @Path("/{cardId}/suspension")
    @AuthenticationContext(StepUp.TWO_STEP)
    @Operation(summary = "Temporarily stop the card (一時停止); repeating it is a no-op. Two-step login required.")
    @Parameter(name = IdempotentPosts.HEADER, in = ParameterIn.HEADER, description = IDEMPOTENCY_KEY)
    @APIResponse(responseCode = "200", description = "The card, SUSPENDED",
            content = @Content(schema = @Schema(implementation = CardView.class)))
    @APIResponse(responseCode = "409", description = "The card's state does not allow it (closed, on fraud hold...)" + KEY_IN_PROGRESS)
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    @APIResponse(responseCode = "422", description = KEY_REUSED)
    public Response suspend(@PathParam("cardId") String cardId) {
        String id = CardIds.require(cardId);
        return idempotentPosts.run(null, () -> withETag(cardControl.suspend(id)));
    }

    @DELETE
    @Path("/{cardId}/suspension")
    @AuthenticationContext(StepUp.TWO_STEP)
    @Operation(summary = "Resume a temporarily stopped card at once; resuming an active card is a no-op. Two-step login required.")
    @APIResponse(responseCode = "200", description = "The card, ACTIVE",
            content = @Content(schema = @Schema(implementation = CardView.class)))
    @APIResponse(responseCode = "409", description = "The card's state does not allow it (a fraud hold is lifted by the issuer only)")
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public Response resume(@PathParam("cardId") String cardId) {
        return withETag(cardControl.resume(CardIds.require(cardId)));
    }

    @POST
    @Path("/{cardId}/loss-reports")
    @Consumes(MediaType.APPLICATION_JSON)
    @AuthenticationContext(StepUp.TWO_STEP)
    @Operation(summary = "Report the card lost, stolen or compromised (紛失・盗難): it closes for good and a replacement "
            + "with a new number is issued. Two-step login required.")
    @Parameter(name = IdempotentPosts.HEADER, in = ParameterIn.HEADER, description = IDEMPOTENCY_KEY)
    @APIResponse(responseCode = "201", description = "The closed card and its replacement (AWAITING_ACTIVATION)",
            headers = @Header(name = "Location", description = "The replacement card"),
            content = @Content(schema = @Schema(implementation = CardView.LossReportView.class)))
    @APIResponse(responseCode = "409", description = "The card is closed for another reason" + KEY_IN_PROGRESS)
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    @APIResponse(responseCode = "422", description = KEY_REUSED)
    public Response reportLoss(@PathParam("cardId") String cardId, LossReport body) {
        String id = CardIds.require(cardId);
        LossKind kind = switch (LossReport.require(body).kind()) {
            case LOST -> LossKind.LOSS_KIND_LOST;
            case STOLEN -> LossKind.LOSS_KIND_STOLEN;
            case COMPROMISED -> LossKind.LOSS_KIND_COMPROMISED;
        };
        return idempotentPosts.run(body, () -> {
            ReportLossResponse outcome = cardControl.reportLoss(id, kind);
            return created(outcome.getReplacement(), CardView.LossReportView.of(outcome));
        });
    }

    @POST
    @Path("/{cardId}/reissues")
    @Consumes(MediaType.APPLICATION_JSON)
    @AuthenticationContext(StepUp.TWO_STEP)
    @Operation(summary = "Ask for a replacement of a damaged or expiring card: same number, new expiry; the card keeps "
            + "working until the replacement is activated. Two-step login required.")
    @Parameter(name = IdempotentPosts.HEADER, in = ParameterIn.HEADER, description = IDEMPOTENCY_KEY)
    @APIResponse(responseCode = "201", description = "The card and its replacement (AWAITING_ACTIVATION)",
            headers = @Header(name = "Location", description = "The replacement card"),
            content = @Content(schema = @Schema(implementation = CardView.ReissueView.class)))
    @APIResponse(responseCode = "409", description = "The card is closed or on fraud hold" + KEY_IN_PROGRESS)
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    @APIResponse(responseCode = "422", description = KEY_REUSED)
    public Response requestReissue(@PathParam("cardId") String cardId, Reissue body) {
        String id = CardIds.require(cardId);
        ReissueReason reason = switch (Reissue.require(body).reason()) {
            case DAMAGED -> ReissueReason.REISSUE_REASON_DAMAGED;
            case EXPIRING -> ReissueReason.REISSUE_REASON_EXPIRING;
        };
        return idempotentPosts.run(body, () -> {
            RequestReissueResponse outcome = cardControl.requestReissue(id, reason);
            return created(outcome.getReplacement(), CardView.ReissueView.of(outcome));
        });
    }

    @POST
    @Path("/{cardId}/activation")
    @AuthenticationContext(StepUp.TWO_STEP)
    @Operation(summary = "Activate a replacement card; the card it replaces closes in the same step. Activating an "
            + "active card is a no-op. Two-step login required.")
    @Parameter(name = IdempotentPosts.HEADER, in = ParameterIn.HEADER, description = IDEMPOTENCY_KEY)
    @APIResponse(responseCode = "200", description = "The activated card, and the card it closed if that was still open",
            content = @Content(schema = @Schema(implementation = CardView.ActivationView.class)))
    @APIResponse(responseCode = "409", description = "The card is not awaiting activation (code CARD_NOT_AWAITING_ACTIVATION)" + KEY_IN_PROGRESS)
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    @APIResponse(responseCode = "422", description = KEY_REUSED)
    public Response activate(@PathParam("cardId") String cardId) {
        String id = CardIds.require(cardId);
        return idempotentPosts.run(null, () -> Response.ok(CardView.ActivationView.of(cardControl.activate(id))).build());
    }

    @PUT
    @Path("/{cardId}/usable-limit")
    @Consumes(MediaType.APPLICATION_JSON)
    @AuthenticationContext(value = StepUp.TWO_STEP, maxAge = StepUp.LIMIT_CHANGE_MAX_AGE)
    @Operation(summary = "Set the usable limit (利用可能枠): whole yen from 0 to the contract limit; above it, a "
            + "credit-review request is recorded and nothing changes. Conditional on If-Match. Two-step login within 15 minutes.")
    @Parameter(name = "If-Match", in = ParameterIn.HEADER, required = true, schema = @Schema(type = SchemaType.STRING),
            description = "The card's ETag, e.g. \"7\" (or several; or * for whatever version the card is at)")
    @APIResponse(responseCode = "200", description = "The card with its new usable limit",
            headers = @Header(name = "ETag", description = "The card's new version"),
            content = @Content(schema = @Schema(implementation = CardView.class)))
    @APIResponse(responseCode = "202", description = "Above the contract limit: a credit-review request, nothing changed",
            content = @Content(schema = @Schema(implementation = CardView.CreditReviewView.class)))
    @APIResponse(responseCode = "400", description = "Negative, fractional or non-numeric amount; malformed If-Match")
    @APIResponse(responseCode = "412", description = "If-Match names no current ETag of the card: it changed since it "
            + "was read, or the tag is weak or not the card's (code VERSION_MISMATCH)")
    @APIResponse(responseCode = "428", description = "If-Match is missing")
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public Response setUsableLimit(@PathParam("cardId") String cardId, @HeaderParam("If-Match") List<String> ifMatch,
            UsableLimit body) {
        String id = CardIds.require(cardId);
        long amount = UsableLimit.require(body).amount();
        ETags.IfMatch condition = ETags.requireIfMatch(ifMatch);
        SetUsableLimitResponse outcome = condition.anyVersion()
                ? cardControl.setUsableLimitAtAnyVersion(id, amount)
                : cardControl.setUsableLimit(id, amount, condition.versionToExpect(() -> currentVersion(id)));
        if (!outcome.getCreditReviewRequestId().isEmpty()) {
            return Response.accepted(new CardView.CreditReviewView(outcome.getCreditReviewRequestId(), amount, "RECEIVED")).build();
        }
        return withETag(outcome.getCard());
    }

    @POST
    @Path("/{cardId}/credential-reveals")
    @AuthenticationContext(value = StepUp.TWO_STEP, maxAge = StepUp.REVEAL_MAX_AGE)
    @Operation(summary = "Reveal a numberless card's number, expiry and security code: at most 5 times per card per "
            + "hour, each recorded in its history. Two-step login within 5 minutes. Takes no Idempotency-Key: every "
            + "reveal is a new one, and its response is never stored.")
    @APIResponse(responseCode = "200", description = "The details; Cache-Control: no-store",
            headers = @Header(name = "Cache-Control", description = "no-store"),
            content = @Content(schema = @Schema(implementation = CredentialsView.class)))
    @APIResponse(responseCode = "400", description = "An Idempotency-Key was sent (code IDEMPOTENCY_KEY_NOT_ACCEPTED)")
    @APIResponse(responseCode = "409", description = "Not a numberless card (NOT_NUMBERLESS), or closed, awaiting activation, on fraud hold")
    @APIResponse(responseCode = "429", description = "5 reveals in the past hour (REVEAL_LIMIT_REACHED); Retry-After says when the next is allowed",
            headers = @Header(name = "Retry-After", description = "seconds"))
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public Response revealCredentials(@PathParam("cardId") String cardId) {
        String id = CardIds.require(cardId);
        idempotentPosts.refuse("Credential reveals take no Idempotency-Key: every reveal is a new one, counted and "
                + "recorded, and its response is never stored. Send the request without the header.");
        return Response.ok(CredentialsView.of(cardControl.revealCredentials(id)))
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .build();
    }

    private long currentVersion(String cardId) {
        return cardControl.getCard(cardId).getVersion();
    }

    private static Response withETag(Card card) {
        return Response.ok(CardView.of(card)).tag(ETags.of(card.getVersion())).build();
    }

    private static Response created(Card replacement, Object body) {
        // A relative reference (RFC 9110): it stays right behind any proxy, and when a retry replays it.
        return Response.status(Response.Status.CREATED).header("Location", "/v1/cards/" + replacement.getId().getValue())
                .entity(body).build();
    }
}
