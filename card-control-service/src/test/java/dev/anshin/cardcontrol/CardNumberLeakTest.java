package dev.anshin.cardcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.cardcontrol.v1.LossKind;
import dev.anshin.api.cardcontrol.v1.ReissueReason;
import dev.anshin.api.cardcontrol.v1.ReportLossRequest;
import dev.anshin.api.cardcontrol.v1.RequestReissueRequest;
import dev.anshin.api.cardcontrol.v1.SuspendCardRequest;
import dev.anshin.api.common.v1.Yen;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Card numbers and security codes never appear in logs, errors or any column in clear. Drives every path that touches
 * a number (issue, reveal, reissue, loss, authorizations approved, declined and malformed, a comment holding the
 * number), then scans every text and binary column of every table and the service's log.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class CardNumberLeakTest extends CardTestSupport {

    @Test
    void noFullCardNumberInAnyTableColumnErrorOrLogLine() throws Exception {
        Path log = Path.of("target", "card-control-test.log");
        long logOffset = Files.exists(log) ? Files.size(log) : 0; // the file outlives runs; read only this run's part
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, true, 500_000);
        CardNetwork network = new CardNetwork(client());
        var details = network.detailsOf(member, card);
        String number = details.getCardNumber();
        List<String> errors = new ArrayList<>();

        network.stub().authorize(CardNetwork.purchase(details, 2_000).build());
        network.stub().authorize(CardNetwork.purchase(details, 2_000).setSecurityCode(details.getSecurityCode()).build());
        network.stub().authorize(CardNetwork.purchase(details, 400_000).build()); // fraud rule: usage confirmation
        network.stub().authorize(CardNetwork.purchase(details, 2_000).setSecurityCode("999".equals(details.getSecurityCode()) ? "998" : "999").build());
        errors.add(assertThrows(StatusRuntimeException.class, () -> network.stub()
                .authorize(CardNetwork.purchase(details, 2_000).setCardNumber(number + "1234").build())).getMessage());
        errors.add(assertThrows(StatusRuntimeException.class, () -> network.stub()
                .authorize(CardNetwork.purchase(details, -1).setAmount(Yen.newBuilder().setAmount(-1)).build())).getMessage());
        errors.add(assertThrows(StatusRuntimeException.class, () -> network.stub()
                .authorize(CardNetwork.purchase(details, 2_000).setMerchantName("shop " + number).build())).getMessage());
        errors.add(assertThrows(StatusRuntimeException.class, () -> member(member).suspendCard(SuspendCardRequest.newBuilder()
                .setCardId(card.getId()).setComment("number " + number + " cvv " + details.getSecurityCode()).build())).getMessage());
        member(member).requestReissue(RequestReissueRequest.newBuilder().setCardId(card.getId())
                .setReason(ReissueReason.REISSUE_REASON_DAMAGED).build());
        member(member).reportLoss(ReportLossRequest.newBuilder().setCardId(card.getId()).setKind(LossKind.LOSS_KIND_STOLEN).build());

        for (String error : errors) {
            assertThat(error).doesNotContain(number);
        }
        List<String> columns = textAndBinaryColumns();
        assertTrue(columns.size() > 20, "scanned the whole schema: " + columns);
        for (String column : columns) {
            String[] tableAndColumn = column.split("\\.");
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM " + tableAndColumn[0]
                            + " WHERE CAST(" + tableAndColumn[1] + " AS BINARY) LIKE ?")) {
                query.setString(1, "%" + number + "%");
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    assertThat(rows.getLong(1)).as("rows of %s holding the card number in clear", column).isZero();
                }
            }
        }
        assertTrue(Files.exists(log), "the test log exists");
        byte[] written = Files.readAllBytes(log);
        String thisRun = new String(written, (int) Math.min(logOffset, written.length),
                (int) (written.length - Math.min(logOffset, written.length)), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(thisRun).contains("matched fraud rule").doesNotContain(number);
    }

    private List<String> textAndBinaryColumns() throws Exception {
        List<String> columns = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT table_name, column_name FROM information_schema.columns"
                        + " WHERE table_schema = DATABASE() AND data_type IN ('char','varchar','text','mediumtext','longtext',"
                        + "'binary','varbinary','blob','mediumblob','longblob')")) {
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    columns.add(rows.getString(1) + "." + rows.getString(2));
                }
            }
        }
        return columns;
    }
}
