-- 3-D Secure cardholder authentication (issue 20): card-control is the issuer's Access Control Server.

-- One row per purchase attempt the directory server asked about (AReq), with the decision and the reasons it was
-- taken for, and the challenge when there was one. Never the card number, nor the device's IP address, user agent or
-- language: the card it resolved to, its lookup hash (the authentication value is bound to it), and a keyed hash of
-- the device id. The authentication value itself is not stored either: it is derived again (a keyed MAC) to verify.
CREATE TABLE cardholder_authentication (
    acs_transaction_id       CHAR(36)     NOT NULL,
    ds_transaction_id        VARCHAR(64)  NOT NULL,
    server_transaction_id    VARCHAR(64)  NOT NULL,
    card_id                  VARCHAR(36),
    member_id                VARCHAR(64),
    card_lookup_hash         VARBINARY(32) NOT NULL,
    -- Whole yen.
    amount                   BIGINT       NOT NULL,
    currency                 CHAR(3)      NOT NULL,
    merchant_name            VARCHAR(128) NOT NULL,
    merchant_category_code   CHAR(4)      NOT NULL,
    merchant_country         CHAR(2)      NOT NULL,
    device_channel           VARCHAR(16)  NOT NULL,
    device_hash              VARBINARY(32) NOT NULL,
    -- AUTHENTICATED (Y), CHALLENGE_REQUIRED (C), NOT_AUTHENTICATED (N), REJECTED (R); a challenge's outcome turns C
    -- into Y or N.
    status                   VARCHAR(24)  NOT NULL,
    reject_reason            VARCHAR(32),
    -- The decision's reasons, comma-separated (RiskReason names).
    risk_reasons             VARCHAR(512) NOT NULL,
    challenge_state          VARCHAR(16),
    challenge_expires_at     DATETIME(6),
    challenge_answered_at    DATETIME(6),
    -- The key the authentication value is (or would be) derived under.
    value_key_id             VARCHAR(32),
    -- The authorization that spent the value (usable once).
    used_by_authorization_id VARCHAR(64),
    used_at                  DATETIME(6),
    requested_at             DATETIME(6)  NOT NULL,
    PRIMARY KEY (acs_transaction_id),
    CONSTRAINT uq_cardholder_authentication_ds UNIQUE (ds_transaction_id),
    CONSTRAINT fk_cardholder_authentication_card FOREIGN KEY (card_id) REFERENCES card (id),
    CONSTRAINT ck_cardholder_authentication_amount CHECK (amount > 0)
) ENGINE = InnoDB;

-- A member's pending challenges, newest first.
CREATE INDEX ix_cardholder_authentication_member ON cardholder_authentication (member_id, challenge_state, requested_at);

-- Devices a member has approved a challenge from: a purchase from one of them can go frictionless.
CREATE TABLE recognised_device (
    member_id      VARCHAR(64)   NOT NULL,
    device_hash    VARBINARY(32) NOT NULL,
    recognised_at  DATETIME(6)   NOT NULL,
    PRIMARY KEY (member_id, device_hash)
) ENGINE = InnoDB;

-- The authentication an authorization was approved or declined with (its acs_transaction_id), when it carried one.
ALTER TABLE card_authorization ADD COLUMN authentication_id CHAR(36);
