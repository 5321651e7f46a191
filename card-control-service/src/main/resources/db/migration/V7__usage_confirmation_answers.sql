-- What notification-service relays of the member's answers: usage confirmations (ご利用確認) and "this wasn't me".
-- Runs unchanged on MySQL 8, MariaDB 10.11 and H2 in MySQL mode (./anshin up).

-- One row per answered usage confirmation; its id (notification-service's) is the key, so a repeated delivery finds
-- the row and changes nothing. VERIFIED: the held purchase (merchant, amount) may be retried on the card until
-- retry_until, once: the approval that used it is retry_authorization_id. DENIED: fraud_hold_placed says whether
-- the answer put the card on hold (false when it already was, or was closed).
CREATE TABLE usage_confirmation_answer (
    confirmation_id        VARCHAR(64)  NOT NULL,
    authorization_id       VARCHAR(64)  NOT NULL,
    card_id                VARCHAR(36)  NOT NULL,
    -- VERIFIED or DENIED.
    outcome                VARCHAR(16)  NOT NULL,
    answered_at            DATETIME(6)  NOT NULL,
    recorded_at            DATETIME(6)  NOT NULL,
    -- The held purchase, copied from its decision: what a verified retry must match. Whole yen.
    amount                 BIGINT       NOT NULL,
    merchant_name          VARCHAR(128) NOT NULL,
    merchant_category_code CHAR(4)      NOT NULL,
    merchant_country       CHAR(2)      NOT NULL,
    retry_until            DATETIME(6),
    retry_authorization_id VARCHAR(64),
    retry_used_at          DATETIME(6),
    fraud_hold_placed      BOOLEAN      NOT NULL,
    PRIMARY KEY (confirmation_id),
    CONSTRAINT fk_usage_confirmation_answer_card FOREIGN KEY (card_id) REFERENCES card (id),
    CONSTRAINT fk_usage_confirmation_answer_authorization FOREIGN KEY (authorization_id)
        REFERENCES card_authorization (authorization_id)
) ENGINE = InnoDB;

-- A suspected-fraud decision looks for an unused verified retry of its card (only when a fraud rule matched).
CREATE INDEX ix_usage_confirmation_answer_retry ON usage_confirmation_answer (card_id, retry_until);

-- "This wasn't me" reports, one row per report id (notification-service's): a repeated delivery changes nothing, even
-- if the member resumed a card since; the cards the report suspended are its rows in not_me_suspended_card.
CREATE TABLE not_me_report (
    report_id   VARCHAR(64) NOT NULL,
    member_id   VARCHAR(64) NOT NULL,
    recorded_at DATETIME(6) NOT NULL,
    PRIMARY KEY (report_id)
) ENGINE = InnoDB;

CREATE TABLE not_me_suspended_card (
    report_id VARCHAR(64) NOT NULL,
    card_id   VARCHAR(36) NOT NULL,
    PRIMARY KEY (report_id, card_id),
    CONSTRAINT fk_not_me_suspended_card_report FOREIGN KEY (report_id) REFERENCES not_me_report (report_id),
    CONSTRAINT fk_not_me_suspended_card_card FOREIGN KEY (card_id) REFERENCES card (id)
) ENGINE = InnoDB;
