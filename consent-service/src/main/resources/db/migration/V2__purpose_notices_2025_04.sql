-- The five purposes of the consent clause (seed 004), notice version 2025-04, in effect from 2025-04-01 00:00 JST
-- (2025-03-31 15:00 UTC). Short faithful renderings of the clause; the legal text of record is the clause itself.
-- Only the two purposes an application cannot go without are required (Art. 5): credit screening and management,
-- and the credit bureaus, which are their own purpose. Only 2(1)① and ② can be stopped at any time (Art. 2(2)).

INSERT INTO purpose_notice (purpose, version, required, article, text_ja, text_en, effective_from) VALUES
('CREDIT_MANAGEMENT', '2025-04', TRUE, '1',
 '当社は、お申込みを含む当社との各種取引の与信判断及び与信後の管理のため、氏名・生年月日・住所・電話番号・メールアドレス・勤務先等の属性情報、契約の内容、支払開始後の利用残高や返済状況等の取引情報、本人確認書類の情報等を、所定の保護措置を講じた上で収集・保有・利用します。業務の一部を委託先企業に委託する場合は、委託の目的に限って個人情報を提供することがあります。',
 'To assess credit for your application and your other transactions with us, and to manage them afterwards, we collect, hold and use your personal information under our protective measures: your name, date of birth, address, telephone number, e-mail address, employer and similar details; the terms of your contracts; balances, repayment status and other facts of your transactions; and the information from your identity documents. Where we entrust part of this work to a contractor, we may provide your information to it for that purpose only.',
 '2025-03-31 15:00:00'),
('CREDIT_BUREAU', '2025-04', TRUE, '3',
 '当社は、支払能力の調査のため、当社が加盟する個人信用情報機関（株式会社シー・アイ・シー（CIC）、株式会社日本信用情報機構（JICC））及び提携する個人信用情報機関に照会し、会員及び会員の配偶者の個人情報が登録されている場合はこれを利用します。また、お取引に関する客観的な取引事実が加盟個人信用情報機関に登録され、その加盟会員が支払能力の調査のために利用します。登録期間は、お申込みをした事実は照会日から6ヶ月間、契約内容及び返済状況は契約期間中及び契約終了後5年以内です。登録された情報は支払能力の調査以外の目的には使用されません。',
 'To assess your ability to pay, we inquire at the credit bureaus we belong to (CIC and JICC) and at their partner bureaus, and use the personal information of you and your spouse registered there. Objective facts of your transactions are registered with the bureaus we belong to and used by their members to assess your ability to pay. The fact of an application is kept for 6 months from the inquiry date; contract and repayment facts during the contract and for up to 5 years after it ends. Registered information is used for nothing but assessing the ability to pay.',
 '2025-03-31 15:00:00'),
('MARKETING_OWN', '2025-04', FALSE, '2(1)①',
 '当社は、当社のクレジット関連事業、金融サービス事業その他の事業におけるサービスの提供、宣伝物・印刷物の送付、電話・メール・SNS等による営業案内及び関連するアフターサービスのために個人情報を利用します。この利用はいつでも中止を申し出ることができます（請求書等に記載・同封される営業案内を除きます）。同意しないこと又は中止したことを理由にお申込みをお断りしたり、お取引を終了させたりすることはありません。',
 'We use your personal information to provide services in our credit, financial and other businesses, to send you advertising and printed material, to make sales offers by telephone, e-mail, social media or other online contact, and for related after-sales service. You may ask us to stop this use at any time (offers printed on or enclosed with statements excepted). Declining or stopping it never causes an application to be refused or a contract to end.',
 '2025-03-31 15:00:00'),
('MARKETING_THIRD_PARTY', '2025-04', FALSE, '2(1)②',
 '当社は、当社以外の第三者から受託して、当該第三者の宣伝物・印刷物の送付、電話・メール・SNS等による営業案内のために個人情報を利用します。この利用はいつでも中止を申し出ることができます（請求書等に記載・同封される営業案内を除きます）。同意しないこと又は中止したことを理由にお申込みをお断りしたり、お取引を終了させたりすることはありません。',
 'On behalf of third parties who entrust us with it, we use your personal information to send you their advertising and printed material and to make their sales offers by telephone, e-mail, social media or other online contact. You may ask us to stop this use at any time (offers printed on or enclosed with statements excepted). Declining or stopping it never causes an application to be refused or a contract to end.',
 '2025-03-31 15:00:00'),
('MARKET_RESEARCH', '2025-04', FALSE, '2(1)③',
 '当社は、当社のクレジット関連事業、金融サービス事業その他の事業における市場調査及び商品開発のために個人情報を利用します。',
 'We use your personal information for market research and product development in our credit, financial and other businesses.',
 '2025-03-31 15:00:00');
