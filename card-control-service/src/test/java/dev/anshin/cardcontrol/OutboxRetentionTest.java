package dev.anshin.cardcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.cardcontrol.service.OutboxRetention;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** Acknowledged outbox events go after the retention (7 days); nothing still waiting for its receiver ever does. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class OutboxRetentionTest extends CardTestSupport {

    @Inject
    OutboxRetention retention;

    @Test
    void eventsAcknowledgedLongerAgoThanTheRetentionAreDeletedAndUnacknowledgedOnesStayHoweverOld() {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, true, 500_000);
        CardNetwork network = new CardNetwork(client());
        var details = network.detailsOf(member, card);
        String expired = network.stub().authorize(CardNetwork.purchase(details, 1_000).build()).getAuthorizationId();
        String recent = network.stub().authorize(CardNetwork.purchase(details, 2_000).build()).getAuthorizationId();
        String waiting = network.stub().authorize(CardNetwork.purchase(details, 3_000).build()).getAuthorizationId();
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        update("UPDATE outbox_event SET delivered_at = ?, created_at = ? WHERE event_id = ?",
                now.minusDays(8), now.minusDays(8), expired);
        update("UPDATE outbox_event SET delivered_at = ? WHERE event_id = ?", now.minusDays(6), recent);
        update("UPDATE outbox_event SET created_at = ? WHERE event_id = ?", now.minusDays(30), waiting);

        retention.purge();

        assertEquals(0, queryLong("SELECT COUNT(*) FROM outbox_event WHERE event_id = ?", expired));
        assertEquals(1, queryLong("SELECT COUNT(*) FROM outbox_event WHERE event_id = ?", recent));
        assertEquals(1, queryLong("SELECT COUNT(*) FROM outbox_event WHERE event_id = ? AND delivered_at IS NULL", waiting));
        assertEquals(1, queryLong("SELECT COUNT(*) FROM card_authorization WHERE authorization_id = ?", expired),
                "the decision itself is kept");
    }
}
