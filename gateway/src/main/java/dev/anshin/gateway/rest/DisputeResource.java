package dev.anshin.gateway.rest;

import java.util.regex.Pattern;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.anshin.gateway.client.StatementClient;
import dev.anshin.gateway.problem.InvalidInputException;
import dev.anshin.gateway.problem.Problem;
import io.quarkus.security.Authenticated;

/**
 * The signed-in member's disputes of unrecognised charges (身に覚えのない請求), from statement-service: reading them
 * needs a normal login; filing one is {@code POST /v1/transactions/{id}/disputes} (two-step). Another member's dispute
 * answers 404, as a missing one.
 */
@Path("/v1/disputes")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Usage")
@SecurityRequirement(name = "member")
@APIResponse(responseCode = "401", description = "Not signed in", content = @Content(mediaType = Problem.MEDIA_TYPE,
        schema = @Schema(implementation = Problem.class)))
public class DisputeResource {

    /** Dispute ids as statement-service makes them (UUIDs): anything else is not looked up. */
    private static final Pattern DISPUTE_ID = Pattern.compile("[0-9a-fA-F-]{1,36}");

    private final StatementClient statement;

    public DisputeResource(StatementClient statement) {
        this.statement = statement;
    }

    @GET
    @Operation(summary = "The member's disputes, newest report first, by cursor")
    @APIResponse(responseCode = "200", description = "One page",
            content = @Content(schema = @Schema(implementation = DisputeView.Page.class)))
    @APIResponse(responseCode = "400", description = "pageSize outside 1..100 (INVALID_PAGE_SIZE), a pageToken not of "
            + "this list (INVALID_REQUEST)")
    public DisputeView.Page list(
            @Parameter(description = "1 to 100, default 20") @QueryParam("pageSize") String pageSize,
            @Parameter(description = "nextPageToken of the previous page") @QueryParam("pageToken") String pageToken) {
        return DisputeView.Page.of(statement.listDisputes(PageSizes.of(pageSize), pageToken == null ? "" : pageToken));
    }

    @GET
    @Path("/{disputeId}")
    @Operation(summary = "One of the member's disputes, with its history")
    @APIResponse(responseCode = "200", description = "The dispute",
            content = @Content(schema = @Schema(implementation = DisputeView.class)))
    @APIResponse(responseCode = "400", description = "A malformed id (INVALID_DISPUTE_ID)")
    @APIResponse(responseCode = "404", description = "No such dispute, or another member's (DISPUTE_NOT_FOUND)")
    public DisputeView get(@PathParam("disputeId") String disputeId) {
        if (disputeId == null || !DISPUTE_ID.matcher(disputeId).matches()) {
            throw new InvalidInputException("invalid-dispute-id", "The dispute id is malformed.");
        }
        return DisputeView.detail(statement.getDispute(disputeId));
    }
}
