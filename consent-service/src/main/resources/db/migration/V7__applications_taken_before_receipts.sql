-- Applications taken before Anshin signed receipts (paper forms entered into the issuer's earlier system, brought
-- over when a member's record is migrated) have no receipt: nothing was signed for them then, and none is made up
-- now. Their date still counts: the credit-bureau inquiry is kept 6 months from it. RecordApplicationConsent always
-- writes a receipt; the same application id again answers the state, and its receipt when it has one.
ALTER TABLE consent_application MODIFY COLUMN receipt_id VARCHAR(36) NULL;
