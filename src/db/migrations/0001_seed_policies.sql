-- First published versions of the Terms of Service and the Privacy Policy.
INSERT INTO "policy_documents" ("id", "kind", "version", "title", "body", "last_updated", "material", "published_at") VALUES
('019a0000-0000-7000-8000-000000000001', 'terms', '2026-11-01', 'Terms of Service',
'These terms govern your business''s use of West Message, a platform for texting your customers and answering their replies.

You may text only people who agreed to receive texts from your business. You confirm at sign-up, and keep confirming by using the service, that you obtained that consent and can show how. Marketing texts need prior express written consent.

Every person you text can reply STOP to stop all texts from your business. West Message honours STOP at once and on every number of your account, and sends the confirmation the carriers require. Do not try to work around an opt-out.

West Message defers marketing texts outside 08:00–21:00 in the recipient''s time zone (08:00–20:00 where state law requires it). You remain responsible for the content of your messages and for the laws that apply to your business.

You must not send unlawful, deceptive, harassing, or harmful content, share a sending number with another business, or send to purchased or rented lists. We may suspend an account that does.

You can export your data and close your account at any time. We keep consent records for four years after an opt-out, so that a dispute can be answered, as our Privacy Policy explains.',
'2026-11-01', true, '2026-11-01T00:00:00Z'),
('019a0000-0000-7000-8000-000000000002', 'privacy', '2026-11-01', 'Privacy Policy',
'This policy says what personal data West Message keeps, why, and what you can do about it.

What we keep: the details of your business and your team (names, email addresses, phone numbers, sign-in records); the contacts your business uploads and the messages it sends and receives; and records of consent — when a person opted in or out, how, and the words they were shown.

Why: to deliver your messages, to honour opt-outs, to prove consent when asked, to keep the service secure, and to meet our legal obligations. We do not sell personal data.

Who receives it: the telecommunications carriers that deliver each message (we record which carrier received which message) and no one else, unless the law requires it.

Your rights: you can see, correct and export everything we hold about you, in a machine-readable form, and you can delete your account. A person your business texts can ask your business to see or erase their data; the platform lets the business answer within the legal deadlines (one month under the GDPR, 45 days under the CCPA).

Retention: message bodies are kept for the period your business chooses, then redacted. Consent evidence is kept for four years after an opt-out, as a hashed phone number if the person''s data was erased.

Security: passwords are hashed with Argon2id, access tokens and API keys are stored hashed, and provider credentials are encrypted. Every access to personal data by staff, every export, deletion, sign-in and administrative action is recorded in a tamper-evident audit log.

Changes: each version carries its date. When we change this policy we tell you, and when a change is material we ask you to accept it again.',
'2026-11-01', true, '2026-11-01T00:00:00Z');
