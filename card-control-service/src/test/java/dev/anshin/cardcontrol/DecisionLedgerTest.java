package dev.anshin.cardcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.AuthorizeRequest;
import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.cardcontrol.repository.DecisionLedger;
import dev.anshin.cardcontrol.repository.LocalTransactions;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** The decisions' own statements, against MariaDB: what a failed transaction of them leaves behind. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class DecisionLedgerTest extends CardTestSupport {

    @Inject
    LocalTransactions transactions;

    @Inject
    DecisionLedger ledger;

    @Test
    void aTransactionWhoseDecisionFailsOnTheAuthorizationIdRollsBackTheCreditItReserved() {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, true, 100_000);
        CardNetwork network = new CardNetwork(client());
        AuthorizeRequest first = CardNetwork.purchase(network.detailsOf(member, card), 4_000).build();
        network.stub().authorize(first);
        String cardId = card.getId().getValue();
        String accountId = queryString("SELECT account_id FROM card WHERE id = ?", cardId);

        assertThrows(PersistenceException.class, () -> transactions.inTransaction(tx -> {
            var decision = ledger.findDecisions(tx, List.of(first.getAuthorizationId())).get(first.getAuthorizationId());
            ledger.lockCards(tx, List.of(queryBytes("SELECT pan_lookup_hash FROM card WHERE id = ?", cardId)));
            ledger.lockAccounts(tx, List.of(accountId));
            ledger.reserve(tx, Map.of(accountId, 50_000L), Map.of(cardId, 50_000L));
            ledger.insert(tx, List.of(decision)); // the same authorization id again: fails on the primary key
            return null;
        }));

        assertEquals(4_000, queryLong("SELECT outstanding FROM card WHERE id = ?", cardId));
        assertEquals(4_000, queryLong("SELECT outstanding FROM credit_account WHERE id = ?", accountId));
    }
}
