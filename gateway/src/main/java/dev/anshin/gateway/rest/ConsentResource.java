package dev.anshin.gateway.rest;

import java.time.Clock;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.anshin.api.consent.v1.ConsentServiceGrpc;
import dev.anshin.api.consent.v1.OptInResponse;
import dev.anshin.api.consent.v1.OptOutResponse;
import dev.anshin.api.consent.v1.Purpose;
import dev.anshin.api.consent.v1.PurposeNotice;
import dev.anshin.gateway.client.ConsentClient;
import dev.anshin.gateway.problem.Problem;
import dev.anshin.gateway.problem.ProblemException;
import dev.anshin.kit.auth.StepUp;
import dev.anshin.kit.auth.StepUpRequirement;
import io.quarkus.security.Authenticated;

/**
 * The signed-in member's consent to the handling of personal information (consent-service): the notices, the current
 * choices, changing one, the history and the signed receipts. Withdrawing needs any login (stopping must be as easy as
 * agreeing); giving consent needs a two-step login, the step-up OptIn's contract declares, checked here before
 * anything is asked (so a PUT refused for it changes nothing) and again by the service.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Consent")
@SecurityRequirement(name = "member")
@APIResponse(responseCode = "401", description = "Not signed in, or not strongly enough (giving consent needs two-step; "
        + "WWW-Authenticate says which acr_values)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                schema = @Schema(implementation = Problem.class)))
public class ConsentResource {

    /** The contract's requirement for giving consent: one table for the service and the gateway. */
    private static final StepUpRequirement GIVE_CONSENT = StepUpRequirement.of(ConsentServiceGrpc.getOptInMethod());

    private final ConsentClient consent;
    private final JsonWebToken token;
    private final Clock clock;

    public ConsentResource(ConsentClient consent, JsonWebToken token, Clock clock) {
        this.consent = consent;
        this.token = token;
        this.clock = clock;
    }

    @GET
    @Path("/consents")
    @Operation(summary = "The member's current consent per purpose, with the notice version each rests on and whether a newer notice is in effect")
    @APIResponse(responseCode = "200", description = "The state",
            content = @Content(schema = @Schema(implementation = ConsentView.Consents.class)))
    @APIResponse(responseCode = "404", description = "CONSENT_RECORD_NOT_FOUND: no consent was ever recorded for the member")
    public ConsentView.Consents consents() {
        return ConsentView.Consents.of(consent.getState());
    }

    @GET
    @Path("/consent-notices")
    @Operation(summary = "The notices in effect, one per purpose, with their text in Japanese and English")
    @APIResponse(responseCode = "200", description = "The notices",
            content = @Content(schema = @Schema(implementation = ConsentView.Notices.class)))
    public ConsentView.Notices notices() {
        return ConsentView.Notices.of(consent.listPurposes());
    }

    @PUT
    @Path("/consents/{purpose}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Give (two-step login) or withdraw (any login) consent to a purpose. Withdrawing a required "
            + "purpose while the contract lives is refused (409 REQUIRED_PURPOSE_WHILE_CONTRACT_LIVES: the way out is "
            + "cancelling the contract); the refused attempt is recorded")
    @APIResponse(responseCode = "200", description = "The purpose's state after the call, and the signed receipt when it changed",
            content = @Content(schema = @Schema(implementation = ConsentView.Change.class)))
    @APIResponse(responseCode = "400", description = "Malformed body")
    @APIResponse(responseCode = "404", description = "UNKNOWN_PURPOSE, or CONSENT_RECORD_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "REQUIRED_PURPOSE_WHILE_CONTRACT_LIVES, or NOTICE_NOT_CURRENT")
    public ConsentView.Change change(
            @Parameter(description = "marketing-own, marketing-third-party, market-research, credit-management or credit-bureau")
            @PathParam("purpose") String purposeName, ConsentRequests.ConsentChange body) {
        Purpose purpose = ConsentPurposes.of(purposeName);
        ConsentRequests.ConsentChange change = ConsentRequests.ConsentChange.require(body);
        if (!change.granted()) {
            OptOutResponse out = consent.optOut(purpose);
            return ConsentView.Change.of(purpose, out.getState(), out.getChanged(), out.getReceipt(), out.hasReceipt());
        }
        // Before anything is asked: a password-only login gets the RFC 9470 challenge and nothing changes.
        StepUp.refusal(GIVE_CONSENT, token, clock.instant()).ifPresent(refusal -> {
            throw refusal;
        });
        String version = change.noticeVersion() != null ? change.noticeVersion() : noticeInEffect(purpose);
        OptInResponse in = consent.optIn(purpose, version);
        return ConsentView.Change.of(purpose, in.getState(), in.getChanged(), in.getReceipt(), in.hasReceipt());
    }

    @GET
    @Path("/consents/history")
    @Operation(summary = "The member's consent events, newest first, by cursor; never rewritten")
    @APIResponse(responseCode = "200", description = "One page",
            content = @Content(schema = @Schema(implementation = ConsentView.Page.class)))
    @APIResponse(responseCode = "400", description = "pageSize outside 1..100, or a pageToken not of this list")
    public ConsentView.Page history(
            @Parameter(description = "1 to 100, default 20") @QueryParam("pageSize") String pageSize,
            @Parameter(description = "nextPageToken of the previous page") @QueryParam("pageToken") String pageToken) {
        return ConsentView.Page.of(consent.listEvents(PageSizes.of(pageSize), pageToken == null ? "" : pageToken));
    }

    @GET
    @Path("/consent-receipts/keys")
    @Operation(summary = "The public keys that verify consent receipts, as a JSON Web Key Set (RFC 7517): the key "
            + "signing now and keys retired from signing. A receipt's JWS header names its key (kid); keep the key "
            + "with the receipt to prove later what was agreed")
    @APIResponse(responseCode = "200", description = "{\"keys\":[JWK...]}: kty RSA, kid, use sig, alg RS256, n, e",
            content = @Content(schema = @Schema(implementation = ConsentView.ReceiptKeys.class)))
    public ConsentView.ReceiptKeys receiptKeys() {
        return ConsentView.ReceiptKeys.of(consent.receiptKeys());
    }

    @GET
    @Path("/consent-receipts/{receiptId}")
    @Operation(summary = "One of the member's signed consent receipts, again")
    @APIResponse(responseCode = "200", description = "The receipt",
            content = @Content(schema = @Schema(implementation = ConsentView.Receipt.class)))
    @APIResponse(responseCode = "404", description = "RECEIPT_NOT_FOUND: no such receipt, or another member's")
    public ConsentView.Receipt receipt(@PathParam("receiptId") String receiptId) {
        return ConsentView.Receipt.of(consent.getReceipt(receiptId));
    }

    @GET
    @Path("/credit-bureau-dates")
    @Operation(summary = "How long the credit bureaus (CIC, JICC) keep the member's records: an inquiry 6 months from the "
            + "application, contract facts while the contract lives and 5 years after it ends (dates clamp to month end); "
            + "and where to ask each bureau for the records themselves")
    @APIResponse(responseCode = "200", description = "The dates",
            content = @Content(schema = @Schema(implementation = BureauDatesView.class)))
    @APIResponse(responseCode = "404", description = "CONSENT_RECORD_NOT_FOUND: no application or consent was ever recorded for the member")
    public BureauDatesView bureauDates() {
        return BureauDatesView.of(consent.bureauRetention());
    }

    private String noticeInEffect(Purpose purpose) {
        return consent.listPurposes().getPurposesList().stream()
                .filter(notice -> notice.getPurpose() == purpose)
                .map(PurposeNotice::getVersion)
                .findFirst()
                .orElseThrow(() -> new ProblemException(404, "Not found", "No notice of that purpose is in effect.",
                        "unknown-purpose"));
    }
}
