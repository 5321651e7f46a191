-- Consent core: whose notice it is and how consent to it works, a hash of its text; the hash and the record (issuer or
-- partner) on every event; signed receipts; refused attempts; applications already recorded.
-- Runs unchanged on MySQL 8, MariaDB 10.11 and H2 in MySQL mode. The database's own refusal of UPDATE and DELETE of a
-- consent event is MySQL/MariaDB-only: db/mysql/V4__consent_event_append_only.sql.

-- 'issuer', or a co-branding partner's id (Art. 10: the partner collects and uses the member's data under its own
-- clause).
ALTER TABLE purpose_notice ADD COLUMN controller VARCHAR(64) NOT NULL DEFAULT 'issuer';
-- REQUIRED (an application cannot go without it) or OPT_OUT (optional, stoppable).
ALTER TABLE purpose_notice ADD COLUMN mechanism VARCHAR(16) NOT NULL DEFAULT 'OPT_OUT';
-- SHA-256, lowercase hex, of the UTF-8 bytes of text_ja, a line feed (0x0A), text_en: what the member saw, provably.
ALTER TABLE purpose_notice ADD COLUMN text_sha256 VARCHAR(64) NOT NULL DEFAULT '';

UPDATE purpose_notice SET mechanism = 'REQUIRED' WHERE required = TRUE;
-- The 2025-04 texts of V2 (ConsentSchemaTest recomputes them).
UPDATE purpose_notice SET text_sha256 = 'a261b39acc5c39b3c5a835380ea8a4e511bda2b856521055e1bc47a091ba3e98'
    WHERE purpose = 'CREDIT_MANAGEMENT' AND version = '2025-04';
UPDATE purpose_notice SET text_sha256 = '68c5166386bfeeaadc92e632aa03730e346dfc2bcc950531a32dc21eb10818e3'
    WHERE purpose = 'CREDIT_BUREAU' AND version = '2025-04';
UPDATE purpose_notice SET text_sha256 = 'e5a850e3b6079ef14b6f52460ec7a1c9cd942875c745df4a275073485ab0f76b'
    WHERE purpose = 'MARKETING_OWN' AND version = '2025-04';
UPDATE purpose_notice SET text_sha256 = 'ccf71f668bc644ca9a716a8142fc9a719bd257bfdc3ca1efa16d7d5d80a8bf57'
    WHERE purpose = 'MARKETING_THIRD_PARTY' AND version = '2025-04';
UPDATE purpose_notice SET text_sha256 = 'a817fc9f1a3dcfbedc95915ae098345b823ab84de634cfd3c4980c03b999e72a'
    WHERE purpose = 'MARKET_RESEARCH' AND version = '2025-04';

-- The hash of the notice the member saw, copied so an event proves itself without a join.
ALTER TABLE consent_event ADD COLUMN notice_sha256 VARCHAR(64) NOT NULL DEFAULT '';
-- Whose record the event belongs to: 'issuer', or the partner's id. The issuer's changes never touch a partner's.
ALTER TABLE consent_event ADD COLUMN controller VARCHAR(64) NOT NULL DEFAULT 'issuer';
-- The signed receipt the event was given with (consent_receipt.id).
ALTER TABLE consent_event ADD COLUMN receipt_id VARCHAR(36);

-- The current state of one record: the latest event of each of a member's purposes per controller.
CREATE INDEX ix_consent_event_member_controller ON consent_event (member_id, controller, purpose, sequence_no);
CREATE INDEX ix_consent_event_receipt ON consent_event (receipt_id);

-- One signed receipt per change (one or more events): the compact JWS as it was handed out, fetched again by id.
CREATE TABLE consent_receipt (
    id        VARCHAR(36)    NOT NULL,
    member_id VARCHAR(64)    NOT NULL,
    issued_at DATETIME(6)    NOT NULL,
    key_id    VARCHAR(64)    NOT NULL,
    jws       VARCHAR(12000) NOT NULL,
    PRIMARY KEY (id)
) ENGINE = InnoDB;

-- Attempts the rules refused (a required purpose withdrawn while the contract lives): recorded, never a consent event,
-- so the state never moves because of them.
CREATE TABLE consent_refusal (
    id           VARCHAR(36)  NOT NULL,
    member_id    VARCHAR(64)  NOT NULL,
    purpose      VARCHAR(32)  NOT NULL,
    reason       VARCHAR(64)  NOT NULL,
    channel      VARCHAR(16)  NOT NULL,
    actor_kind   VARCHAR(16)  NOT NULL,
    actor_id     VARCHAR(128) NOT NULL,
    attempted_at DATETIME(6)  NOT NULL,
    PRIMARY KEY (id)
) ENGINE = InnoDB;
CREATE INDEX ix_consent_refusal_member ON consent_refusal (member_id, attempted_at);

-- Applications already recorded: repeating RecordApplicationConsent with the same id returns the first receipt.
CREATE TABLE consent_application (
    application_id VARCHAR(64) NOT NULL,
    member_id      VARCHAR(64) NOT NULL,
    receipt_id     VARCHAR(36) NOT NULL,
    recorded_at    DATETIME(6) NOT NULL,
    PRIMARY KEY (application_id)
) ENGINE = InnoDB;
