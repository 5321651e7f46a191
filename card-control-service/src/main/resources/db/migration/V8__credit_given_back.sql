-- The money loop's way back (CreditService, called by statement-service's outbox relay): reserved credit given back
-- when an authorization is reversed or expires, a paid statement's principal given back, and overdue statements.
-- Runs unchanged on MySQL 8, MariaDB 10.11 and H2 in MySQL mode (./anshin up).
-- (V8, not V6: other increments built at the same time take the next numbers.)

-- How many of the member's statements are overdue (a failed debit, not paid since). Kept on the account row the
-- decision reads and locks already, so declining an overdue member costs an authorization nothing more.
ALTER TABLE credit_account ADD COLUMN overdue_statements INT NOT NULL DEFAULT 0;
ALTER TABLE credit_account ADD CONSTRAINT ck_credit_account_overdue_statements CHECK (overdue_statements >= 0);

-- Every credit event applied, keyed by the sender's event id and written in the transaction that changes the credit:
-- a second delivery finds it and changes nothing. An authorization is released once (its id is unique here too).
CREATE TABLE credit_event (
    event_id         VARCHAR(64)  NOT NULL,
    kind             VARCHAR(24)  NOT NULL,
    account_id       VARCHAR(36)  NOT NULL,
    authorization_id VARCHAR(64),
    statement_id     VARCHAR(36),
    -- Whole yen given back (0 for an overdue statement).
    amount           BIGINT       NOT NULL,
    applied_at       DATETIME(6)  NOT NULL,
    PRIMARY KEY (event_id),
    CONSTRAINT uk_credit_event_authorization UNIQUE (authorization_id),
    CONSTRAINT fk_credit_event_account FOREIGN KEY (account_id) REFERENCES credit_account (id),
    CONSTRAINT ck_credit_event_kind CHECK (kind IN ('RELEASE', 'STATEMENT_PAID', 'STATEMENT_OVERDUE')),
    CONSTRAINT ck_credit_event_amount CHECK (amount >= 0)
) ENGINE = InnoDB;

-- Where each statement statement-service reported on stands: overdue, or paid. A paid statement that arrives before
-- its overdue report (the relay retried the one and not the other) stays paid.
CREATE TABLE statement_standing (
    statement_id VARCHAR(36) NOT NULL,
    account_id   VARCHAR(36) NOT NULL,
    overdue      BOOLEAN     NOT NULL,
    changed_at   DATETIME(6) NOT NULL,
    PRIMARY KEY (statement_id),
    CONSTRAINT fk_statement_standing_account FOREIGN KEY (account_id) REFERENCES credit_account (id)
) ENGINE = InnoDB;
