-- ./anshin up only (the local profile's Flyway locations; H2): the demo members' consents. Repeatable and
-- idempotent: rows are inserted only when missing, never changed.
--
-- The demo consents are dated 2024-04-01, a year before the 2025-04 notices took effect: they rest on a demo notice
-- version 2024-04 of each purpose, in effect from 2024-04-01 JST, whose text stands in for the clause of that time
-- (it repeats the 2025-04 wording and hash; this repository has no older wording). So the demo shows what a member
-- sees when a newer notice exists.
-- hanako: consented to all five purposes on her application of 2024-04-01 (paper form).
-- taro: the same, then withdrew marketing on behalf of third parties in the app on 2025-06-01.
-- Demo events carry no receipt (receipt_id NULL): receipts are signed by the running service only. The two paper
-- applications are recorded as applications taken before receipts (consent_application.receipt_id NULL, V7), so the
-- members' credit-bureau dates count the inquiry from 2024-04-01.

INSERT INTO purpose_notice (purpose, version, required, article, text_ja, text_en, effective_from, controller,
                            mechanism, text_sha256)
SELECT purpose, '2024-04', required, article, text_ja, text_en, TIMESTAMP '2024-03-31 15:00:00', controller,
       mechanism, text_sha256
FROM purpose_notice current_notice
WHERE version = '2025-04' AND controller = 'issuer'
  AND NOT EXISTS (SELECT 1 FROM purpose_notice old_notice
                  WHERE old_notice.purpose = current_notice.purpose AND old_notice.version = '2024-04');

-- hanako: the application of 2024-04-01 (09:00 JST).
INSERT INTO consent_event (id, member_id, purpose, kind, notice_version, channel, actor_kind, actor_id, occurred_at,
                           sequence_no, notice_sha256, controller)
SELECT '00000000-d000-4000-8000-000100000001', '3f6f1c9e-2a5b-4c1d-9e8f-000000000001', 'CREDIT_MANAGEMENT', 'GRANTED', '2024-04', 'PAPER', 'SYSTEM', 'anshin-applications',
       TIMESTAMP '2024-04-01 00:00:00', 1, text_sha256, 'issuer'
FROM purpose_notice WHERE purpose = 'CREDIT_MANAGEMENT' AND version = '2024-04'
  AND NOT EXISTS (SELECT 1 FROM consent_event WHERE id = '00000000-d000-4000-8000-000100000001');

INSERT INTO consent_event (id, member_id, purpose, kind, notice_version, channel, actor_kind, actor_id, occurred_at,
                           sequence_no, notice_sha256, controller)
SELECT '00000000-d000-4000-8000-000100000002', '3f6f1c9e-2a5b-4c1d-9e8f-000000000001', 'CREDIT_BUREAU', 'GRANTED', '2024-04', 'PAPER', 'SYSTEM', 'anshin-applications',
       TIMESTAMP '2024-04-01 00:00:00', 2, text_sha256, 'issuer'
FROM purpose_notice WHERE purpose = 'CREDIT_BUREAU' AND version = '2024-04'
  AND NOT EXISTS (SELECT 1 FROM consent_event WHERE id = '00000000-d000-4000-8000-000100000002');

INSERT INTO consent_event (id, member_id, purpose, kind, notice_version, channel, actor_kind, actor_id, occurred_at,
                           sequence_no, notice_sha256, controller)
SELECT '00000000-d000-4000-8000-000100000003', '3f6f1c9e-2a5b-4c1d-9e8f-000000000001', 'MARKETING_OWN', 'GRANTED', '2024-04', 'PAPER', 'SYSTEM', 'anshin-applications',
       TIMESTAMP '2024-04-01 00:00:00', 3, text_sha256, 'issuer'
FROM purpose_notice WHERE purpose = 'MARKETING_OWN' AND version = '2024-04'
  AND NOT EXISTS (SELECT 1 FROM consent_event WHERE id = '00000000-d000-4000-8000-000100000003');

INSERT INTO consent_event (id, member_id, purpose, kind, notice_version, channel, actor_kind, actor_id, occurred_at,
                           sequence_no, notice_sha256, controller)
SELECT '00000000-d000-4000-8000-000100000004', '3f6f1c9e-2a5b-4c1d-9e8f-000000000001', 'MARKETING_THIRD_PARTY', 'GRANTED', '2024-04', 'PAPER', 'SYSTEM', 'anshin-applications',
       TIMESTAMP '2024-04-01 00:00:00', 4, text_sha256, 'issuer'
FROM purpose_notice WHERE purpose = 'MARKETING_THIRD_PARTY' AND version = '2024-04'
  AND NOT EXISTS (SELECT 1 FROM consent_event WHERE id = '00000000-d000-4000-8000-000100000004');

INSERT INTO consent_event (id, member_id, purpose, kind, notice_version, channel, actor_kind, actor_id, occurred_at,
                           sequence_no, notice_sha256, controller)
SELECT '00000000-d000-4000-8000-000100000005', '3f6f1c9e-2a5b-4c1d-9e8f-000000000001', 'MARKET_RESEARCH', 'GRANTED', '2024-04', 'PAPER', 'SYSTEM', 'anshin-applications',
       TIMESTAMP '2024-04-01 00:00:00', 5, text_sha256, 'issuer'
FROM purpose_notice WHERE purpose = 'MARKET_RESEARCH' AND version = '2024-04'
  AND NOT EXISTS (SELECT 1 FROM consent_event WHERE id = '00000000-d000-4000-8000-000100000005');

-- taro: the application of 2024-04-01 (09:00 JST).
INSERT INTO consent_event (id, member_id, purpose, kind, notice_version, channel, actor_kind, actor_id, occurred_at,
                           sequence_no, notice_sha256, controller)
SELECT '00000000-d000-4000-8000-000200000001', '3f6f1c9e-2a5b-4c1d-9e8f-000000000002', 'CREDIT_MANAGEMENT', 'GRANTED', '2024-04', 'PAPER', 'SYSTEM', 'anshin-applications',
       TIMESTAMP '2024-04-01 00:00:00', 1, text_sha256, 'issuer'
FROM purpose_notice WHERE purpose = 'CREDIT_MANAGEMENT' AND version = '2024-04'
  AND NOT EXISTS (SELECT 1 FROM consent_event WHERE id = '00000000-d000-4000-8000-000200000001');

INSERT INTO consent_event (id, member_id, purpose, kind, notice_version, channel, actor_kind, actor_id, occurred_at,
                           sequence_no, notice_sha256, controller)
SELECT '00000000-d000-4000-8000-000200000002', '3f6f1c9e-2a5b-4c1d-9e8f-000000000002', 'CREDIT_BUREAU', 'GRANTED', '2024-04', 'PAPER', 'SYSTEM', 'anshin-applications',
       TIMESTAMP '2024-04-01 00:00:00', 2, text_sha256, 'issuer'
FROM purpose_notice WHERE purpose = 'CREDIT_BUREAU' AND version = '2024-04'
  AND NOT EXISTS (SELECT 1 FROM consent_event WHERE id = '00000000-d000-4000-8000-000200000002');

INSERT INTO consent_event (id, member_id, purpose, kind, notice_version, channel, actor_kind, actor_id, occurred_at,
                           sequence_no, notice_sha256, controller)
SELECT '00000000-d000-4000-8000-000200000003', '3f6f1c9e-2a5b-4c1d-9e8f-000000000002', 'MARKETING_OWN', 'GRANTED', '2024-04', 'PAPER', 'SYSTEM', 'anshin-applications',
       TIMESTAMP '2024-04-01 00:00:00', 3, text_sha256, 'issuer'
FROM purpose_notice WHERE purpose = 'MARKETING_OWN' AND version = '2024-04'
  AND NOT EXISTS (SELECT 1 FROM consent_event WHERE id = '00000000-d000-4000-8000-000200000003');

INSERT INTO consent_event (id, member_id, purpose, kind, notice_version, channel, actor_kind, actor_id, occurred_at,
                           sequence_no, notice_sha256, controller)
SELECT '00000000-d000-4000-8000-000200000004', '3f6f1c9e-2a5b-4c1d-9e8f-000000000002', 'MARKETING_THIRD_PARTY', 'GRANTED', '2024-04', 'PAPER', 'SYSTEM', 'anshin-applications',
       TIMESTAMP '2024-04-01 00:00:00', 4, text_sha256, 'issuer'
FROM purpose_notice WHERE purpose = 'MARKETING_THIRD_PARTY' AND version = '2024-04'
  AND NOT EXISTS (SELECT 1 FROM consent_event WHERE id = '00000000-d000-4000-8000-000200000004');

INSERT INTO consent_event (id, member_id, purpose, kind, notice_version, channel, actor_kind, actor_id, occurred_at,
                           sequence_no, notice_sha256, controller)
SELECT '00000000-d000-4000-8000-000200000005', '3f6f1c9e-2a5b-4c1d-9e8f-000000000002', 'MARKET_RESEARCH', 'GRANTED', '2024-04', 'PAPER', 'SYSTEM', 'anshin-applications',
       TIMESTAMP '2024-04-01 00:00:00', 5, text_sha256, 'issuer'
FROM purpose_notice WHERE purpose = 'MARKET_RESEARCH' AND version = '2024-04'
  AND NOT EXISTS (SELECT 1 FROM consent_event WHERE id = '00000000-d000-4000-8000-000200000005');

-- taro: withdrew marketing on behalf of third parties in the app, 2025-06-01 (10:00 JST), under the 2025-04 notice.
INSERT INTO consent_event (id, member_id, purpose, kind, notice_version, channel, actor_kind, actor_id, occurred_at,
                           sequence_no, notice_sha256, controller)
SELECT '00000000-d000-4000-8000-000200000006', '3f6f1c9e-2a5b-4c1d-9e8f-000000000002', 'MARKETING_THIRD_PARTY', 'WITHDRAWN', '2025-04', 'APP', 'MEMBER', '3f6f1c9e-2a5b-4c1d-9e8f-000000000002',
       TIMESTAMP '2025-06-01 01:00:00', 6, text_sha256, 'issuer'
FROM purpose_notice WHERE purpose = 'MARKETING_THIRD_PARTY' AND version = '2025-04'
  AND NOT EXISTS (SELECT 1 FROM consent_event WHERE id = '00000000-d000-4000-8000-000200000006');

-- The two paper applications of 2024-04-01 (09:00 JST), taken before receipts were signed.
INSERT INTO consent_application (application_id, member_id, receipt_id, recorded_at)
SELECT 'demo-application-hanako-2024-04', '3f6f1c9e-2a5b-4c1d-9e8f-000000000001', NULL, TIMESTAMP '2024-04-01 00:00:00'
FROM purpose_notice WHERE purpose = 'CREDIT_BUREAU' AND version = '2024-04'
  AND NOT EXISTS (SELECT 1 FROM consent_application WHERE application_id = 'demo-application-hanako-2024-04');

INSERT INTO consent_application (application_id, member_id, receipt_id, recorded_at)
SELECT 'demo-application-taro-2024-04', '3f6f1c9e-2a5b-4c1d-9e8f-000000000002', NULL, TIMESTAMP '2024-04-01 00:00:00'
FROM purpose_notice WHERE purpose = 'CREDIT_BUREAU' AND version = '2024-04'
  AND NOT EXISTS (SELECT 1 FROM consent_application WHERE application_id = 'demo-application-taro-2024-04');
