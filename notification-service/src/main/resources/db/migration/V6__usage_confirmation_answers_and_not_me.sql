-- Answers to usage confirmations, "this wasn't me" reports, and the follow-ups they owe other systems.
-- Runs unchanged on MySQL 8, MariaDB 10.11 and H2 in MySQL mode (./anshin up).

-- A pending confirmation's SMS carries a 6-digit reply code; an SMS reply "1 <code>" or "2 <code>" counts only from
-- the number the SMS went to (sms_phone_number, E.164). answered_via: APP or SMS.
ALTER TABLE usage_confirmation ADD COLUMN reply_code CHAR(6);
ALTER TABLE usage_confirmation ADD COLUMN sms_phone_number VARCHAR(16);
ALTER TABLE usage_confirmation ADD COLUMN answered_at DATETIME(6);
ALTER TABLE usage_confirmation ADD COLUMN answered_via VARCHAR(8);
CREATE INDEX ix_usage_confirmation_reply ON usage_confirmation (sms_phone_number, reply_code);

-- "This wasn't me": one row per report (each press of the button; the gateway's Idempotency-Key folds repeats).
CREATE TABLE not_me_report (
    id          VARCHAR(36) NOT NULL,
    member_id   VARCHAR(64) NOT NULL,
    reported_at DATETIME(6) NOT NULL,
    PRIMARY KEY (id)
) ENGINE = InnoDB;

CREATE INDEX ix_not_me_report_member ON not_me_report (member_id, reported_at);

-- The follow-up outbox: what an answer or a report must still make happen elsewhere, written in the transaction that
-- records it, and relayed until done (retries with exponential back-off and jitter, never given up):
-- CARD_CONTROL_CONFIRMATION (a usage confirmation's answer to card-control: RecordUsageConfirmation),
-- CARD_CONTROL_SUSPEND_CARDS (a report's SuspendMemberCards), END_SESSIONS (a report's logout at the identity
-- provider). subject_id is the confirmation's or the report's id: one follow-up of each kind per subject.
CREATE TABLE follow_up (
    id              VARCHAR(36)  NOT NULL,
    kind            VARCHAR(32)  NOT NULL,
    subject_id      VARCHAR(36)  NOT NULL,
    member_id       VARCHAR(64)  NOT NULL,
    -- PENDING or DONE.
    state           VARCHAR(16)  NOT NULL,
    attempts        INT          NOT NULL,
    next_attempt_at DATETIME(6)  NOT NULL,
    claim_token     VARCHAR(36),
    claimed_until   DATETIME(6),
    -- The last failure: a status and its description, never personal data.
    last_error      VARCHAR(500),
    created_at      DATETIME(6)  NOT NULL,
    done_at         DATETIME(6),
    PRIMARY KEY (id),
    CONSTRAINT uk_follow_up_subject UNIQUE (kind, subject_id)
) ENGINE = InnoDB;

CREATE INDEX ix_follow_up_due ON follow_up (state, next_attempt_at);
