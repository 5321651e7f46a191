package dev.anshin.consent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The fingerprint of a notice's text: what the member saw, so a receipt can prove it. */
public final class NoticeText {

    private NoticeText() {
    }

    /** SHA-256, lowercase hex, of the UTF-8 bytes of the Japanese text, a line feed, and the English text. */
    public static String sha256(String textJa, String textEn) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((textJa + "\n" + textEn).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
