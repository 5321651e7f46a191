-- MySQL 8 / MariaDB only (quarkus.flyway.locations): the database itself refuses to rewrite history. A consent event
-- is never updated or deleted, whoever connects; SQLSTATE 45000 is the "unhandled user-defined exception" class.
-- Each trigger is one statement (a single SIGNAL, no BEGIN ... END), so Flyway needs no DELIMITER.
-- H2 (./anshin up's local profile) has no SIGNAL and takes only Java triggers: it runs without these, and there the
-- entity's @Immutable mapping is the only guard.
-- With binary logging on (MySQL 8's default), creating a trigger needs log_bin_trust_function_creators=1 or a
-- migrating user with SUPER / SET_USER_ID: see consent-service/README.md.

CREATE TRIGGER consent_event_no_update BEFORE UPDATE ON consent_event FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'consent_event is append-only: an event is never updated';

CREATE TRIGGER consent_event_no_delete BEFORE DELETE ON consent_event FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'consent_event is append-only: an event is never deleted';
