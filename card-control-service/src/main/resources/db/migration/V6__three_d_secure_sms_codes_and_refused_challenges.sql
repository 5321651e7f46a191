-- 3-D Secure, the rest of issue 20: SMS one-time-code challenges, and refused challenges as a fraud-rule signal.

-- How a challenge asks the cardholder: IN_APP (approve or deny in the app) or SMS_CODE (a 6-digit code by SMS, typed
-- on the ACS page). The code itself is never stored, in clear or hashed: it is derived (HMAC-SHA-256 of the
-- authentication's id under the key code_key_id names) when the relay sends it and again when one is submitted.
ALTER TABLE cardholder_authentication ADD COLUMN challenge_method VARCHAR(16);
ALTER TABLE cardholder_authentication ADD COLUMN code_key_id VARCHAR(32);
-- Wrong codes an SMS challenge still accepts (3 to start with); the challenge fails when none is left.
ALTER TABLE cardholder_authentication ADD COLUMN code_tries_left INT;
UPDATE cardholder_authentication SET challenge_method = 'IN_APP' WHERE challenge_state IS NOT NULL;

-- When the card's last 3-D Secure challenge was denied by the member or failed by wrong codes: the fraud rule
-- "refused challenge" holds the card's purchases for a while after (anshin.authorization.fraud.refused-challenge-window).
-- Written only by the challenge's answer (not a card edit: the card's version does not change); read with the card's
-- lock by every decision, so the rule costs no statement of its own.
ALTER TABLE card ADD COLUMN challenge_refused_at DATETIME(6);
