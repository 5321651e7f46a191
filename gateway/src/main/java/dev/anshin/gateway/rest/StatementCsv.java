package dev.anshin.gateway.rest;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import dev.anshin.api.statement.v1.Statement;
import dev.anshin.api.statement.v1.StatementLine;

/**
 * A statement as CSV for spreadsheet software used in Japan: UTF-8 with a byte-order mark (without it Excel reads the
 * file as Shift_JIS), CRLF line ends (RFC 4180), headers in Japanese, dates in Japan time, whole yen. A field that
 * holds a comma, a quote or a line break is quoted; one starting with = + - @ is prefixed with ' so that a merchant
 * name never runs as a spreadsheet formula.
 */
final class StatementCsv {

    static final String MEDIA_TYPE = "text/csv; charset=UTF-8";
    static final List<String> HEADER = List.of("ご利用日", "ご利用店名", "カード", "支払区分", "支払回数", "ご利用金額",
            "今回お支払元金", "手数料", "今回お支払額");
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd");
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    private StatementCsv() {
    }

    static byte[] of(Statement statement) {
        StringBuilder csv = new StringBuilder();
        row(csv, HEADER);
        for (StatementLine line : statement.getLinesList()) {
            row(csv, List.of(
                    line.hasUsedAt() ? DAY.format(StatementView.instant(line.getUsedAt()).atZone(TOKYO)) : "",
                    line.getMerchantName(),
                    line.hasCard() ? line.getCard().getBrand() + " ****" + line.getCard().getLast4() : "",
                    methodName(line),
                    line.getInstallmentCount() > 0 ? line.getInstallmentNumber() + "/" + line.getInstallmentCount() : "",
                    line.hasPurchaseAmount() ? Long.toString(line.getPurchaseAmount().getAmount()) : "",
                    Long.toString(line.getPrincipal().getAmount()),
                    Long.toString(line.getFee().getAmount()),
                    Long.toString(line.getPrincipal().getAmount() + line.getFee().getAmount())));
        }
        row(csv, List.of("合計", "", "", "", "", "", Long.toString(statement.getPrincipalTotal().getAmount()),
                Long.toString(statement.getFeeTotal().getAmount()), Long.toString(statement.getTotal().getAmount())));
        byte[] text = csv.toString().getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[BOM.length + text.length];
        System.arraycopy(BOM, 0, withBom, 0, BOM.length);
        System.arraycopy(text, 0, withBom, BOM.length, text.length);
        return withBom;
    }

    private static String methodName(StatementLine line) {
        return switch (StatementView.method(line.getPaymentMethod())) {
            case "INSTALLMENTS" -> "分割払い";
            case "REVOLVING" -> "リボルビング払い";
            default -> "1回払い";
        };
    }

    private static void row(StringBuilder csv, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(field(fields.get(i)));
        }
        csv.append("\r\n");
    }

    static String field(String value) {
        String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}
