package dev.anshin.cardcontrol.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.anshin.cardcontrol.CardBrand;
import dev.anshin.cardcontrol.config.CardNumberConfig;

/** Security codes derived from number and expiry: never stored, so the derivation must never change. */
class CardNumberVaultTest {

    private final CardNumberVault vault = new CardNumberVault(new CardNumberConfig() {

        @Override
        public String activeKeyId() {
            return "k1";
        }

        @Override
        public Map<String, String> encryptionKeys() {
            return Map.of("k1", "bG9jYWwtb25seS1rZXktZm9yLWFuc2hpbi11cC0xMjM=");
        }

        @Override
        public String lookupKey() {
            return "bG9jYWwtb25seS1sb29rdXAta2V5LWZvci1hbnNoaW4tdXA=";
        }

        @Override
        public String securityCodeKey() {
            return "bG9jYWwtb25seS1zZWN1cml0eS1jb2RlLWtleS1hbnNoaW4=";
        }

        @Override
        public Map<String, String> bins() {
            return Map.of("visa", "498765", "amex", "379999");
        }

        @Override
        public int validityYears() {
            return 5;
        }
    });

    /**
     * Expected values computed outside Java (HMAC-SHA-256 of "number|yyyy-MM", truncated as in RFC 4226): a card
     * issued before a change to the derivation must keep the code printed on it.
     */
    @Test
    void aSecurityCodeIsTheKeyedHmacOfNumberAndExpiryTruncatedToTheBrandsDigits() {
        assertThat(vault.securityCode("4987651234567897", YearMonth.of(2031, 5), CardBrand.VISA)).isEqualTo("469");
        assertThat(vault.securityCode("379999123456789", YearMonth.of(2030, 12), CardBrand.AMEX)).isEqualTo("9310");
    }

    @Test
    void theSeedWorkedOutBeforeTheCardIsKnownGivesTheSameCodeForEveryBrand() {
        int seed = vault.securityCodeSeed("4987651234567897", YearMonth.of(2031, 5));

        for (CardBrand brand : CardBrand.values()) {
            assertThat(CardNumberVault.securityCode(seed, brand))
                    .isEqualTo(vault.securityCode("4987651234567897", YearMonth.of(2031, 5), brand));
        }
    }

    @Test
    void aSecurityCodeKeepsItsLeadingZeros() {
        assertThat(CardNumberVault.securityCode(7, CardBrand.VISA)).isEqualTo("007");
        assertThat(CardNumberVault.securityCode(2_000_042, CardBrand.AMEX)).isEqualTo("0042");
        assertThat(CardNumberVault.securityCode(Integer.MAX_VALUE, CardBrand.JCB)).isEqualTo("647");
    }

    @Test
    void aNewExpiryGivesANewSecurityCode() {
        assertThat(vault.securityCodeSeed("4987651234567897", YearMonth.of(2031, 5)))
                .isNotEqualTo(vault.securityCodeSeed("4987651234567897", YearMonth.of(2036, 5)));
    }
}
