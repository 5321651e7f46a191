-- The purposes of the consent clause (個人情報の取扱いに関する同意条項) as versioned notices, and every member's
-- consent events. Runs unchanged on MySQL 8, MariaDB 10.11 and H2 in MySQL mode (./anshin up).

-- One row per purpose and notice version. A published version is never edited: a member consented to exactly that
-- text, so a new wording is a new version (the clause may change, Art. 9) and the old one stays readable.
CREATE TABLE purpose_notice (
    -- CREDIT_MANAGEMENT, CREDIT_BUREAU, MARKETING_OWN, MARKETING_THIRD_PARTY, MARKET_RESEARCH.
    purpose        VARCHAR(32)   NOT NULL,
    -- e.g. '2025-04'.
    version        VARCHAR(16)   NOT NULL,
    -- An application cannot go without a required purpose, and it cannot be withdrawn while the contract lives.
    required       BOOLEAN       NOT NULL,
    -- Where the purpose stands in the clause, e.g. '2(1)①'.
    article        VARCHAR(16)   NOT NULL,
    text_ja        VARCHAR(2000) NOT NULL,
    text_en        VARCHAR(2000) NOT NULL,
    -- From when this version is shown to members (UTC); the current version is the latest already in effect.
    effective_from DATETIME(6)   NOT NULL,
    PRIMARY KEY (purpose, version)
) ENGINE = InnoDB;

-- Append-only: every consent given, declined or stopped, with the notice version the member saw, the channel and the
-- time. A member's current state is derived from these rows and they are never updated or deleted (the service maps
-- them read-only after insert, and its database user needs no UPDATE or DELETE here).
CREATE TABLE consent_event (
    id             VARCHAR(36)  NOT NULL,
    member_id      VARCHAR(64)  NOT NULL,
    purpose        VARCHAR(32)  NOT NULL,
    -- GRANTED or WITHDRAWN (declined on an application, or stopped later).
    kind           VARCHAR(16)  NOT NULL,
    -- The version of the notice shown: it must exist in purpose_notice.
    notice_version VARCHAR(16)  NOT NULL,
    -- APP, WEB, PAPER, PHONE.
    channel        VARCHAR(16)  NOT NULL,
    -- Who recorded it: the member, an operator acting on the member's request, or the application system.
    actor_kind     VARCHAR(16)  NOT NULL,
    actor_id       VARCHAR(128) NOT NULL,
    -- For a co-branded card (Art. 10): the partner whose application this came with. The partner holds its own
    -- consent; this only says which card the member was applying for, it never stands for the partner's record.
    partner_id     VARCHAR(64),
    occurred_at    DATETIME(6)  NOT NULL,
    -- 1, 2, 3... per member, in the order the events happened: the last event of a purpose is its current state,
    -- whatever the clock said. Two concurrent writers cannot both take the same number.
    sequence_no    BIGINT       NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_consent_event_sequence UNIQUE (member_id, sequence_no),
    CONSTRAINT fk_consent_event_notice FOREIGN KEY (purpose, notice_version) REFERENCES purpose_notice (purpose, version)
) ENGINE = InnoDB;

-- CheckPurpose and GetConsentState: the latest event of each of a member's purposes.
CREATE INDEX ix_consent_event_member_purpose ON consent_event (member_id, purpose, sequence_no);
