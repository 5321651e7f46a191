package dev.anshin.consent.service;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jose4j.json.JsonUtil;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

import dev.anshin.consent.config.ReceiptConfig;

/**
 * Signs consent receipts as compact JWS (RS256) with the configured key and key id, so a member can later prove what
 * was agreed with nothing but the service's public key.
 */
@ApplicationScoped
public class ReceiptSigner {

    /** The JWS {@code typ} of a receipt, so it is never mistaken for an access token. */
    public static final String TYPE = "consent-receipt+jwt";

    private final PrivateKey key;
    private final String keyId;

    public ReceiptSigner(ReceiptConfig config) {
        this.key = privateKey(config.signingKey());
        if (config.keyId().isBlank()) {
            throw new IllegalStateException("anshin.consent.receipts.key-id is blank");
        }
        this.keyId = config.keyId();
    }

    public String keyId() {
        return keyId;
    }

    /** The claims signed as a compact JWS. */
    public String sign(Map<String, Object> claims) {
        var jws = new JsonWebSignature();
        jws.setPayload(JsonUtil.toJson(claims));
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue(keyId);
        jws.setHeader("typ", TYPE);
        jws.setKey(key);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("a receipt could not be signed", e);
        }
    }

    private static PrivateKey privateKey(String configured) {
        String body = configured.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            var key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
            if (((RSAPrivateKey) key).getModulus().bitLength() < 2048) {
                throw new IllegalStateException("anshin.consent.receipts.signing-key: an RSA key of at least 2048 bits is needed");
            }
            return key;
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            // Never the key's text in the message.
            throw new IllegalStateException("anshin.consent.receipts.signing-key is not an RSA private key in PKCS#8");
        }
    }
}
