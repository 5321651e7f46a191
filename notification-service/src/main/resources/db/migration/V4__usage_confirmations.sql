-- Usage confirmations (ご利用確認): a purchase declined for suspected fraud asks the member whether it was them.
-- Runs unchanged on MySQL 8, MariaDB 10.11 and H2 in MySQL mode (./anshin up).

-- One per held authorization (event_id): card-control's relay may deliver it twice. A member with no phone number on
-- file gets one in state UNDELIVERABLE (recorded, nothing sent, no answer expected); a PENDING one becomes EXPIRED
-- when expires_at passes unanswered. Never the card number: the last four digits only.
CREATE TABLE usage_confirmation (
    id            VARCHAR(36)  NOT NULL,
    event_id      VARCHAR(128) NOT NULL,
    member_id     VARCHAR(64)  NOT NULL,
    card_id       VARCHAR(64)  NOT NULL,
    card_last4    CHAR(4)      NOT NULL,
    -- Whole yen.
    amount        BIGINT       NOT NULL,
    merchant_name VARCHAR(200) NOT NULL,
    attempted_at  DATETIME(6)  NOT NULL,
    -- PENDING, VERIFIED, DENIED, EXPIRED, UNDELIVERABLE.
    state         VARCHAR(16)  NOT NULL,
    -- When an answer is no longer accepted; absent for an UNDELIVERABLE one (nothing to answer).
    expires_at    DATETIME(6),
    created_at    DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_usage_confirmation_event UNIQUE (event_id),
    CONSTRAINT ck_usage_confirmation_amount CHECK (amount >= 0)
) ENGINE = InnoDB;

-- The expiry's question: which pending ones ran out.
CREATE INDEX ix_usage_confirmation_state_expires ON usage_confirmation (state, expires_at);
