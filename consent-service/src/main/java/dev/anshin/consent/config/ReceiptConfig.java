package dev.anshin.consent.config;

import java.util.Map;

import io.smallrye.config.ConfigMapping;

/**
 * The key that signs consent receipts. No default: a service that cannot sign receipts must not start. The dev, test
 * and local profiles carry a demo key (application.properties) that must never be used anywhere else.
 */
@ConfigMapping(prefix = "anshin.consent.receipts")
public interface ReceiptConfig {

    /**
     * The RSA private key (2048 bits or more) in PKCS#8: PEM ("-----BEGIN PRIVATE KEY-----" ...) or its base64 body.
     * From a secret store ({@code ANSHIN_CONSENT_RECEIPTS_SIGNING_KEY}).
     */
    String signingKey();

    /** The key id written in each receipt's JWS header ({@code kid}), so verifiers pick the right public key. */
    String keyId();

    /**
     * Public keys of signing keys retired from signing, by their key id: an RSA public key in X.509
     * SubjectPublicKeyInfo, PEM ("-----BEGIN PUBLIC KEY-----" ...) or its base64 body. Published with the signing
     * key's (GetReceiptKeys) so receipts signed before a key change still verify. None by default.
     */
    Map<String, String> retiredPublicKeys();
}
