-- Members' notification preferences and every message presented to them.
-- Runs unchanged on MySQL 8, MariaDB 10.11 and H2 in MySQL mode (./anshin up).

-- One row per member, written the first time the member changes a preference; until then GetPreferences answers
-- the defaults, so a member who never opened the settings costs no row.
CREATE TABLE notification_preference (
    member_id                   VARCHAR(64)  NOT NULL,
    -- 利用通知サービス on or off.
    usage_notifications_enabled BOOLEAN      NOT NULL,
    -- Whole yen: only purchases of at least this amount are notified (0: every purchase).
    usage_threshold             BIGINT       NOT NULL,
    -- The chosen kinds of purchase, comma-separated names (e.g. 'ONLINE,OVERSEAS'); empty means all. A small fixed
    -- set, always read and written whole with the preferences, so it needs no table of its own.
    usage_categories            VARCHAR(100) NOT NULL,
    -- Language of every message to the member ('JA', 'EN').
    language                    VARCHAR(8)   NOT NULL,
    -- Where e-mails and SMS go; absent until the member gives them (an SMS needs a phone number on file).
    -- 254: the longest address SMTP can carry; 16: '+' and the 15 digits of an E.164 number.
    email                       VARCHAR(254),
    phone_number                VARCHAR(16),
    updated_at                  DATETIME(6)  NOT NULL,
    -- Contact details change only through a two-step login; a concurrent older write must not win silently.
    version                     BIGINT       NOT NULL,
    PRIMARY KEY (member_id),
    CONSTRAINT ck_notification_preference_threshold CHECK (usage_threshold >= 0)
) ENGINE = InnoDB;

-- Every message presented to a member. Delivery is at least once (retries), presentation exactly once: the
-- producing event's id is unique per kind, so an event that arrives twice finds its first message instead of
-- making a second one.
CREATE TABLE notification (
    id         VARCHAR(36)   NOT NULL,
    member_id  VARCHAR(64)   NOT NULL,
    -- Id of the event presented: login session, authorization, card transition, campaign message.
    event_id   VARCHAR(128)  NOT NULL,
    kind       VARCHAR(24)   NOT NULL,
    channel    VARCHAR(8)    NOT NULL,
    language   VARCHAR(8)    NOT NULL,
    -- The text exactly as sent, kept for the member's history. Never a card number or a login link.
    -- No subject on an SMS.
    subject    VARCHAR(200),
    body       VARCHAR(4000) NOT NULL,
    -- Delivery state: QUEUED until the provider acknowledges it (DELIVERED) or retries run out (FAILED).
    state      VARCHAR(16)   NOT NULL,
    created_at DATETIME(6)   NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_notification_kind_event UNIQUE (kind, event_id)
) ENGINE = InnoDB;

-- ListNotifications: a member's messages newest first, id breaking ties so a cursor never repeats or skips one.
CREATE INDEX ix_notification_member_created ON notification (member_id, created_at, id);
