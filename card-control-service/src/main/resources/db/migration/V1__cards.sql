-- Cards, the credit accounts they draw on, and every card's immutable history.
-- Runs unchanged on MySQL 8, MariaDB 10.11 and H2 in MySQL mode (./anshin up).

CREATE TABLE credit_account (
    id             VARCHAR(36) NOT NULL,
    member_id      VARCHAR(64) NOT NULL,
    -- Whole yen.
    contract_limit BIGINT      NOT NULL,
    created_at     DATETIME(6) NOT NULL,
    version        BIGINT      NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_credit_account_member UNIQUE (member_id),
    CONSTRAINT ck_credit_account_contract_limit CHECK (contract_limit >= 0)
) ENGINE = InnoDB;

CREATE TABLE card (
    id              VARCHAR(36)   NOT NULL,
    account_id      VARCHAR(36)   NOT NULL,
    member_id       VARCHAR(64)   NOT NULL,
    brand           VARCHAR(16)   NOT NULL,
    last4           CHAR(4)       NOT NULL,
    expiry_year     INT           NOT NULL,
    expiry_month    INT           NOT NULL,
    state           VARCHAR(24)   NOT NULL,
    numberless      BOOLEAN       NOT NULL,
    -- Whole yen, 0 <= usable_limit <= the account's contract limit.
    usable_limit    BIGINT        NOT NULL,
    replacement_for VARCHAR(36),
    replaced_by     VARCHAR(36),
    -- The card number only ever in AES-GCM ciphertext (iv || ciphertext || tag) under pan_key_id, plus a keyed
    -- hash (HMAC-SHA-256) to find a card by number. The security code is never stored.
    pan_ciphertext  VARBINARY(64) NOT NULL,
    pan_key_id      VARCHAR(32)   NOT NULL,
    pan_lookup_hash VARBINARY(32) NOT NULL,
    issued_at       DATETIME(6)   NOT NULL,
    -- Number of entries in the card's history; the next entry's sequence_no is history_length + 1.
    history_length  BIGINT        NOT NULL,
    version         BIGINT        NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_card_account FOREIGN KEY (account_id) REFERENCES credit_account (id),
    CONSTRAINT fk_card_replacement_for FOREIGN KEY (replacement_for) REFERENCES card (id),
    CONSTRAINT fk_card_replaced_by FOREIGN KEY (replaced_by) REFERENCES card (id),
    CONSTRAINT ck_card_usable_limit CHECK (usable_limit >= 0)
) ENGINE = InnoDB;

CREATE INDEX ix_card_member ON card (member_id);
CREATE INDEX ix_card_pan_lookup_hash ON card (pan_lookup_hash);

-- Append-only: the application maps it read-only after insert, and its database user needs no UPDATE or DELETE here.
CREATE TABLE card_transition (
    id          VARCHAR(36)  NOT NULL,
    card_id     VARCHAR(36)  NOT NULL,
    -- 1, 2, 3... per card, in the order the entries happened (the card row is locked while one is written).
    sequence_no BIGINT       NOT NULL,
    from_state  VARCHAR(24)  NOT NULL,
    to_state    VARCHAR(24)  NOT NULL,
    reason      VARCHAR(40)  NOT NULL,
    actor_kind  VARCHAR(16)  NOT NULL,
    actor_id    VARCHAR(128) NOT NULL,
    occurred_at DATETIME(6)  NOT NULL,
    comment     VARCHAR(500),
    PRIMARY KEY (id),
    CONSTRAINT uk_card_transition_sequence UNIQUE (card_id, sequence_no),
    CONSTRAINT fk_card_transition_card FOREIGN KEY (card_id) REFERENCES card (id)
) ENGINE = InnoDB;
