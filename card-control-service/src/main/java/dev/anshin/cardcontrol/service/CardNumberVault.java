package dev.anshin.cardcontrol.service;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.YearMonth;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.cardcontrol.CardBrand;
import dev.anshin.cardcontrol.config.CardNumberConfig;
import dev.anshin.kit.cards.Luhn;
import dev.anshin.kit.error.InvalidRequestException;

/**
 * The only place a card number exists in clear. Numbers are stored as AES-GCM ciphertext under a key id (so keys can
 * rotate) plus an HMAC-SHA-256 lookup hash; the security code is derived on demand from a secret key and never stored.
 * Nothing here logs, and no exception message carries a number.
 */
@ApplicationScoped
public class CardNumberVault {

    private static final int GCM_IV_BYTES = 12;
    private static final int GCM_TAG_BITS = 128;
    /** Binds ciphertexts to their purpose: a blob sealed for anything else never opens as a card number. */
    private static final byte[] AAD = "anshin/card-number/v1".getBytes(StandardCharsets.US_ASCII);

    private final SecureRandom random = new SecureRandom();
    private final String activeKeyId;
    private final Map<String, SecretKeySpec> encryptionKeys = new HashMap<>();
    private final SecretKeySpec lookupKey;
    private final SecretKeySpec securityCodeKey;
    private final Map<CardBrand, String> bins = new HashMap<>();

    /** A card number sealed for storage, with its last four digits (the only part ever shown). */
    public record SealedNumber(byte[] ciphertext, String keyId, byte[] lookupHash, String last4) {
    }

    public CardNumberVault(CardNumberConfig config) {
        config.encryptionKeys().forEach((id, key) -> encryptionKeys.put(id, new SecretKeySpec(aesKey(key, "anshin.card-numbers.encryption-keys." + id), "AES")));
        if (!encryptionKeys.containsKey(config.activeKeyId())) {
            throw new IllegalStateException("anshin.card-numbers.active-key-id names no key of anshin.card-numbers.encryption-keys");
        }
        this.activeKeyId = config.activeKeyId();
        this.lookupKey = new SecretKeySpec(decodeKey(config.lookupKey(), 32, "anshin.card-numbers.lookup-key"), "HmacSHA256");
        this.securityCodeKey = new SecretKeySpec(decodeKey(config.securityCodeKey(), 32, "anshin.card-numbers.security-code-key"), "HmacSHA256");
        for (CardBrand brand : CardBrand.values()) {
            String bin = config.bins().get(brand.name().toLowerCase(Locale.ROOT));
            if (bin != null) {
                if (!bin.matches("\\d{6,8}")) {
                    throw new IllegalStateException("anshin.card-numbers.bins." + brand.name().toLowerCase(Locale.ROOT) + " must be 6 to 8 digits");
                }
                bins.put(brand, bin);
            }
        }
    }

    /** True when a BIN is configured for the brand, so cards of it can be issued. */
    public boolean issues(CardBrand brand) {
        return bins.containsKey(brand);
    }

    /**
     * A new Luhn-valid number under the brand's BIN that {@code taken} does not already know (by lookup hash), sealed.
     */
    public SealedNumber issueNumber(CardBrand brand, Predicate<byte[]> taken) {
        String bin = bins.get(brand);
        if (bin == null) {
            throw new InvalidRequestException("the issuer issues no " + brand + " cards (no BIN range configured)");
        }
        for (int attempt = 0; attempt < 100; attempt++) {
            StringBuilder payload = new StringBuilder(brand.numberLength()).append(bin);
            while (payload.length() < brand.numberLength() - 1) {
                payload.append((char) ('0' + random.nextInt(10)));
            }
            String number = payload.append(Luhn.checkDigit(payload)).toString();
            byte[] hash = lookupHash(number);
            if (!taken.test(hash)) {
                return seal(number, hash);
            }
        }
        throw new IllegalStateException("no free card number found under the " + brand + " BIN after 100 attempts");
    }

    /** The keyed hash a card is looked up by; equal numbers give equal hashes. */
    public byte[] lookupHash(String number) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(lookupKey);
            return mac.doFinal(number.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
        }
    }

    /**
     * A keyed fingerprint of text that may hold a card number (an authorization request's details), so two requests
     * can be compared later without storing either.
     */
    public byte[] fingerprint(String text) {
        return lookupHash("fingerprint|" + text);
    }

    /** Opens a sealed number. Only for revealing a numberless card to its member and for derivations here. */
    public String open(byte[] ciphertext, String keyId) {
        SecretKeySpec key = encryptionKeys.get(keyId);
        if (key == null) {
            throw new IllegalStateException("card number sealed under key id '" + keyId + "', which is not configured");
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(ciphertext);
            byte[] iv = new byte[GCM_IV_BYTES];
            in.get(iv);
            byte[] body = new byte[in.remaining()];
            in.get(body);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(GCM_TAG_BITS, iv));
            cipher.updateAAD(AAD);
            return new String(cipher.doFinal(body), StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a sealed card number failed to open (wrong key or tampered ciphertext)");
        }
    }

    /**
     * Seals the number again under the active key: a replacement that keeps its number gets a fresh ciphertext, and a
     * card sealed under a retired key moves to the active one.
     */
    public SealedNumber reseal(byte[] ciphertext, String keyId) {
        String number = open(ciphertext, keyId);
        return seal(number, lookupHash(number));
    }

    /** The security code of a number and expiry: derived, so it is never stored and changes with a new expiry. */
    public String securityCode(String number, YearMonth expiry, CardBrand brand) {
        return securityCode(securityCodeSeed(number, expiry), brand);
    }

    /**
     * What the security code of a number and expiry is cut from: their keyed HMAC, dynamically truncated to 31 bits
     * as in RFC 4226. The brand only decides how many of its decimal digits are printed
     * ({@link #securityCode(int, CardBrand)}), so this can be worked out before the card is looked up: authorization
     * decisions do it before joining a transaction, not while holding its row locks.
     */
    public int securityCodeSeed(String number, YearMonth expiry) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(securityCodeKey);
            byte[] digest = mac.doFinal((number + "|" + expiry).getBytes(StandardCharsets.US_ASCII));
            int offset = digest[digest.length - 1] & 0x0f;
            return ((digest[offset] & 0x7f) << 24) | ((digest[offset + 1] & 0xff) << 16)
                    | ((digest[offset + 2] & 0xff) << 8) | (digest[offset + 3] & 0xff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
        }
    }

    /**
     * The last {@link CardBrand#securityCodeLength} decimal digits of a seed, leading zeros kept. (Not
     * {@code String.format}: its pattern parsing was most of the derivation's cost under {@code ./anshin bench}.)
     */
    public static String securityCode(int seed, CardBrand brand) {
        int length = brand.securityCodeLength();
        int modulus = 1;
        for (int i = 0; i < length; i++) {
            modulus *= 10;
        }
        String digits = Integer.toString(seed % modulus);
        return "0".repeat(length - digits.length()) + digits;
    }

    private SealedNumber seal(String number, byte[] lookupHash) {
        try {
            byte[] iv = new byte[GCM_IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, encryptionKeys.get(activeKeyId), new GCMParameterSpec(GCM_TAG_BITS, iv));
            cipher.updateAAD(AAD);
            byte[] body = cipher.doFinal(number.getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = ByteBuffer.allocate(iv.length + body.length).put(iv).put(body).array();
            return new SealedNumber(sealed, activeKeyId, lookupHash, number.substring(number.length() - 4));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private static byte[] aesKey(String base64, String property) {
        byte[] key = decodeKey(base64, 32, property);
        if (key.length != 32) {
            throw new IllegalStateException(property + " must decode to exactly 32 bytes (AES-256)");
        }
        return key;
    }

    private static byte[] decodeKey(String base64, int minBytes, String property) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " is not base64");
        }
        if (key.length < minBytes) {
            throw new IllegalStateException(property + " must decode to at least " + minBytes + " bytes");
        }
        return key;
    }
}
