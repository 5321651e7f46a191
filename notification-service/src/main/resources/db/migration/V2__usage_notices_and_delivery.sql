-- Usage notices and their delivery: login-notice switch and quiet hours on the preferences; a delivery outbox (one row
-- per notification and channel) with its attempt history.
-- Runs unchanged on MySQL 8, MariaDB 10.11 and H2 in MySQL mode (./anshin up).

-- Login notices are on unless the member turned them off. Quiet hours: minutes after midnight, Japan time, both set
-- or both absent (no quiet hours); start = end would be a window of nothing or of everything, so it is refused.
ALTER TABLE notification_preference ADD COLUMN login_notifications_enabled BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE notification_preference ADD COLUMN quiet_start_minute SMALLINT;
ALTER TABLE notification_preference ADD COLUMN quiet_end_minute SMALLINT;
ALTER TABLE notification_preference ADD CONSTRAINT ck_notification_preference_quiet_hours CHECK (
    (quiet_start_minute IS NULL AND quiet_end_minute IS NULL)
    OR (quiet_start_minute BETWEEN 0 AND 1439 AND quiet_end_minute BETWEEN 0 AND 1439
        AND quiet_start_minute <> quiet_end_minute));

-- One delivery of one notification on one channel: at least once (a send whose acknowledgement was not recorded is
-- sent again), retried with exponential back-off and jitter; after the configured number of attempts it is a dead
-- letter (DEAD) until an operator sends it again. The recipient is fixed when it is queued: a contact change is
-- announced to the address on file before it.
CREATE TABLE delivery (
    id              VARCHAR(36)  NOT NULL,
    notification_id VARCHAR(36)  NOT NULL,
    channel         VARCHAR(8)   NOT NULL,
    -- The e-mail address (or phone number) it goes to; absent when the member had none on file (it then fails
    -- each attempt until an operator sends it again, when the address on file by then is used).
    recipient       VARCHAR(254),
    -- PENDING (due at next_attempt_at), DELIVERED, DEAD.
    state           VARCHAR(12)  NOT NULL,
    -- Attempts since it was queued or last sent again by an operator (the history keeps every one).
    attempts        INT          NOT NULL,
    next_attempt_at DATETIME(6)  NOT NULL,
    -- A relay's claim: which pass holds it, until when (a relay that dies frees it when the lease runs out).
    claim_token     VARCHAR(36),
    claimed_until   DATETIME(6),
    last_error      VARCHAR(500),
    last_attempt_at DATETIME(6),
    delivered_at    DATETIME(6),
    created_at      DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_delivery_notification_channel UNIQUE (notification_id, channel),
    CONSTRAINT fk_delivery_notification FOREIGN KEY (notification_id) REFERENCES notification (id),
    CONSTRAINT ck_delivery_attempts CHECK (attempts >= 0)
) ENGINE = InnoDB;

-- The relay's question: what is due now. And the operators': which are dead, oldest first.
CREATE INDEX ix_delivery_state_due ON delivery (state, next_attempt_at);
CREATE INDEX ix_delivery_state_last_attempt ON delivery (state, last_attempt_at, id);

-- Every attempt, kept: when, whether the provider took it, and why not (never the recipient in clear).
CREATE TABLE delivery_attempt (
    id           BIGINT       NOT NULL AUTO_INCREMENT,
    delivery_id  VARCHAR(36)  NOT NULL,
    attempted_at DATETIME(6)  NOT NULL,
    succeeded    BOOLEAN      NOT NULL,
    error        VARCHAR(500),
    PRIMARY KEY (id),
    CONSTRAINT fk_delivery_attempt_delivery FOREIGN KEY (delivery_id) REFERENCES delivery (id)
) ENGINE = InnoDB;

CREATE INDEX ix_delivery_attempt_delivery ON delivery_attempt (delivery_id, id);
