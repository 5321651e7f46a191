-- The export of a disclosure request (開示, APPI Art. 33): gathered once from every service when the request goes in
-- progress, and kept as it was disclosed (the member downloads what the issuer disclosed, not what it holds later).
-- A JSON document (consent-service/README.md, "Disclosure export"); personal data: never logged.
CREATE TABLE privacy_disclosure (
    request_id  VARCHAR(36) NOT NULL,
    gathered_at DATETIME(6) NOT NULL,
    document    LONGTEXT    NOT NULL,
    PRIMARY KEY (request_id),
    CONSTRAINT fk_privacy_disclosure_request FOREIGN KEY (request_id) REFERENCES privacy_request (id)
) ENGINE = InnoDB;
