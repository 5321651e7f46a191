-- Times here are kept to the second (mysql-connector-j sends no fractional seconds to a server that reports itself as
-- MariaDB's "5.5.5"), so order never rests on a time alone: dispute ids are time-ordered (UUID version 7, milliseconds),
-- and a dispute's history is numbered.
-- Disputes of unrecognised charges (身に覚えのない請求): one per posted item, with the compensation eligibility fixed
-- when it is received (use on or after the report date minus 60 days, both dates in Japan time), and an append-only
-- history of its status changes (the report itself, then each operator's move).
-- Runs unchanged on MySQL 8, MariaDB 10.11 and H2 in MySQL mode (./anshin up).

CREATE TABLE dispute (
    id                    VARCHAR(36)   NOT NULL,
    member_id             VARCHAR(64)   NOT NULL,
    transaction_id        VARCHAR(36)   NOT NULL,
    description           VARCHAR(1000) NOT NULL,
    status                VARCHAR(16)   NOT NULL,
    compensation_eligible BOOLEAN       NOT NULL,
    report_date           DATE          NOT NULL,
    reported_at           DATETIME(6)   NOT NULL,
    status_reason         VARCHAR(1000),
    updated_at            DATETIME(6)   NOT NULL,
    PRIMARY KEY (id),
    -- Disputing an item twice finds the first dispute; two reports at once meet here.
    CONSTRAINT uk_dispute_transaction UNIQUE (transaction_id),
    CONSTRAINT fk_dispute_transaction FOREIGN KEY (transaction_id) REFERENCES card_transaction (id),
    CONSTRAINT ck_dispute_status CHECK (status IN ('RECEIVED', 'INVESTIGATING', 'UPHELD', 'REJECTED')),
    CONSTRAINT ck_dispute_rejection_reason CHECK (status <> 'REJECTED' OR status_reason IS NOT NULL)
) ENGINE = InnoDB;
-- A member's disputes, newest report first; operators' queue by status.
CREATE INDEX ix_dispute_member ON dispute (member_id, reported_at, id);
CREATE INDEX ix_dispute_status ON dispute (status, reported_at, id);
CREATE INDEX ix_dispute_reported ON dispute (reported_at, id);

CREATE TABLE dispute_event (
    id          VARCHAR(36)   NOT NULL,
    dispute_id  VARCHAR(36)   NOT NULL,
    seq         INT           NOT NULL,
    from_status VARCHAR(16),
    to_status   VARCHAR(16)   NOT NULL,
    actor_kind  VARCHAR(16)   NOT NULL,
    actor_id    VARCHAR(64)   NOT NULL,
    reason      VARCHAR(1000),
    occurred_at DATETIME(6)   NOT NULL,
    PRIMARY KEY (id),
    -- 1 for the report, then one more per move (under the dispute's row lock).
    CONSTRAINT uk_dispute_event_seq UNIQUE (dispute_id, seq),
    CONSTRAINT fk_dispute_event_dispute FOREIGN KEY (dispute_id) REFERENCES dispute (id)
) ENGINE = InnoDB;

-- Shown on the usage list: the item has a dispute.
ALTER TABLE card_transaction ADD COLUMN disputed BOOLEAN NOT NULL DEFAULT FALSE;
