package dev.anshin.gateway.rest;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.anshin.gateway.client.CardControlClient;
import dev.anshin.gateway.config.StepUp;
import io.quarkus.oidc.AuthenticationContext;
import io.quarkus.security.Authenticated;

/**
 * The signed-in member's cards. The member is the token's subject: no route takes a member id, and another member's
 * card answers 404. Reading needs a normal login; changing a card needs a two-step login (RFC 9470 step-up).
 */
@Path("/v1/cards")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Cards")
@SecurityRequirement(name = "member")
public class CardResource {

    private final CardControlClient cardControl;

    public CardResource(CardControlClient cardControl) {
        this.cardControl = cardControl;
    }

    @GET
    @Operation(summary = "List the member's cards, closed ones included")
    public CardView.ListView list() {
        return new CardView.ListView(cardControl.listCards().stream().map(CardView::of).toList());
    }

    @GET
    @Path("/{cardId}")
    @Operation(summary = "Get one of the member's cards")
    @APIResponse(responseCode = "404", description = "No such card, or another member's")
    public CardView get(@PathParam("cardId") String cardId) {
        return CardView.of(cardControl.getCard(CardIds.require(cardId)));
    }

    @POST
    @Path("/{cardId}/suspension")
    @AuthenticationContext(StepUp.TWO_STEP)
    @Operation(summary = "Temporarily stop the card (一時停止); repeating it is a no-op. Two-step login required.")
    @APIResponse(responseCode = "401", description = "Not signed in, or not with a two-step login (WWW-Authenticate says which acr)")
    @APIResponse(responseCode = "409", description = "The card's state does not allow it (closed, on fraud hold...)")
    public CardView suspend(@PathParam("cardId") String cardId) {
        return CardView.of(cardControl.suspend(CardIds.require(cardId)));
    }

    @DELETE
    @Path("/{cardId}/suspension")
    @AuthenticationContext(StepUp.TWO_STEP)
    @Operation(summary = "Resume a temporarily stopped card at once; resuming an active card is a no-op. Two-step login required.")
    @APIResponse(responseCode = "401", description = "Not signed in, or not with a two-step login (WWW-Authenticate says which acr)")
    @APIResponse(responseCode = "409", description = "The card's state does not allow it (a fraud hold is lifted by the issuer only)")
    public CardView resume(@PathParam("cardId") String cardId) {
        return CardView.of(cardControl.resume(CardIds.require(cardId)));
    }
}
