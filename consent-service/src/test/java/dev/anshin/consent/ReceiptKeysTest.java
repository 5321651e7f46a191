package dev.anshin.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

import dev.anshin.consent.config.ReceiptConfig;
import dev.anshin.consent.service.ReceiptSigner;

/**
 * Key rotation of consent receipts: after the signing key changes, the retired key's public key is still published,
 * so a receipt signed before the change still verifies; a retired key's id never shadows the signing key's.
 */
class ReceiptKeysTest {

    private static KeyPair rsa() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static ReceiptConfig config(KeyPair signing, String keyId, Map<String, String> retired) {
        String privatePem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(signing.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----";
        return new ReceiptConfig() {
            @Override
            public String signingKey() {
                return privatePem;
            }

            @Override
            public String keyId() {
                return keyId;
            }

            @Override
            public Map<String, String> retiredPublicKeys() {
                return retired;
            }
        };
    }

    private static String publicPem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----";
    }

    @Test
    void aReceiptSignedBeforeAKeyChangeStillVerifiesWithThePublishedRetiredKey() throws Exception {
        KeyPair old = rsa();
        KeyPair current = rsa();
        String signedBefore = new ReceiptSigner(config(old, "receipts-2026-01", Map.of())).sign(Map.of("jti", "r-1"));

        var signer = new ReceiptSigner(config(current, "receipts-2026-12", Map.of("receipts-2026-01", publicPem(old))));

        assertThat(signer.verificationKeys()).extracting(ReceiptSigner.VerificationKey::keyId)
                .containsExactly("receipts-2026-12", "receipts-2026-01");
        assertTrue(signer.verificationKeys().get(0).current());
        assertFalse(signer.verificationKeys().get(1).current());
        var jws = new JsonWebSignature();
        jws.setCompactSerialization(signedBefore);
        var retired = signer.verificationKeys().stream().filter(k -> k.keyId().equals(jws.getKeyIdHeaderValue()))
                .findFirst().orElseThrow();
        jws.setKey(JsonWebKey.Factory.newJwk(retired.jwk()).getKey());
        assertTrue(jws.verifySignature());
        assertEquals(old.getPublic(), JsonWebKey.Factory.newJwk(retired.jwk()).getKey());
    }

    @Test
    void aRetiredKeyMayNotReuseTheSigningKeysId() throws Exception {
        KeyPair old = rsa();
        KeyPair current = rsa();

        var refused = assertThrows(IllegalStateException.class, () -> new ReceiptSigner(
                config(current, "receipts-2026-12", Map.of("receipts-2026-12", publicPem(old)))));

        assertThat(refused.getMessage()).contains("retired-public-keys");
    }

    @Test
    void aRetiredKeyThatIsNotAPublicKeyStopsTheServiceWithoutEchoingIt() throws Exception {
        var refused = assertThrows(IllegalStateException.class, () -> new ReceiptSigner(
                config(rsa(), "receipts-2026-12", Map.of("receipts-2026-01", "c2VjcmV0LW5vdC1hLWtleQ=="))));

        assertThat(refused.getMessage()).contains("receipts-2026-01").doesNotContain("c2VjcmV0LW5vdC1hLWtleQ==");
    }
}
