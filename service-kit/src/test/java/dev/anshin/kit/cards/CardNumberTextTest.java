package dev.anshin.kit.cards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CardNumberTextTest {

    @Test
    void aLuhnValidNumberIsFoundPlainOrGroupedBySpacesOrHyphens() {
        assertTrue(CardNumberText.containsCardNumber("call me on 4111111111111111"));
        assertTrue(CardNumberText.containsCardNumber("card 4111 1111 1111 1111 lost"));
        assertTrue(CardNumberText.containsCardNumber("4111-1111-1111-1111"));
    }

    @Test
    void digitsThatAreNotACardNumberAreLeftAlone() {
        assertFalse(CardNumberText.containsCardNumber("4111111111111112"), "fails the Luhn check");
        assertFalse(CardNumberText.containsCardNumber("order 123456789012"), "12 digits");
        assertFalse(CardNumberText.containsCardNumber("41111111111111111111"), "20 digits");
        assertFalse(CardNumberText.containsCardNumber("ローソン 渋谷店"));
    }

    @Test
    void theCheckDigitMakesThePayloadValid() {
        assertEquals(1, Luhn.checkDigit("411111111111111"));
        assertTrue(Luhn.isValid("4111111111111111"));
        assertFalse(Luhn.isValid("41x1111111111111"));
        assertFalse(Luhn.isValid("4"));
    }
}
