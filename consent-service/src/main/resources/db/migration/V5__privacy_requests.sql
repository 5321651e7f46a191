-- Disclosure, correction, deletion and stop-of-use requests (開示・訂正・削除・利用停止, Art. 4; APPI Arts. 33-35).
-- seq is the page key (newest first); id is what callers see. details may hold personal data: never logged.
CREATE TABLE privacy_request (
    seq                 BIGINT        NOT NULL AUTO_INCREMENT,
    id                  VARCHAR(36)   NOT NULL,
    member_id           VARCHAR(64)   NOT NULL,
    kind                VARCHAR(24)   NOT NULL,
    status              VARCHAR(24)   NOT NULL,
    details             VARCHAR(2000) NOT NULL,
    electronic_delivery BOOLEAN       NOT NULL,
    due_date            DATE          NOT NULL,
    reason              VARCHAR(1000) NULL,
    filed_at            DATETIME(6)   NOT NULL,
    updated_at          DATETIME(6)   NOT NULL,
    version             BIGINT        NOT NULL,
    PRIMARY KEY (seq),
    CONSTRAINT uq_privacy_request_id UNIQUE (id)
) ENGINE = InnoDB;
CREATE INDEX ix_privacy_request_member ON privacy_request (member_id, seq);
CREATE INDEX ix_privacy_request_status_due ON privacy_request (status, due_date);
