package dev.anshin.cardcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.AnswerAuthenticationChallengeRequest;
import dev.anshin.api.cardcontrol.v1.AuthenticateRequest;
import dev.anshin.api.cardcontrol.v1.AuthorizeRequest;
import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.ChallengeMethod;
import dev.anshin.api.cardcontrol.v1.Channel;
import dev.anshin.api.cardcontrol.v1.GetAuthenticationResultRequest;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.cardcontrol.v1.GetCardRequest;
import dev.anshin.api.cardcontrol.v1.LossKind;
import dev.anshin.api.cardcontrol.v1.ReissueReason;
import dev.anshin.api.cardcontrol.v1.ReportLossRequest;
import dev.anshin.api.cardcontrol.v1.RequestReissueRequest;
import dev.anshin.api.cardcontrol.v1.SubmitAuthenticationCodeRequest;
import dev.anshin.api.cardcontrol.v1.SuspendCardRequest;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.cardcontrol.threeds.service.AuthenticationCodes;
import dev.anshin.kit.testing.Tokens;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Card numbers and security codes never appear in logs, errors or any column in clear, nor tokens in logs, nor 3-D
 * Secure authentication values, one-time codes of SMS challenges (sent or typed) and the device details of an
 * authentication request. Drives every
 * path that touches a number (issue, reveal, reissue, loss, authorizations approved, declined and malformed, a comment
 * holding the number), then scans every text and binary column of every table and the service's log: the test log file
 * is written as JSON, one object a line, as prod writes its console, so the scan reads what a log collector would.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class CardNumberLeakTest extends CardTestSupport {

    @jakarta.inject.Inject
    AuthenticationCodes codes;

    /** Something shaped like a JWT (header and payload base64url JSON objects, then a signature). */
    static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*");

    private static final Path LOG = Path.of("target", "card-control-test.log");

    @Test
    void noFullCardNumberInAnyTableColumnErrorOrLogLine() throws Exception {
        long logOffset = logSize();
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
        assertNoColumnHolds(number, "the card number");
        String thisRun = logSince(logOffset);
        assertThat(thisRun).contains("matched fraud rule").doesNotContain(number);
        assertThat(thisRun.lines().filter(line -> !line.isBlank()))
                .as("every line of the log is one JSON object").allMatch(line -> line.startsWith("{") && line.endsWith("}"));
    }

    @Test
    void noCardNumberAuthenticationValueOrDeviceDetailInAnyColumnErrorOrLogLineOf3DSecure() throws Exception {
        long logOffset = logSize();
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, true, 500_000);
        var details = new CardNetwork(client()).detailsOf(member, card);
        String number = details.getCardNumber();
        DirectoryServer ds = new DirectoryServer(client());
        AuthenticateRequest areq = DirectoryServer.areq(details, 50_000, "leak-test-device-7f3a9c").build();

        String id = ds.stub().authenticate(areq).getAcsTransactionId();
        ds.app(member).answerAuthenticationChallenge(AnswerAuthenticationChallengeRequest.newBuilder().setId(id).setApprove(true).build());
        String value = ds.stub().getAuthenticationResult(GetAuthenticationResultRequest.newBuilder().setAcsTransactionId(id).build())
                .getAuthenticationValue();
        AuthorizeRequest.Builder purchase = CardNetwork.purchase(details, 50_000).setChannel(Channel.CHANNEL_ONLINE)
                .setMerchantName(areq.getMerchantName()).setMerchantCategoryCode(areq.getMerchantCategoryCode())
                .setAuthenticationValue(value).setAuthenticationTransactionId(id);
        new CardNetwork(client()).stub().authorize(purchase.build());
        new CardNetwork(client()).stub().authorize(purchase.setAuthorizationId("auth-" + UUID.randomUUID()).build()); // used
        new CardNetwork(client()).stub().authorize(purchase.setAuthorizationId("auth-" + UUID.randomUUID())
                .setAmount(Yen.newBuilder().setAmount(9_000)).build()); // another purchase
        String error = assertThrows(StatusRuntimeException.class, () -> ds.stub().authenticate(areq.toBuilder()
                .setDsTransactionId("ds-" + UUID.randomUUID()).setMerchantName("shop " + number).build())).getMessage();

        assertThat(value).isNotEmpty();
        assertThat(error).doesNotContain(number);
        String mac = value.substring(value.indexOf('.') + 1);
        assertNoColumnHolds(number, "the card number");
        assertNoColumnHolds(mac, "the authentication value");
        for (String personal : List.of(areq.getDevice().getDeviceId(), areq.getDevice().getIpAddress(), areq.getDevice().getUserAgent())) {
            assertNoColumnHolds(personal, "the device's details");
        }
        String thisRun = logSince(logOffset);
        assertThat(thisRun).contains(id).doesNotContain(number).doesNotContain(mac)
                .doesNotContain(areq.getDevice().getDeviceId()).doesNotContain(areq.getDevice().getIpAddress());
    }

    @Test
    void noOneTimeCodeInAnyColumnErrorOrLogLineOfAnSmsChallenge() throws Exception {
        long logOffset = logSize();
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, true, 500_000);
        var details = new CardNetwork(client()).detailsOf(member, card);
        DirectoryServer ds = new DirectoryServer(client());
        String id = ds.stub().authenticate(DirectoryServer.areq(details, 50_000, "leak-test-sms-" + UUID.randomUUID())
                .setChallengeMethod(ChallengeMethod.CHALLENGE_METHOD_SMS_CODE).build()).getAcsTransactionId();
        String code = codes.derive(codes.activeKeyId(), id);
        String wrong = code.substring(3) + code.substring(0, 3);
        wrong = wrong.equals(code) ? String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000) : wrong;
        String typed = wrong;

        ds.stub().submitAuthenticationCode(SubmitAuthenticationCodeRequest.newBuilder().setAcsTransactionId(id).setCode(typed).build());
        String malformed = assertThrows(StatusRuntimeException.class, () -> ds.stub().submitAuthenticationCode(
                SubmitAuthenticationCodeRequest.newBuilder().setAcsTransactionId(id).setCode(code + "9").build())).getMessage();
        ds.stub().submitAuthenticationCode(SubmitAuthenticationCodeRequest.newBuilder().setAcsTransactionId(id).setCode(code).build());
        String answered = assertThrows(StatusRuntimeException.class, () -> ds.stub().submitAuthenticationCode(
                SubmitAuthenticationCodeRequest.newBuilder().setAcsTransactionId(id).setCode(code).build())).getMessage();

        assertThat(malformed).doesNotContain(code);
        assertThat(answered).doesNotContain(code);
        assertNoColumnHolds(code, "the one-time code");
        assertNoColumnHolds(typed, "a wrong code typed");
        assertThat(logSince(logOffset)).contains(id).doesNotContain(code).doesNotContain(typed);
    }

    @Test
    void noBearerTokenInTheLogWhetherAcceptedExpiredOrForged() throws Exception {
        long logOffset = logSize();
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 500_000);
        String valid = Tokens.member(member);
        String expired = Tokens.of(member).roles("member").acr(Tokens.TWO_STEP)
                .issuedAt(Instant.now().minusSeconds(600)).lifetime(Duration.ofSeconds(300)).sign();
        String forged = valid.substring(0, valid.lastIndexOf('.') + 1) + "c2lnbmVkLWJ5LW5vYm9keS1hdC1hbGwtMDEyMzQ1Njc4OQ";

        client().as(valid).getCard(GetCardRequest.newBuilder().setCardId(card.getId()).build());
        for (String refused : List.of(expired, forged, "not-a-jwt-" + valid)) {
            StatusRuntimeException error = assertThrows(StatusRuntimeException.class,
                    () -> client().as(refused).getCard(GetCardRequest.newBuilder().setCardId(card.getId()).build()));
            assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(error.getMessage()).doesNotContain(refused);
        }

        String thisRun = logSince(logOffset);
        for (String token : List.of(valid, expired, forged)) {
            assertThat(thisRun).doesNotContain(token).doesNotContain(token.substring(token.indexOf('.') + 1));
        }
        assertThat(thisRun).doesNotContainPattern(JWT);
    }

    /** The file outlives runs (and test classes): a test reads only what was written since it noted the size. */
    private static long logSize() throws IOException {
        return Files.exists(LOG) ? Files.size(LOG) : 0;
    }

    private static String logSince(long offset) throws IOException {
        assertTrue(Files.exists(LOG), "the test log exists");
        byte[] written = Files.readAllBytes(LOG);
        int from = (int) Math.min(offset, written.length);
        return new String(written, from, written.length - from, StandardCharsets.UTF_8);
    }

    /** No text or binary column of any table holds {@code secret} in clear. */
    private void assertNoColumnHolds(String secret, String what) throws Exception {
        List<String> columns = textAndBinaryColumns();
        assertTrue(columns.size() > 20, "scanned the whole schema: " + columns);
        for (String column : columns) {
            String[] tableAndColumn = column.split("\\.");
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM " + tableAndColumn[0]
                            + " WHERE CAST(" + tableAndColumn[1] + " AS BINARY) LIKE ?")) {
                query.setString(1, "%" + secret + "%");
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    assertThat(rows.getLong(1)).as("rows of %s holding %s in clear", column, what).isZero();
                }
            }
        }
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
