-- Payments and the outbox: billing reports each statement's debit (paid or failed), and what other services must
-- hear of (a statement ready, credit due back, a statement overdue) is written in the transaction of the change that
-- causes it, then delivered by the relay until the receiver acknowledges.
-- Runs unchanged on MySQL 8, MariaDB 10.11 and H2 in MySQL mode (./anshin up).
-- (V6, not V4: the disputes increment, built at the same time, takes the next numbers.)

-- Where a statement's payment stands: the one thing about a statement that changes after its cycle closed.
ALTER TABLE statement ADD COLUMN payment_status VARCHAR(16) NOT NULL DEFAULT 'DUE';
ALTER TABLE statement ADD CONSTRAINT ck_statement_payment_status CHECK (payment_status IN ('DUE', 'PAID', 'OVERDUE'));

-- Every debit result billing reported, keyed by its payment id: the same payment again finds its row.
CREATE TABLE statement_payment (
    payment_id   VARCHAR(64) NOT NULL,
    statement_id VARCHAR(36) NOT NULL,
    result       VARCHAR(8)  NOT NULL,
    recorded_at  DATETIME(6) NOT NULL,
    PRIMARY KEY (payment_id),
    CONSTRAINT fk_statement_payment_statement FOREIGN KEY (statement_id) REFERENCES statement (id),
    CONSTRAINT ck_statement_payment_result CHECK (result IN ('PAID', 'FAILED'))
) ENGINE = InnoDB;

CREATE INDEX ix_statement_payment_statement ON statement_payment (statement_id);

-- Transactional outbox. kind names the receiver's RPC; (kind, event_id) is unique, so one change is announced once
-- (event_id: the statement id, the authorization id, the payment id). The row's own id is the event id the receiver
-- deduplicates on. payload: the gRPC request, serialized (never a card number: it holds none).
CREATE TABLE outbox_event (
    id              VARCHAR(36)     NOT NULL,
    kind            VARCHAR(32)     NOT NULL,
    event_id        VARCHAR(100)    NOT NULL,
    payload         VARBINARY(8192) NOT NULL,
    created_at      DATETIME(6)     NOT NULL,
    attempts        INT             NOT NULL,
    next_attempt_at DATETIME(6)     NOT NULL,
    -- A relay instance working on the event holds it (its claim token) until this time; another may take it after.
    claim_token     VARCHAR(36),
    claimed_until   DATETIME(6),
    delivered_at    DATETIME(6),
    last_error      VARCHAR(500),
    PRIMARY KEY (id),
    CONSTRAINT uk_outbox_event_kind_event UNIQUE (kind, event_id)
) ENGINE = InnoDB;

CREATE INDEX ix_outbox_event_due ON outbox_event (delivered_at, next_attempt_at);
