-- Card control, complete: credit exposure, credit-review requests, authorization decisions and the outbox that hands
-- approvals on to statement-service and notification-service.

-- A card's history sequence is derived from card_transition (the card row is locked while an entry is written); a
-- counter on the card only made every history entry look like a change of the card (and of its ETag).
ALTER TABLE card DROP COLUMN history_length;

-- Whole yen approved and not yet settled: on the card (checked against its member-set usable limit) and on the
-- account (checked against the contract limit: available credit = contract_limit - outstanding).
ALTER TABLE card ADD COLUMN outstanding BIGINT NOT NULL DEFAULT 0;
ALTER TABLE card ADD CONSTRAINT ck_card_outstanding CHECK (outstanding >= 0);
ALTER TABLE credit_account ADD COLUMN outstanding BIGINT NOT NULL DEFAULT 0;
ALTER TABLE credit_account ADD CONSTRAINT ck_credit_account_outstanding CHECK (outstanding >= 0);

-- A member asked for a usable limit above the contract limit: that is a credit decision, so it is recorded for
-- review and nothing about the card changes.
CREATE TABLE credit_review_request (
    id               VARCHAR(36) NOT NULL,
    card_id          VARCHAR(36) NOT NULL,
    member_id        VARCHAR(64) NOT NULL,
    -- Whole yen asked for, and the contract limit at the time.
    requested_amount BIGINT      NOT NULL,
    contract_limit   BIGINT      NOT NULL,
    status           VARCHAR(16) NOT NULL,
    actor_kind       VARCHAR(16) NOT NULL,
    actor_id         VARCHAR(128) NOT NULL,
    requested_at     DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_credit_review_request_card FOREIGN KEY (card_id) REFERENCES card (id)
) ENGINE = InnoDB;

-- Every decision asked by the card network, kept so the same authorization id always gets the same answer.
-- Never the card number: the card it resolved to, and a fingerprint of the request (HMAC, keyed like the lookup
-- hash) to tell a retry from a different request reusing the id.
CREATE TABLE card_authorization (
    authorization_id             VARCHAR(64)  NOT NULL,
    request_fingerprint          VARBINARY(32) NOT NULL,
    card_id                      VARCHAR(36),
    decision                     VARCHAR(16)  NOT NULL,
    decline_reason               VARCHAR(32),
    approval_code                CHAR(6),
    -- Whole yen.
    amount                       BIGINT       NOT NULL,
    merchant_name                VARCHAR(128) NOT NULL,
    merchant_category_code       CHAR(4)      NOT NULL,
    merchant_country             CHAR(2)      NOT NULL,
    channel                      VARCHAR(16)  NOT NULL,
    usage_confirmation_requested BOOLEAN      NOT NULL,
    decided_at                   DATETIME(6)  NOT NULL,
    PRIMARY KEY (authorization_id),
    CONSTRAINT fk_card_authorization_card FOREIGN KEY (card_id) REFERENCES card (id),
    CONSTRAINT ck_card_authorization_amount CHECK (amount > 0)
) ENGINE = InnoDB;

-- The velocity rule counts a card's recent approvals.
CREATE INDEX ix_card_authorization_card_decided ON card_authorization (card_id, decided_at);

-- Transactional outbox: written in the same transaction as the change it announces, delivered by the relay until the
-- receiver acknowledges (at least once; receivers deduplicate on event_id).
CREATE TABLE outbox_event (
    id              VARCHAR(36)   NOT NULL,
    -- What the receiver is asked to do, e.g. STATEMENT_RECORD_AUTHORIZATION.
    event_type      VARCHAR(48)   NOT NULL,
    -- The receiver's own deduplication key (an authorization id, a transition id).
    event_id        VARCHAR(128)  NOT NULL,
    -- The gRPC request message, serialized. Never a card number: last 4 digits at most.
    payload         VARBINARY(4096) NOT NULL,
    created_at      DATETIME(6)   NOT NULL,
    attempts        INT           NOT NULL,
    next_attempt_at DATETIME(6)   NOT NULL,
    -- A relay instance working on the event holds it (its claim token) until this time; another may take it after.
    claimed_until   DATETIME(6),
    claim_token     VARCHAR(36),
    delivered_at    DATETIME(6),
    last_error      VARCHAR(500),
    PRIMARY KEY (id),
    CONSTRAINT uk_outbox_event_type_event UNIQUE (event_type, event_id)
) ENGINE = InnoDB;

CREATE INDEX ix_outbox_event_due ON outbox_event (delivered_at, next_attempt_at);
