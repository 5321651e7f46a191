-- Idempotency-Key records of the gateway's POST routes: one row per member and key, holding the first request's
-- fingerprint and, once it completed, the response to replay. Rows expire (at least 24 hours) and are purged.
-- Runs unchanged on MySQL 8, MariaDB 10.11 and H2 in MySQL mode (./anshin up).

CREATE TABLE idempotency_key (
    -- SHA-256 (hex) of the member id and the key: fixed length, and the same under any collation of the database.
    id                  CHAR(64)      NOT NULL,
    member_id           VARCHAR(255)  NOT NULL,
    idempotency_key     VARCHAR(255)  NOT NULL,
    -- SHA-256 (hex) of method, path and canonical body of the first request.
    request_fingerprint CHAR(64)      NOT NULL,
    -- IN_PROGRESS while the first request runs, then COMPLETED.
    state               VARCHAR(16)   NOT NULL,
    -- Random id of the request holding the key: only that request completes or releases it (another one may take an
    -- IN_PROGRESS key over after a timeout, when the gateway that held it died).
    claim_id            CHAR(36)      NOT NULL,
    -- The response to replay (COMPLETED only). Never a revealed card number: credential reveals take no key.
    response_status     INT,
    response_headers    VARCHAR(2000),
    response_body       VARCHAR(8000),
    created_at          DATETIME(6)   NOT NULL,
    updated_at          DATETIME(6)   NOT NULL,
    expires_at          DATETIME(6)   NOT NULL,
    PRIMARY KEY (id)
) ENGINE = InnoDB;

CREATE INDEX ix_idempotency_key_expires_at ON idempotency_key (expires_at);
