-- Login notices read from the identity provider's event store (KeycloakLoginEvents): where the reading has got to,
-- and which events were already turned into notices, so that a restart neither misses nor repeats one.
-- Runs unchanged on MySQL 8, MariaDB 10.11 and H2 in MySQL mode (./anshin up).

-- One row per event source (today only 'keycloak'): the time of the newest event read, in epoch milliseconds. Each
-- pass locks this row, so instances on several replicas read one at a time.
CREATE TABLE login_event_cursor (
    source          VARCHAR(32)  NOT NULL,
    last_event_time BIGINT       NOT NULL,
    updated_at      DATETIME(6)  NOT NULL,
    CONSTRAINT pk_login_event_cursor PRIMARY KEY (source)
);

-- Every event handled, whether or not it became a notice (the member may have turned login notices off). A pass reads
-- from a little before the cursor (events are stored when their request ends, not in the order of their times), and
-- skips what is here; rows older than that overlap are pruned.
CREATE TABLE login_event_seen (
    event_id   VARCHAR(64)  NOT NULL,
    source     VARCHAR(32)  NOT NULL,
    event_time BIGINT       NOT NULL,
    CONSTRAINT pk_login_event_seen PRIMARY KEY (event_id)
);
CREATE INDEX ix_login_event_seen_time ON login_event_seen (source, event_time);
