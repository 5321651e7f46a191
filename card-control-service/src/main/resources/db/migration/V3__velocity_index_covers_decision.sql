-- The velocity rule counts a card's approvals since an instant. With the decision in the index, the count reads the
-- index alone; before, each of the card's recent decisions was looked up in the table to see whether it was an
-- approval (measured with ./anshin bench: the count was the slowest statement of a decision's transaction).
-- The new index also serves the foreign key on card_id, so the old one can go.
CREATE INDEX ix_card_authorization_card_approvals ON card_authorization (card_id, decision, decided_at);
DROP INDEX ix_card_authorization_card_decided ON card_authorization;
