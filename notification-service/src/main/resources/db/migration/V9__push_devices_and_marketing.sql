-- Push devices, push deliveries (one per device) and marketing waiting for consent-service's answer.
-- Runs unchanged on MySQL 8, MariaDB 10.11 and H2 in MySQL mode (./anshin up).
-- (Version 9, not the next free number: other increments of issue 18 add migrations at the same time.)

-- A device of a member registered for push (its Firebase Cloud Messaging registration token). The token is kept as
-- given, not encrypted: it must be sent to FCM as it is, and on its own it lets nobody send a push (that needs the
-- issuer's FCM service account), so encrypting it would protect little and add a key to manage. It is still treated
-- as a secret: never logged, never answered whole (masked_token is what the API shows), readable only by this
-- service's database user. token_hash (SHA-256, hex) is the unique key: one device per token, whoever registered it.
CREATE TABLE push_device (
    id            VARCHAR(36)   NOT NULL,
    member_id     VARCHAR(64)   NOT NULL,
    token         VARCHAR(4096) NOT NULL,
    token_hash    CHAR(64)      NOT NULL,
    masked_token  VARCHAR(16)   NOT NULL,
    -- ANDROID, IOS.
    platform      VARCHAR(8)    NOT NULL,
    label         VARCHAR(100),
    registered_at DATETIME(6)   NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_push_device_token UNIQUE (token_hash)
) ENGINE = InnoDB;

CREATE INDEX ix_push_device_member ON push_device (member_id, registered_at);

-- A notice sent by push goes to each registered device: one delivery per (notification, channel, recipient), the
-- recipient of a push delivery being the device's id. The new key is created before the old one is dropped: the
-- foreign key on notification_id needs an index starting with it at every moment.
CREATE UNIQUE INDEX uk_delivery_notification_channel_recipient ON delivery (notification_id, channel, recipient);
ALTER TABLE delivery DROP CONSTRAINT uk_delivery_notification_channel;

-- Marketing presented but not yet sent or suppressed: consent-service could not be asked whether the member allows
-- its purpose (fail closed). Checked again with back-off until it answers; then the row goes, and the notification
-- is queued (allowed) or SUPPRESSED (not allowed).
CREATE TABLE marketing_consent_check (
    notification_id VARCHAR(36)  NOT NULL,
    -- consent-service's purpose name: MARKETING_OWN, MARKETING_THIRD_PARTY.
    purpose         VARCHAR(32)  NOT NULL,
    attempts        INT          NOT NULL,
    next_check_at   DATETIME(6)  NOT NULL,
    claim_token     VARCHAR(36),
    claimed_until   DATETIME(6),
    last_error      VARCHAR(500),
    created_at      DATETIME(6)  NOT NULL,
    PRIMARY KEY (notification_id),
    CONSTRAINT fk_marketing_consent_check_notification FOREIGN KEY (notification_id) REFERENCES notification (id)
) ENGINE = InnoDB;

CREATE INDEX ix_marketing_consent_check_due ON marketing_consent_check (next_check_at);
