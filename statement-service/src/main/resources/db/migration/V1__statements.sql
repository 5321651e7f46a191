-- Card usage (pending authorizations and posted transactions) and monthly statements.
-- Runs unchanged on MySQL 8, MariaDB 10.11 and H2 in MySQL mode (./anshin up).

-- One row per purchase: recorded PENDING when the authorization is approved, turned POSTED in place when the
-- clearing record arrives (or inserted POSTED when a purchase clears without an authorization). Both ids from the
-- outside are unique, so a repeated authorization or clearing record finds its row instead of adding a second one.
CREATE TABLE card_transaction (
    id                VARCHAR(36)  NOT NULL,
    member_id         VARCHAR(64)  NOT NULL,
    -- The card as shown on a usage line: card-control's opaque id, the brand name and the last four digits.
    -- Never the card number.
    card_id           VARCHAR(36)  NOT NULL,
    card_brand        VARCHAR(16)  NOT NULL,
    card_last4        CHAR(4)      NOT NULL,
    merchant_name     VARCHAR(200) NOT NULL,
    -- Whole yen.
    amount            BIGINT       NOT NULL,
    -- LUMP_SUM (1回払い, also for a pending item, whose method is not known yet), INSTALLMENTS (分割), REVOLVING (リボ).
    payment_method    VARCHAR(16)  NOT NULL,
    -- Number of instalments, INSTALLMENTS only (at least 2).
    installment_count INT,
    -- PENDING (authorized, in no statement total) or POSTED (cleared).
    status            VARCHAR(16)  NOT NULL,
    -- The authorization id (RecordAuthorization's deduplication key); empty for a purchase cleared without one.
    authorization_id  VARCHAR(64),
    -- The clearing record id (PostTransaction's deduplication key); set when posted.
    clearing_id       VARCHAR(64),
    -- When the purchase was made (UTC); its JST date decides the cycle.
    used_at           DATETIME(6)  NOT NULL,
    posted_at         DATETIME(6),
    created_at        DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_card_transaction_authorization UNIQUE (authorization_id),
    CONSTRAINT uk_card_transaction_clearing UNIQUE (clearing_id),
    CONSTRAINT ck_card_transaction_amount CHECK (amount > 0),
    -- IS NOT NULL spelled out: a CHECK whose condition is unknown (NULL >= 2) passes.
    CONSTRAINT ck_card_transaction_installments CHECK (
        (payment_method = 'INSTALLMENTS' AND installment_count IS NOT NULL AND installment_count >= 2)
        OR (payment_method <> 'INSTALLMENTS' AND installment_count IS NULL)),
    CONSTRAINT ck_card_transaction_posted CHECK (
        (status = 'PENDING' AND clearing_id IS NULL AND posted_at IS NULL)
        OR (status = 'POSTED' AND clearing_id IS NOT NULL AND posted_at IS NOT NULL))
) ENGINE = InnoDB;

-- ListTransactions (最近のカードご利用一覧): a member's items newest first. The id breaks ties between items of the same
-- instant, so a cursor on (used_at, id) neither repeats nor skips an item.
CREATE INDEX ix_card_transaction_member_used ON card_transaction (member_id, used_at, id);

-- One statement per member and cycle. A cycle closes on the 10th (JST); payment is debited on the 4th of the next
-- month or the next business day after it, never earlier.
CREATE TABLE statement (
    id              VARCHAR(36) NOT NULL,
    member_id       VARCHAR(64) NOT NULL,
    -- Calendar dates in Asia/Tokyo, not instants.
    closing_date    DATE        NOT NULL,
    payment_date    DATE        NOT NULL,
    -- Whole yen; the amount debited is principal_total + fee_total (revolving and instalment fees shown apart).
    principal_total BIGINT      NOT NULL,
    fee_total       BIGINT      NOT NULL,
    created_at      DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    -- Closing a cycle twice must not bill a member twice. Also the index of ListStatements (newest first).
    CONSTRAINT uk_statement_member_closing UNIQUE (member_id, closing_date),
    CONSTRAINT ck_statement_closing_day CHECK (EXTRACT(DAY FROM closing_date) = 10),
    CONSTRAINT ck_statement_payment_after_closing CHECK (payment_date > closing_date),
    CONSTRAINT ck_statement_totals CHECK (principal_total >= 0 AND fee_total >= 0)
) ENGINE = InnoDB;
