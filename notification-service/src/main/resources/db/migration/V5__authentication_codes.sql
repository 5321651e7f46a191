-- 3-D Secure one-time codes by SMS (SendAuthenticationCode, issue 20).
--
-- The notification the member sees in the history says a code was sent, never the code. The SMS itself must carry
-- it, so the text sent is held on the delivery, apart from the notification, only while it may still be sent:
-- erased when the provider takes it, when it becomes a dead letter, and once the code has expired (secret_expires_at;
-- a code that late is useless and is never sent). Nothing else keeps it: attempts record errors, never texts.
ALTER TABLE delivery ADD COLUMN secret_text VARCHAR(1000);
ALTER TABLE delivery ADD COLUMN secret_expires_at DATETIME(6);
