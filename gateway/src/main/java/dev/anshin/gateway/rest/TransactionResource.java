package dev.anshin.gateway.rest;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.anshin.gateway.client.StatementClient;
import dev.anshin.gateway.config.StepUp;
import dev.anshin.gateway.problem.InvalidInputException;
import dev.anshin.gateway.problem.Problem;
import io.quarkus.oidc.AuthenticationContext;
import io.quarkus.security.Authenticated;

/**
 * The signed-in member's card usage (最近のカードご利用一覧), from statement-service. The member is the token's subject:
 * no route takes a member id, and another member's item answers 404. Reading needs a normal login (the RPCs declare
 * no step-up in the contract); switching the payment method and disputing a charge need two steps (ChangePaymentMethod
 * and DisputeTransaction declare it).
 */
@Path("/v1/transactions")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Usage")
@SecurityRequirement(name = "member")
@APIResponse(responseCode = "401", description = "Not signed in", content = @Content(mediaType = Problem.MEDIA_TYPE,
        schema = @Schema(implementation = Problem.class)))
public class TransactionResource {

    /** Item ids as statement-service makes them (UUIDs): anything else is not looked up. */
    private static final Pattern TRANSACTION_ID = Pattern.compile("[0-9a-fA-F-]{1,36}");
    /** A calendar date exactly as YYYY-MM-DD. */
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    private final StatementClient statement;
    private final IdempotentPosts idempotentPosts;

    public TransactionResource(StatementClient statement, IdempotentPosts idempotentPosts) {
        this.statement = statement;
        this.idempotentPosts = idempotentPosts;
    }

    @GET
    @Operation(summary = "The member's recent card usage: pending and posted items, newest first, by cursor; "
            + "optionally one card's, used within a range of dates (Japan time)")
    @APIResponse(responseCode = "200", description = "One page",
            content = @Content(schema = @Schema(implementation = TransactionView.Page.class)))
    @APIResponse(responseCode = "400", description = "A malformed cardId (INVALID_CARD_ID), from or to not a date "
            + "YYYY-MM-DD (INVALID_DATE), from after to (INVALID_DATE_RANGE), pageSize outside 1..100 (INVALID_PAGE_SIZE), "
            + "a pageToken not of this list or of other filters (INVALID_REQUEST)")
    public TransactionView.Page list(
            @Parameter(description = "Only this card's items (empty: all cards)") @QueryParam("cardId") String cardId,
            @Parameter(description = "Only items used on or after this date (YYYY-MM-DD, Japan time)") @QueryParam("from") String from,
            @Parameter(description = "Only items used on or before this date (YYYY-MM-DD, Japan time), not before from")
            @QueryParam("to") String to,
            @Parameter(description = "1 to 100, default 20") @QueryParam("pageSize") String pageSize,
            @Parameter(description = "nextPageToken of the previous page, with the same cardId, from and to")
            @QueryParam("pageToken") String pageToken) {
        String card = blank(cardId) ? null : CardIds.require(cardId);
        LocalDate fromDate = date(from, "from");
        LocalDate toDate = date(to, "to");
        if (fromDate != null && toDate != null && fromDate.isAfter(toDate)) {
            throw new InvalidInputException("invalid-date-range", "from must not be after to.");
        }
        int size = PageSizes.of(pageSize);
        return TransactionView.Page.of(statement.listTransactions(card, fromDate, toDate, size,
                pageToken == null ? "" : pageToken));
    }

    @GET
    @Path("/{transactionId}")
    @Operation(summary = "One of the member's usage items, in whatever state (reversed and expired ones too)")
    @APIResponse(responseCode = "200", description = "The item",
            content = @Content(schema = @Schema(implementation = TransactionView.class)))
    @APIResponse(responseCode = "400", description = "A malformed id (INVALID_TRANSACTION_ID)")
    @APIResponse(responseCode = "404", description = "No such item, or another member's (code TRANSACTION_NOT_FOUND)")
    public TransactionView get(@PathParam("transactionId") String transactionId) {
        if (transactionId == null || !TRANSACTION_ID.matcher(transactionId).matches()) {
            throw new InvalidInputException("invalid-transaction-id", "The transaction id is malformed.");
        }
        return TransactionView.of(statement.getTransaction(transactionId));
    }

    @PUT
    @Path("/{transactionId}/payment-method")
    @Consumes(MediaType.APPLICATION_JSON)
    @AuthenticationContext(StepUp.TWO_STEP)
    @Operation(summary = "Switch a posted lump-sum purchase to instalments or revolving (あとからリボ・分割), until its "
            + "cycle closes")
    @APIResponse(responseCode = "200", description = "The item with its new payment method (the same switch again: "
            + "unchanged)", content = @Content(schema = @Schema(implementation = TransactionView.class)))
    @APIResponse(responseCode = "400", description = "A malformed id (INVALID_TRANSACTION_ID), body (INVALID_BODY), "
            + "instalments missing or outside 2..24, or given for REVOLVING (INVALID_INSTALLMENTS)")
    @APIResponse(responseCode = "401", description = "Not signed in with two steps: the RFC 9470 challenge")
    @APIResponse(responseCode = "404", description = "No such item, or another member's (TRANSACTION_NOT_FOUND)")
    @APIResponse(responseCode = "409", description = "Billed already (CYCLE_CLOSED), not posted (TRANSACTION_NOT_POSTED), "
            + "not a lump sum (PAYMENT_METHOD_ALREADY_CHANGED)")
    public TransactionView changePaymentMethod(@PathParam("transactionId") String transactionId,
            PaymentMethodChange body) {
        if (transactionId == null || !TRANSACTION_ID.matcher(transactionId).matches()) {
            throw new InvalidInputException("invalid-transaction-id", "The transaction id is malformed.");
        }
        PaymentMethodChange change = PaymentMethodChange.require(body);
        return TransactionView.of(statement.changePaymentMethod(transactionId, change.contractMethod(),
                change.contractInstallments()));
    }

    @POST
    @Path("/{transactionId}/disputes")
    @Consumes(MediaType.APPLICATION_JSON)
    @AuthenticationContext(StepUp.TWO_STEP)
    @Operation(summary = "Dispute a posted charge the member does not recognise (身に覚えのない請求). Fraud compensation "
            + "covers use on or after the day 60 days before the report date (Japan time); older use is recorded but "
            + "not covered. Disputing the same charge again answers its first dispute. Two-step login required.")
    @Parameter(name = IdempotentPosts.HEADER, in = ParameterIn.HEADER, description = IdempotentPosts.HEADER_DESCRIPTION)
    @APIResponse(responseCode = "201", description = "The dispute, RECEIVED",
            headers = @Header(name = "Location", description = "The dispute"),
            content = @Content(schema = @Schema(implementation = DisputeView.class)))
    @APIResponse(responseCode = "200", description = "The charge's first dispute (it was disputed already)",
            content = @Content(schema = @Schema(implementation = DisputeView.class)))
    @APIResponse(responseCode = "400", description = "A malformed id (INVALID_TRANSACTION_ID), body or description "
            + "missing or over 1,000 characters (INVALID_BODY)")
    @APIResponse(responseCode = "401", description = "Not signed in with two steps: the RFC 9470 challenge")
    @APIResponse(responseCode = "404", description = "No such item, or another member's (TRANSACTION_NOT_FOUND)")
    @APIResponse(responseCode = "409", description = "Not posted: pending, reversed or expired (TRANSACTION_NOT_POSTED)"
            + IdempotentPosts.KEY_IN_PROGRESS)
    @APIResponse(responseCode = "422", description = IdempotentPosts.KEY_REUSED)
    public Response dispute(@PathParam("transactionId") String transactionId, DisputeFiling body) {
        if (transactionId == null || !TRANSACTION_ID.matcher(transactionId).matches()) {
            throw new InvalidInputException("invalid-transaction-id", "The transaction id is malformed.");
        }
        DisputeFiling filing = DisputeFiling.require(body);
        return idempotentPosts.run(body, () -> {
            var filed = statement.disputeTransaction(transactionId, filing.description());
            DisputeView dispute = DisputeView.summary(filed.getDispute());
            if (!filed.getCreated()) {
                return Response.ok(dispute).build();
            }
            // A relative reference (RFC 9110): it stays right behind any proxy, and when a retry replays it.
            return Response.status(Response.Status.CREATED).header("Location", "/v1/disputes/" + dispute.id())
                    .entity(dispute).build();
        });
    }

    private static LocalDate date(String value, String name) {
        if (blank(value)) {
            return null;
        }
        if (DATE.matcher(value).matches()) {
            try {
                return LocalDate.parse(value, DateTimeFormatter.ISO_LOCAL_DATE);
            } catch (DateTimeParseException e) {
                // refused below: 2025-02-30 has the shape of a date but is none
            }
        }
        throw new InvalidInputException("invalid-date", name + " must be a calendar date YYYY-MM-DD.");
    }

    /** A filter sent empty ({@code ?from=}, or {@code ?from} which arrives as nothing) is no filter. */
    private static boolean blank(String value) {
        return value == null || value.isEmpty();
    }
}
