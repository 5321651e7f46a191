package dev.anshin.consent.service;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
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
    private final List<VerificationKey> verificationKeys;

    /** A public key that verifies receipts, as a JSON Web Key; {@code current} for the signing key's. */
    public record VerificationKey(String keyId, String jwk, boolean current) {
    }

    public ReceiptSigner(ReceiptConfig config) {
        this.key = privateKey(config.signingKey());
        if (config.keyId().isBlank()) {
            throw new IllegalStateException("anshin.consent.receipts.key-id is blank");
        }
        this.keyId = config.keyId();
        List<VerificationKey> keys = new ArrayList<>();
        keys.add(new VerificationKey(keyId, jwk(keyId, publicKeyOf(key)), true));
        new TreeMap<>(config.retiredPublicKeys()).forEach((retiredId, pem) -> {
            if (retiredId.equals(keyId)) {
                throw new IllegalStateException("anshin.consent.receipts.retired-public-keys names the signing key's id "
                        + keyId + ": a retired key needs an id of its own");
            }
            keys.add(new VerificationKey(retiredId, jwk(retiredId, publicKey(retiredId, pem)), false));
        });
        this.verificationKeys = List.copyOf(keys);
    }

    /** The keys that verify receipts: the signing key's public key first, then the retired ones by key id. */
    public List<VerificationKey> verificationKeys() {
        return verificationKeys;
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

    private static String jwk(String id, PublicKey publicKey) {
        var jwk = new RsaJsonWebKey((RSAPublicKey) publicKey);
        jwk.setKeyId(id);
        jwk.setUse("sig");
        jwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    /** The public half of the signing key (a PKCS#8 RSA key carries its public exponent). */
    private static PublicKey publicKeyOf(PrivateKey privateKey) {
        if (!(privateKey instanceof RSAPrivateCrtKey crt)) {
            throw new IllegalStateException("anshin.consent.receipts.signing-key must carry its public exponent (PKCS#8 RSA)");
        }
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the receipt signing key's public key could not be derived");
        }
    }

    private static PublicKey publicKey(String id, String configured) {
        String body = configured.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalStateException("anshin.consent.receipts.retired-public-keys." + id
                    + " is not an RSA public key (X.509 SubjectPublicKeyInfo, PEM or base64)");
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
