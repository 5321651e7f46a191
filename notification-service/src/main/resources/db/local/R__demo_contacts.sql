-- ./anshin up only (the local profile's Flyway locations; H2): the demo members' contact details and preferences, so
-- the local run's notices reach its GreenMail. Repeatable and idempotent: rows are inserted only when missing.
-- hanako: Japanese, e-mail and phone, every purchase notified (threshold 0), login notices on.
-- taro: English, e-mail but no phone (his usage confirmations cannot be sent by SMS).
INSERT INTO notification_preference (member_id, usage_notifications_enabled, usage_threshold, usage_categories,
                                     language, email, phone_number, updated_at, version, login_notifications_enabled)
SELECT '3f6f1c9e-2a5b-4c1d-9e8f-000000000001', TRUE, 0, '', 'JA', 'hanako@example.jp', '+819012345678',
       TIMESTAMP '2024-04-01 00:00:00', 0, TRUE
WHERE NOT EXISTS (SELECT 1 FROM notification_preference WHERE member_id = '3f6f1c9e-2a5b-4c1d-9e8f-000000000001');

INSERT INTO notification_preference (member_id, usage_notifications_enabled, usage_threshold, usage_categories,
                                     language, email, phone_number, updated_at, version, login_notifications_enabled)
SELECT '3f6f1c9e-2a5b-4c1d-9e8f-000000000002', TRUE, 10000, '', 'EN', 'taro@example.jp', NULL,
       TIMESTAMP '2024-04-01 00:00:00', 0, TRUE
WHERE NOT EXISTS (SELECT 1 FROM notification_preference WHERE member_id = '3f6f1c9e-2a5b-4c1d-9e8f-000000000002');
