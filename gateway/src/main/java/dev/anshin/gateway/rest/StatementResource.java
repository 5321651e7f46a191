package dev.anshin.gateway.rest;

import java.util.regex.Pattern;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

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
 * The signed-in member's monthly statements, from statement-service: the list, and one statement as JSON or, with
 * {@code Accept: text/csv}, as a CSV for spreadsheets. Another member's statement answers 404. Reading needs a normal
 * login (the RPCs declare no step-up in the contract).
 */
@Path("/v1/statements")
@Authenticated
@Tag(name = "Statements")
@SecurityRequirement(name = "member")
@APIResponse(responseCode = "401", description = "Not signed in", content = @Content(mediaType = Problem.MEDIA_TYPE,
        schema = @Schema(implementation = Problem.class)))
public class StatementResource {

    /** Statement ids as statement-service makes them (UUIDs): anything else is not looked up. */
    private static final Pattern STATEMENT_ID = Pattern.compile("[0-9a-fA-F-]{1,36}");

    private final StatementClient statement;

    public StatementResource(StatementClient statement) {
        this.statement = statement;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The member's statements, newest first, by cursor (without their lines)")
    @APIResponse(responseCode = "200", description = "One page",
            content = @Content(schema = @Schema(implementation = StatementView.Page.class)))
    @APIResponse(responseCode = "400", description = "pageSize outside 1..100 (INVALID_PAGE_SIZE), a pageToken not of "
            + "this list (INVALID_REQUEST)")
    public StatementView.Page list(@Parameter(description = "1 to 100, default 20") @QueryParam("pageSize") String pageSize,
            @Parameter(description = "nextPageToken of the previous page") @QueryParam("pageToken") String pageToken) {
        return StatementView.Page.of(statement.listStatements(PageSizes.of(pageSize), pageToken == null ? "" : pageToken));
    }

    @GET
    @Path("/{statementId}")
    @Produces({ MediaType.APPLICATION_JSON, "text/csv" })
    @Operation(summary = "One statement with its lines and totals per payment method; with Accept: text/csv, a CSV "
            + "(UTF-8 with a byte-order mark, headers in Japanese, CRLF)")
    @APIResponse(responseCode = "200", description = "The statement", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StatementView.class)),
            @Content(mediaType = "text/csv") })
    @APIResponse(responseCode = "400", description = "A malformed id (INVALID_STATEMENT_ID)")
    @APIResponse(responseCode = "404", description = "No such statement, or another member's (STATEMENT_NOT_FOUND)")
    public Response get(@PathParam("statementId") String statementId, @Context HttpHeaders headers) {
        var found = statement.getStatement(checked(statementId));
        if (!asksForCsv(headers)) {
            return Response.ok(StatementView.of(found), MediaType.APPLICATION_JSON).build();
        }
        String name = "statement-" + StatementView.date(found.getClosingDate()) + ".csv";
        return Response.ok(StatementCsv.of(found), StatementCsv.MEDIA_TYPE)
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .build();
    }

    /** CSV only when the client names it: a client accepting anything (or nothing said) gets JSON, like every route. */
    private static boolean asksForCsv(HttpHeaders headers) {
        return headers.getAcceptableMediaTypes().stream()
                .anyMatch(type -> "text".equals(type.getType()) && "csv".equals(type.getSubtype()));
    }

    private static String checked(String statementId) {
        if (statementId == null || !STATEMENT_ID.matcher(statementId).matches()) {
            throw new InvalidInputException("invalid-statement-id", "The statement id is malformed.");
        }
        return statementId;
    }
}
