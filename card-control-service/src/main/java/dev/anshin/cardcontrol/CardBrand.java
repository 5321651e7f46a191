package dev.anshin.cardcontrol;

/** Brands the issuer issues, with the length of their card numbers and security codes. */
public enum CardBrand {
    VISA(16, 3),
    MASTERCARD(16, 3),
    JCB(16, 3),
    AMEX(15, 4);

    private final int numberLength;
    private final int securityCodeLength;

    CardBrand(int numberLength, int securityCodeLength) {
        this.numberLength = numberLength;
        this.securityCodeLength = securityCodeLength;
    }

    public int numberLength() {
        return numberLength;
    }

    public int securityCodeLength() {
        return securityCodeLength;
    }
}
