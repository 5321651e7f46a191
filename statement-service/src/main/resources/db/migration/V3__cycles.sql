-- Cycles and statements: closing a cycle bills the posted items not billed yet, the next instalment of each
-- instalment purchase and each revolving balance's monthly payment, into one statement per member; a closed cycle
-- and its statements never change.
-- Runs unchanged on MySQL 8, MariaDB 10.11 and H2 in MySQL mode (./anshin up).

-- One row per closed cycle: closing it again finds the row and changes nothing; two closes at once meet on the key.
CREATE TABLE billing_cycle (
    closing_date       DATE        NOT NULL,
    closed_at          DATETIME(6) NOT NULL,
    statements_created INT         NOT NULL,
    PRIMARY KEY (closing_date),
    CONSTRAINT ck_billing_cycle_closing_day CHECK (EXTRACT(DAY FROM closing_date) = 10)
) ENGINE = InnoDB;

-- What a revolving balance is left at after the statement's payment (whole yen).
ALTER TABLE statement ADD COLUMN revolving_balance BIGINT NOT NULL DEFAULT 0;
ALTER TABLE statement ADD CONSTRAINT ck_statement_revolving_balance CHECK (revolving_balance >= 0);

-- A statement's lines, in order: a lump-sum purchase, one instalment of an instalment purchase (its number of its
-- count), a revolving purchase added to the balance (principal and fee 0: it is paid through the revolving line),
-- and the revolving payment (no one purchase: no transaction, no card).
CREATE TABLE statement_line (
    id                 VARCHAR(36)  NOT NULL,
    statement_id       VARCHAR(36)  NOT NULL,
    line_number        INT          NOT NULL,
    transaction_id     VARCHAR(36),
    merchant_name      VARCHAR(200) NOT NULL,
    used_at            DATETIME(6),
    card_id            VARCHAR(36),
    card_brand         VARCHAR(16),
    card_last4         CHAR(4),
    payment_method     VARCHAR(16)  NOT NULL,
    installment_number INT,
    installment_count  INT,
    purchase_amount    BIGINT,
    principal          BIGINT       NOT NULL,
    fee                BIGINT       NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_statement_line_number UNIQUE (statement_id, line_number),
    CONSTRAINT fk_statement_line_statement FOREIGN KEY (statement_id) REFERENCES statement (id),
    CONSTRAINT ck_statement_line_money CHECK (principal >= 0 AND fee >= 0),
    CONSTRAINT ck_statement_line_installment CHECK (
        (payment_method = 'INSTALLMENTS' AND installment_number IS NOT NULL AND installment_count IS NOT NULL
            AND installment_number BETWEEN 1 AND installment_count)
        OR (payment_method <> 'INSTALLMENTS' AND installment_number IS NULL AND installment_count IS NULL))
) ENGINE = InnoDB;

-- Billing state of an item: the cycle whose statement billed it first (null: not billed yet; the member may still
-- switch a lump sum to instalments or revolving), the last cycle that billed it, and how many instalments are billed.
ALTER TABLE card_transaction ADD COLUMN billed_closing_date DATE;
ALTER TABLE card_transaction ADD COLUMN last_billed_closing_date DATE;
ALTER TABLE card_transaction ADD COLUMN installments_billed INT NOT NULL DEFAULT 0;
-- The close's scans: posted items not billed yet, used up to the cycle's end; instalment purchases still running.
CREATE INDEX ix_card_transaction_billing ON card_transaction (status, billed_closing_date, used_at);
CREATE INDEX ix_card_transaction_installments ON card_transaction (payment_method, last_billed_closing_date);

-- Each member's revolving balance (whole yen) after the last statement that billed it: its fee is charged on it at
-- the next close, and the monthly payment taken from it.
CREATE TABLE revolving_balance (
    member_id         VARCHAR(64) NOT NULL,
    balance           BIGINT      NOT NULL,
    last_closing_date DATE        NOT NULL,
    PRIMARY KEY (member_id),
    CONSTRAINT ck_revolving_balance CHECK (balance >= 0)
) ENGINE = InnoDB;
CREATE INDEX ix_revolving_balance_due ON revolving_balance (balance, last_closing_date);
