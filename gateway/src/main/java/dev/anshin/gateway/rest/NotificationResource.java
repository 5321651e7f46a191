package dev.anshin.gateway.rest;

import java.time.Clock;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.anshin.api.notification.v1.NotificationServiceGrpc;
import dev.anshin.api.notification.v1.Preferences;
import dev.anshin.gateway.client.NotificationClient;
import dev.anshin.gateway.problem.InvalidInputException;
import dev.anshin.gateway.problem.Problem;
import dev.anshin.kit.auth.StepUp;
import dev.anshin.kit.auth.StepUpRequirement;
import io.quarkus.security.Authenticated;

/**
 * The signed-in member's notification preferences and history (notification-service). Reading and changing toggles
 * need a normal login; changing contact details needs a two-step login: the step-up UpdateContactDetails' contract
 * declares, checked here before anything changes (so a PUT refused for it changes nothing) and again by the service.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Notifications")
@SecurityRequirement(name = "member")
@APIResponse(responseCode = "401", description = "Not signed in, or not strongly enough (contact details need two-step; "
        + "WWW-Authenticate says which acr_values)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                schema = @Schema(implementation = Problem.class)))
public class NotificationResource {

    private static final int DEFAULT_PAGE_SIZE = 20;
    private static final int MAX_PAGE_SIZE = 100;
    /** The contract's requirement for a contact change: one table for the service and the gateway. */
    private static final StepUpRequirement CONTACT_CHANGE = StepUpRequirement.of(NotificationServiceGrpc.getUpdateContactDetailsMethod());

    private final NotificationClient notification;
    private final JsonWebToken token;
    private final Clock clock;
    private final IdempotentPosts idempotentPosts;

    public NotificationResource(NotificationClient notification, JsonWebToken token, Clock clock,
            IdempotentPosts idempotentPosts) {
        this.notification = notification;
        this.token = token;
        this.clock = clock;
        this.idempotentPosts = idempotentPosts;
    }

    @GET
    @Path("/notification-preferences")
    @Operation(summary = "The member's notification preferences (defaults until first changed)")
    @APIResponse(responseCode = "200", description = "The preferences",
            content = @Content(schema = @Schema(implementation = NotificationPreferencesView.class)))
    public NotificationPreferencesView preferences() {
        return NotificationPreferencesView.of(notification.getPreferences());
    }

    @PUT
    @Path("/notification-preferences")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the notification preferences. Toggles, threshold, categories, quiet hours and language: "
            + "normal login. A different e-mail address or phone number: two-step login; the change is announced to the "
            + "previous address.")
    @APIResponse(responseCode = "200", description = "The stored preferences",
            content = @Content(schema = @Schema(implementation = NotificationPreferencesView.class)))
    @APIResponse(responseCode = "400", description = "Malformed body, negative threshold, bad quiet hours, e-mail or phone number")
    public NotificationPreferencesView change(NotificationRequests.PreferencesChange body) {
        NotificationRequests.PreferencesChange change = NotificationRequests.PreferencesChange.require(body);
        Preferences current = notification.getPreferences();
        String email = change.email() == null ? current.getEmail() : change.email();
        String phone = change.phoneNumber() == null ? current.getPhoneNumber() : change.phoneNumber();
        boolean contactChange = !email.equals(current.getEmail()) || !phone.equals(current.getPhoneNumber());
        if (contactChange) {
            // Before anything changes: a password-only login gets the RFC 9470 challenge and nothing is stored.
            StepUp.refusal(CONTACT_CHANGE, token, clock.instant()).ifPresent(refusal -> {
                throw refusal;
            });
        }
        Preferences stored = notification.updatePreferences(change.toProto());
        if (contactChange) {
            stored = notification.updateContactDetails(email, phone);
        }
        return NotificationPreferencesView.of(stored);
    }

    @GET
    @Path("/notifications")
    @Operation(summary = "The member's notifications, newest first, by cursor, with their delivery state")
    @APIResponse(responseCode = "200", description = "One page",
            content = @Content(schema = @Schema(implementation = NotificationView.Page.class)))
    @APIResponse(responseCode = "400", description = "pageSize outside 1..100, or a pageToken not of this list")
    public NotificationView.Page notifications(
            @Parameter(description = "1 to 100, default 20") @QueryParam("pageSize") String pageSize,
            @Parameter(description = "nextPageToken of the previous page") @QueryParam("pageToken") String pageToken) {
        return NotificationView.Page.of(notification.listNotifications(pageSize(pageSize), pageToken == null ? "" : pageToken));
    }

    @POST
    @Path("/usage-confirmations/{confirmationId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Answer a usage confirmation (ご利用確認): it was me (the merchant may retry the same purchase "
            + "within 30 minutes), or it was not (the card goes on fraud hold, and an e-mail says how to get a replacement "
            + "with a new number). The same answer again is 200 with nothing changed.")
    @Parameter(name = IdempotentPosts.HEADER, in = ParameterIn.HEADER, description = IdempotentPosts.HEADER_DESCRIPTION)
    @APIResponse(responseCode = "200", description = "The confirmation, VERIFIED or DENIED",
            content = @Content(schema = @Schema(implementation = UsageConfirmationView.class)))
    @APIResponse(responseCode = "400", description = "Malformed body: wasMe must be JSON true or false")
    @APIResponse(responseCode = "404", description = "No such confirmation of the signed-in member (code USAGE_CONFIRMATION_NOT_FOUND)")
    @APIResponse(responseCode = "409", description = "Expired (USAGE_CONFIRMATION_EXPIRED), answered otherwise before "
            + "(USAGE_CONFIRMATION_ALREADY_ANSWERED), or nothing was sent to answer (USAGE_CONFIRMATION_UNDELIVERABLE)"
            + IdempotentPosts.KEY_IN_PROGRESS)
    @APIResponse(responseCode = "422", description = IdempotentPosts.KEY_REUSED)
    public Response answerUsageConfirmation(@PathParam("confirmationId") String confirmationId,
            NotificationRequests.UsageConfirmationAnswer body) {
        if (confirmationId.isEmpty() || confirmationId.length() > 64) {
            throw new InvalidInputException("invalid-confirmation-id", "The confirmation id is 1 to 64 characters.");
        }
        boolean wasMe = NotificationRequests.UsageConfirmationAnswer.require(body).wasMe();
        return idempotentPosts.run(body, () -> Response.ok(UsageConfirmationView.of(
                notification.answerUsageConfirmation(confirmationId, wasMe))).build());
    }

    @POST
    @Path("/security/not-me")
    @Operation(summary = "\"This wasn't me\": every active card is suspended, every session of the member is ended, and "
            + "an e-mail confirms it. Each call is a report of its own; send an Idempotency-Key to make a retry safe.")
    @Parameter(name = IdempotentPosts.HEADER, in = ParameterIn.HEADER, description = IdempotentPosts.HEADER_DESCRIPTION)
    @APIResponse(responseCode = "202", description = "Recorded; the cards and sessions are being dealt with",
            content = @Content(schema = @Schema(implementation = NotMeReportView.class)))
    @APIResponse(responseCode = "409", description = "A request with this Idempotency-Key still runs (code IDEMPOTENCY_REQUEST_IN_PROGRESS)")
    @APIResponse(responseCode = "422", description = IdempotentPosts.KEY_REUSED)
    public Response notMe() {
        return idempotentPosts.run(null, () -> Response.status(Response.Status.ACCEPTED)
                .entity(NotMeReportView.of(notification.reportNotMe())).build());
    }

    private static int pageSize(String pageSize) {
        if (pageSize == null) {
            return DEFAULT_PAGE_SIZE;
        }
        try {
            int size = Integer.parseInt(pageSize);
            if (size >= 1 && size <= MAX_PAGE_SIZE) {
                return size;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InvalidInputException("invalid-page-size", "pageSize must be a whole number from 1 to " + MAX_PAGE_SIZE + ".");
    }
}
