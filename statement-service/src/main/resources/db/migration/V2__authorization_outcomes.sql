-- What becomes of an authorization besides clearing: the clearing system reverses it, or it expires uncleared. Either
-- way its pending item leaves the usage list, and the credit card-control reserved for it is due back to the member.
-- Runs unchanged on MySQL 8, MariaDB 10.11 and H2 in MySQL mode (./anshin up).

-- The amount card-control reserved at the approval (whole yen), kept when the clearing record posts another amount:
-- the difference is what the reservation must be corrected by. Null for an item posted before (or without) its
-- authorization.
ALTER TABLE card_transaction ADD COLUMN authorized_amount BIGINT;
ALTER TABLE card_transaction ADD CONSTRAINT ck_card_transaction_authorized_amount
    CHECK (authorized_amount IS NULL OR authorized_amount > 0);

-- Two more states of an item that never cleared: REVERSED and EXPIRED. Like PENDING they come from an authorization
-- and have no clearing record; only POSTED has one. (DROP CONSTRAINT: the form MySQL 8.0.19+, MariaDB and H2 share.)
ALTER TABLE card_transaction DROP CONSTRAINT ck_card_transaction_posted;
ALTER TABLE card_transaction ADD CONSTRAINT ck_card_transaction_posted CHECK (
    (status IN ('PENDING', 'REVERSED', 'EXPIRED') AND authorization_id IS NOT NULL
        AND clearing_id IS NULL AND posted_at IS NULL)
    OR (status = 'POSTED' AND clearing_id IS NOT NULL AND posted_at IS NOT NULL));

-- The expiry job's scan: pending items authorized before a cut-off, oldest first.
CREATE INDEX ix_card_transaction_status_used ON card_transaction (status, used_at);
-- ListTransactions filtered by card: the member's items of one card, newest first.
CREATE INDEX ix_card_transaction_member_card_used ON card_transaction (member_id, card_id, used_at, id);

-- One row per authorization whose reserved credit goes back to the member: reversed by the clearing system, or
-- expired here. The key is the authorization id, so an authorization is released once, whichever comes first and
-- however often it is repeated. A reversal may arrive before card-control's approval does: the row is written then,
-- and the approval, when it comes, is recorded REVERSED. Every row is a release card-control has yet to apply; the
-- version that adds card-control's RPC for it adds the delivery's own state here.
CREATE TABLE authorization_release (
    authorization_id VARCHAR(64) NOT NULL,
    -- REVERSED (the clearing system's reversal) or EXPIRED (not cleared within anshin.statement.authorization-expiry.days).
    reason           VARCHAR(16) NOT NULL,
    -- When reversed (the clearing system's time) or expired (UTC).
    released_at      DATETIME(6) NOT NULL,
    created_at       DATETIME(6) NOT NULL,
    PRIMARY KEY (authorization_id),
    CONSTRAINT ck_authorization_release_reason CHECK (reason IN ('REVERSED', 'EXPIRED'))
) ENGINE = InnoDB;
