package dev.anshin.gateway.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.anshin.api.consent.v1.PrivacyRequest;
import dev.anshin.gateway.client.ConsentClient;
import dev.anshin.gateway.config.StepUp;
import dev.anshin.gateway.problem.Problem;
import io.quarkus.oidc.AuthenticationContext;
import io.quarkus.security.Authenticated;

/**
 * The signed-in member's privacy requests (開示・訂正・削除・利用停止, Art. 4) in consent-service: filing one needs a
 * two-step login (FilePrivacyRequest's contract; consent-service checks it again), reading them any login. Another
 * member's request is 404, as a missing one.
 */
@Path("/v1/privacy-requests")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Privacy requests")
@SecurityRequirement(name = "member")
@APIResponse(responseCode = "401", description = "Not signed in, or not strongly enough (filing needs two-step, the "
        + "disclosure's export two-step at most 5 minutes old; WWW-Authenticate says which acr_values and max_age)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                schema = @Schema(implementation = Problem.class)))
public class PrivacyRequestResource {

    private final ConsentClient consent;
    private final IdempotentPosts idempotentPosts;

    public PrivacyRequestResource(ConsentClient consent, IdempotentPosts idempotentPosts) {
        this.consent = consent;
        this.idempotentPosts = idempotentPosts;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @AuthenticationContext(StepUp.TWO_STEP)
    @Operation(summary = "File a disclosure, correction, deletion or stop-of-use request. The answer is delivered "
            + "electronically and is due 14 days after filing (a date in Japan). Two-step login required.")
    @Parameter(name = IdempotentPosts.HEADER, in = ParameterIn.HEADER, description = IdempotentPosts.HEADER_DESCRIPTION)
    @APIResponse(responseCode = "201", description = "The request, RECEIVED",
            headers = @Header(name = "Location", description = "The request"),
            content = @Content(schema = @Schema(implementation = PrivacyRequestView.class)))
    @APIResponse(responseCode = "400", description = "Malformed body, an unknown kind, a CORRECTION without details")
    @APIResponse(responseCode = "409", description = "A request with this Idempotency-Key still runs (code IDEMPOTENCY_REQUEST_IN_PROGRESS)")
    @APIResponse(responseCode = "422", description = IdempotentPosts.KEY_REUSED)
    public Response file(PrivacyRequests.Filing body) {
        PrivacyRequests.Filing filing = PrivacyRequests.Filing.require(body);
        return idempotentPosts.run(body, () -> {
            PrivacyRequest filed = consent.filePrivacyRequest(filing.kindProto(), filing.detailsOrEmpty());
            // A relative reference (RFC 9110): it stays right behind any proxy, and when a retry replays it.
            return Response.status(Response.Status.CREATED).header("Location", "/v1/privacy-requests/" + filed.getId())
                    .entity(PrivacyRequestView.of(filed)).build();
        });
    }

    @GET
    @Operation(summary = "The member's privacy requests, newest first, by cursor")
    @APIResponse(responseCode = "200", description = "One page",
            content = @Content(schema = @Schema(implementation = PrivacyRequestView.Page.class)))
    @APIResponse(responseCode = "400", description = "pageSize outside 1..100, or a pageToken not of this list")
    public PrivacyRequestView.Page list(
            @Parameter(description = "1 to 100, default 20") @QueryParam("pageSize") String pageSize,
            @Parameter(description = "nextPageToken of the previous page") @QueryParam("pageToken") String pageToken) {
        return PrivacyRequestView.Page.of(consent.listPrivacyRequests(PageSizes.of(pageSize), pageToken == null ? "" : pageToken));
    }

    @GET
    @Path("/{requestId}")
    @Operation(summary = "One of the member's privacy requests")
    @APIResponse(responseCode = "200", description = "The request",
            content = @Content(schema = @Schema(implementation = PrivacyRequestView.class)))
    @APIResponse(responseCode = "404", description = "PRIVACY_REQUEST_NOT_FOUND: no such request, or another member's")
    public PrivacyRequestView get(@PathParam("requestId") String requestId) {
        return PrivacyRequestView.of(consent.getPrivacyRequest(requestId));
    }

    @GET
    @Path("/{requestId}/disclosure")
    @AuthenticationContext(value = StepUp.TWO_STEP, maxAge = StepUp.DISCLOSURE_MAX_AGE)
    @Operation(summary = "Download a disclosure's export (開示): what every service held on the member when the request "
            + "went in progress, as JSON. Only here: it is never sent by e-mail. Two-step login at most 5 minutes old.")
    @APIResponse(responseCode = "200", description = "The export (consent-service/README.md, \"Disclosure export\")",
            headers = @Header(name = "Content-Disposition", description = "attachment; filename=disclosure-<id>.json"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON))
    @APIResponse(responseCode = "404", description = "PRIVACY_REQUEST_NOT_FOUND: no such request, or another member's")
    @APIResponse(responseCode = "409", description = "NOT_A_DISCLOSURE: a request of another kind; DISCLOSURE_NOT_READY: "
            + "not in progress yet, or rejected")
    public Response disclosure(@PathParam("requestId") String requestId) {
        var export = consent.getDisclosure(requestId);
        // The id is consent-service's (a UUID): safe in a header. Personal data: never cached on the way.
        return Response.ok(export.getDocument(), MediaType.APPLICATION_JSON_TYPE)
                .header("Content-Disposition", "attachment; filename=\"disclosure-" + export.getRequestId() + ".json\"")
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .build();
    }
}
