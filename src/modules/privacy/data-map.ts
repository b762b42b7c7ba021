/**
 * Where personal data lives (DESIGN "Personal data has an owner"): every table that holds
 * personal data, the personal columns, the erase hook that removes it (a name in
 * `ERASE_HOOKS`, src/modules/privacy/erase-hooks.ts) and the export section that carries it
 * (the exports module keeps `export` true for the sections it writes; null with `why` when
 * the data is not exported).
 *
 * `subject` says whose data the row is: a `contact` (a person the business texts: erased by a
 * contact erasure and by account deletion), a `user` (a login: erased with its last account),
 * or the `account` itself (erased by account deletion).
 *
 * test/erasure-data-map.test.ts reads the catalog: a table whose columns look personal (phone,
 * number, to, from, body, name, email, ip, user_agent, address, staff's reason, scope,
 * disclosed…) must be listed here, in KEPT_RECORDS (kept past every erasure, with why and how
 * long) or in NOT_PERSONAL with the reason, and every hook named here must exist.
 */
export interface PersonalTable {
  table: string;
  personal: readonly string[];
  erase: string;
  export: string | null;
  why?: string;
  subject?: 'contact' | 'user' | 'account';
}

export const PERSONAL_DATA: readonly PersonalTable[] = [
  // Contacts: the people a business texts.
  { table: 'contacts', subject: 'contact', personal: ['phone', 'first_name', 'last_name', 'email', 'notes', 'fields', 'tags'], erase: 'contacts.eraseContactRows', export: 'contacts.csv' },
  { table: 'messages', subject: 'contact', personal: ['from', 'to', 'body', 'media', 'error_message', 'keyword'], erase: 'messaging.eraseMessages', export: 'messages.csv' },
  { table: 'carrier_message_parts', subject: 'contact', personal: ['part_id', 'message_id'], erase: 'messaging.eraseMessages', export: null, why: 'carrier part ids of a message: carrier bookkeeping, erased with the message' },
  { table: 'early_receipts', subject: 'contact', personal: ['provider_message_id'], erase: 'messaging.eraseMessages', export: null, why: 'a carrier receipt waiting for its message: transient' },
  { table: 'conversations', subject: 'contact', personal: ['contact_id'], erase: 'conversations.eraseConversations', export: 'conversations.csv' },
  { table: 'conversation_notes', subject: 'contact', personal: ['body', 'mentioned_user_ids'], erase: 'conversations.eraseConversations', export: 'conversation_notes.csv', why: 'internal notes about the customer; they go with their conversation (foreign key cascade)' },
  { table: 'csat_surveys', subject: 'contact', personal: ['contact_id', 'score', 'message_id'], erase: 'conversations.eraseConversations', export: null, why: 'the satisfaction score the person answered (their answer is also a message, exported as such); it goes with its conversation (foreign key cascade)' },
  { table: 'notifications', subject: 'user', personal: ['user_id', 'actor_user_id', 'note_id'], erase: 'privacy.eraseAccount', export: null, why: 'pointers (who, which note): no text is copied; a contact erasure removes them with the conversation (cascade), a user erasure with the user' },
  { table: 'media', subject: 'contact', personal: ['bytes', 'filename', 'contact_id'], erase: 'media.eraseContactMedia', export: 'media.csv' },
  { table: 'consent_events', subject: 'contact', personal: ['phone_hash', 'evidence', 'contact_id'], erase: 'consent.eraseEvidence', export: 'consent_events.csv', why: 'kept 4 years as keyed hashes (DESIGN: consent evidence survives erasure)' },
  { table: 'suppressions', subject: 'contact', personal: ['phone', 'phone_hash'], erase: 'consent.eraseEvidence', export: 'suppressions.csv', why: 'the keyed hash stays so the number is never texted again' },
  { table: 'pending_opt_ins', subject: 'contact', personal: ['phone', 'evidence'], erase: 'growth.erasePendingOptIns', export: null, why: 'an unconfirmed sign-up: transient (expires)' },
  { table: 'campaign_recipients', subject: 'contact', personal: ['contact_id', 'message_id'], erase: 'campaigns.eraseRecipients', export: 'campaign_recipients.csv' },
  { table: 'pool_senders', subject: 'contact', personal: ['contact_id'], erase: 'messaging.erasePoolSenders', export: null, why: 'sticky-sender assignment: derived routing state' },
  { table: 'links', subject: 'contact', personal: ['contact_id', 'url', 'code'], erase: 'links.eraseContactLinks', export: 'links.csv' },
  { table: 'link_clicks', subject: 'contact', personal: ['ip', 'user_agent', 'contact_id'], erase: 'links.eraseContactLinks', export: 'link_clicks.csv' },
  { table: 'uploads', subject: 'contact', personal: ['filename'], erase: 'imports.eraseImportRows', export: 'imports.csv' },
  { table: 'upload_chunks', subject: 'contact', personal: ['data'], erase: 'imports.eraseImportRows', export: null, why: 'the stored CSV: the person\'s line is redacted; the import summary is exported' },
  { table: 'export_chunks', subject: 'contact', personal: ['data'], erase: 'exports.eraseExports', export: null, why: 'a data export\'s ZIP (a copy of the account\'s or a member\'s data, expires after exportDays): any erasure in the account, a retention run that redacts message bodies, a member\'s removal, and the erasure of a user its audit log names delete every built ZIP of it' },
  { table: 'import_errors', subject: 'contact', personal: ['value', 'row_number'], erase: 'imports.eraseImportRows', export: 'import_errors.csv' },
  { table: 'webhook_deliveries', subject: 'contact', personal: ['payload', 'subject_id'], erase: 'webhooks.eraseSubjectDeliveries', export: null, why: 'webhook bodies sent to the business\'s own endpoints (kept 30 days); the same facts are exported as messages and consent' },
  { table: 'webhook_attempts', subject: 'contact', personal: ['response_excerpt', 'request_headers'], erase: 'webhooks.eraseSubjectDeliveries', export: null, why: 'the delivery log: the business\'s receiver\'s answers (first KB), kept 30 days' },
  { table: 'twilio_inbound_deliveries', subject: 'contact', personal: ['message_id', 'url'], erase: 'twilioCompat.eraseInboundDeliveries', export: null, why: 'Twilio-compatible inbound webhook log (kept 30 days, deleted with the person\'s messages): which text was posted where; the text itself is exported as a message' },
  { table: 'twilio_inbound_attempts', subject: 'contact', personal: ['response_excerpt'], erase: 'twilioCompat.eraseInboundDeliveries', export: null, why: 'the business\'s receiver\'s answers (TwiML, first 64 KB), kept 30 days; the replies it caused are exported as messages' },
  { table: 'outbox', subject: 'contact', personal: ['payload', 'subject_id'], erase: 'outbox.eraseSubjectEvents', export: null, why: 'internal event log; the same facts are exported as messages and consent' },
  { table: 'data_requests', subject: 'contact', personal: ['phone', 'phone_hash', 'email', 'correction', 'contact_id', 'note', 'answer', 'extension_reason', 'denial_reason'], erase: 'dataRequests.eraseDataRequests', export: null, why: 'the record that a privacy request was handled (readable through GET /v1/data-requests): after the person\'s erasure it keeps the number\'s keyed hash, type, decision, dates and answer channels as its proof; phone, email, correction, contact and note are cleared, and what staff wrote on it (extension and denial reasons, the answer: it may quote the person) becomes "[erased with the person\'s data]"' },
  { table: 'data_request_events', subject: 'contact', personal: ['reason'], erase: 'dataRequests.eraseDataRequests', export: null, why: 'the status trail of a request, kept as its proof (step, statuses, time, and actor_label: the staff member or "the person (privacy page)", as in the audit log); the reasons staff wrote on a step (extended, a status move, verified) become "[erased with the person\'s data]" at the person\'s erasure, the fixed reasons the code writes stay; no number' },
  { table: 'data_request_codes', subject: 'contact', personal: ['phone', 'phone_hash', 'ip_hash'], erase: 'dataRequests.eraseDataRequests', export: null, why: 'privacy-page verification codes: transient (purged a day after expiry)' },

  // Logins (users) and what is recorded about them.
  { table: 'users', subject: 'user', personal: ['name', 'email', 'phone', 'password_hash'], erase: 'accounts.eraseUsers', export: 'members.csv' },
  { table: 'sessions', subject: 'user', personal: ['ip', 'user_agent'], erase: 'accounts.eraseUsers', export: 'sessions.csv' },
  { table: 'password_resets', subject: 'user', personal: ['user_id'], erase: 'accounts.eraseUsers', export: null, why: 'one-time token hashes' },
  { table: 'email_changes', subject: 'user', personal: ['new_email'], erase: 'accounts.eraseUsers', export: null, why: 'a pending change of address: transient' },
  { table: 'signup_requests', subject: 'user', personal: ['email', 'owner_name', 'phone', 'business', 'ip', 'user_agent'], erase: 'accounts.eraseUsers', export: null, why: 'a sign-up waiting for its link: expires' },
  { table: 'sign_in_events', subject: 'user', personal: ['ip', 'user_agent'], erase: 'accounts.eraseUsers', export: 'sign_ins.csv' },
  { table: 'policy_acceptances', subject: 'user', personal: ['ip', 'user_agent'], erase: 'privacy.eraseAccount', export: 'policy_acceptances.csv' },
  { table: 'auth_throttle', subject: 'user', personal: ['key'], erase: 'accounts.eraseUsers', export: null, why: 'failed sign-in counters: transient' },
  { table: 'emails', subject: 'user', personal: ['to', 'subject', 'text', 'error'], erase: 'accounts.eraseUsers', export: null, why: 'outgoing mail log, kept EMAIL_LOG_DAYS (30) after sending (email.purge_log; mail never sent as long after it was queued); mail is addressed to users (a user\'s erasure deletes the mail to the address outside accounts, and in other accounts the mail sent or given up on: their mail still queued is sent), except a privacy request\'s answer to the address the person gave: a contact erasure deletes those (dataRequests.eraseDataRequests), and the answer to the deletion itself, queued after the erasure, loses address, body and error once sent over SMTP' },
  { table: 'support_tickets', subject: 'user', personal: ['subject', 'user_id'], erase: 'support.eraseUserInquiries', export: 'support_inquiries.csv' },
  { table: 'support_messages', subject: 'user', personal: ['body', 'user_id'], erase: 'support.eraseUserInquiries', export: 'support_messages.csv' },
  { table: 'support_attachments', subject: 'user', personal: ['bytes', 'filename'], erase: 'support.eraseUserInquiries', export: null, why: 'screenshots sent to the platform operator: listed (type, size) in support_messages, erased with their inquiry' },

  // The account (the business) and what it keeps.
  { table: 'accounts', subject: 'account', personal: ['name', 'legal_name', 'website', 'address'], erase: 'privacy.eraseAccount', export: 'account.json' },
  { table: 'memberships', subject: 'account', personal: ['user_id', 'role'], erase: 'privacy.eraseAccount', export: 'members.csv' },
  { table: 'invitations', subject: 'account', personal: ['email'], erase: 'privacy.eraseAccount', export: 'invitations.csv', why: 'the addresses the business invited: erased with the account, and a login\'s erasure (accounts.eraseUsers, the account deletion of its last account) deletes the invitations to its address spent, revoked or expired in any account; another account\'s open invitation stays until that account revokes it or is erased' },
  { table: 'api_keys', subject: 'account', personal: ['name', 'created_by'], erase: 'privacy.eraseAccount', export: 'api_keys.csv' },
  { table: 'consent_attestations', subject: 'account', personal: ['ip', 'user_agent', 'wording'], erase: 'privacy.eraseAccount', export: 'consent_attestations.csv' },
  { table: 'audit_events', subject: 'account', personal: ['actor_label', 'ip', 'user_agent', 'details'], erase: 'privacy.eraseAccount', export: 'audit_log.csv', why: 'entries name contacts by id only; the chain goes with the account (its deletion certificate is in the platform log)' },
  { table: 'audit_access_pending', subject: 'account', personal: ['actor_label', 'ip', 'user_agent'], erase: 'privacy.eraseAccount', export: null, why: 'reads waiting to join the audit chain (exported once they have)' },
  { table: 'phone_numbers', subject: 'account', personal: ['phone_number'], erase: 'privacy.eraseAccount', export: 'numbers.csv', why: 'the business\'s own sending numbers' },
  { table: 'number_routes', subject: 'account', personal: ['phone_number'], erase: 'privacy.eraseAccount', export: null, why: 'platform routing of the account\'s numbers' },
  { table: 'provider_connections', subject: 'account', personal: ['name', 'credentials', 'settings'], erase: 'privacy.eraseAccount', export: null, why: 'sealed carrier credentials are never exported' },
  { table: 'campaigns', subject: 'account', personal: ['name', 'body', 'audience'], erase: 'privacy.eraseAccount', export: 'campaigns.csv' },
  { table: 'signup_forms', subject: 'account', personal: ['title', 'description', 'consent_wording'], erase: 'privacy.eraseAccount', export: null, why: 'the business\'s form settings' },
  { table: 'link_domains', subject: 'account', personal: ['domain'], erase: 'privacy.eraseAccount', export: null, why: 'the business\'s short-link domain' },
  { table: 'growth_throttle', subject: 'account', personal: ['key'], erase: 'privacy.eraseAccount', export: null, why: 'hashed IP/phone counters: transient' },
  { table: 'operator_account_notes', subject: 'account', personal: ['body'], erase: 'privacy.eraseAccount', export: null, why: 'platform staff notes about the account (operator console): staff-internal, never shown to the account' },
  { table: 'billing_statements', subject: 'account', personal: ['content'], erase: 'privacy.eraseAccount', export: null, why: 'issued monthly statements, stored as issued (the account\'s name at the time, usage lines, payments with the provider\'s reference): accounting records, read at GET /v1/billing/statements (CSV, PDF), erased with the account' },
];

/**
 * Tables whose column names look personal but hold none: a reason each. Account deletion
 * still erases every row of the account in them (it walks every table with account_id).
 */
export const NOT_PERSONAL: Readonly<Record<string, string>> = {
  policy_documents: 'the platform\'s published policy texts (name/body are the document\'s)',
  segments: 'a named audience rule of the business',
  canned_replies: 'the business\'s reply templates (merge fields are filled in only when inserted)',
  labels: 'inbox labels of the business (name, colour)',
  teams: 'inbox teams of the business (a team name such as "Billing"; members are memberships)',
  custom_fields: 'field definitions of the business',
  join_keywords: 'the business\'s keyword settings (program name)',
  signup_form_routes: 'platform routing of a form slug',
  number_pools: 'a named group of the business\'s numbers',
  number_pool_members: 'numbers of a pool',
  link_settings: 'whether the account keeps click IPs (a setting, not an IP)',
  retention_settings: 'retention periods (message_body_days is a number of days)',
  operators: 'platform staff (the operator console): staff logins of the platform itself, managed by admin operators, not data of a customer or of the people it texts',
  operator_sessions: "platform staff sessions (ip, user agent of an operator's sign-in), not customer data",
  account_notices: 'trust & safety notices the platform wrote to the business (enforcement decisions and reasons), about the account, not a person',
  account_reviews: 'trust & safety reviews of the account: counts and thresholds, and as examples only a pattern\'s own words (a shortener domain, a SHAFT term, a phishing phrase without the text between its words: signals.ts scanContent), no text of a message beyond them',
  appeals: 'the subject line of the business\'s appeal of an enforcement decision (its messages are appeal_messages), erased with the account',
  credit_entries: 'the account\'s credit ledger (amounts, the payment provider and its reference, an operator\'s description of an adjustment), erased with the account',
  business_transfers: 'a merger or sale recorded by operators: the acquirer (a company) and the description mailed to every user; about businesses, not a person',
  appeal_messages: 'the business\'s correspondence with trust & safety about an enforcement decision (kept as evidence; erased with the account)',
  webhook_endpoints: 'the business\'s own receiver URLs (and their settings)',
  twilio_status_callbacks: 'status callbacks of a message to the URL the business gave (its status, attempts): no number or text, the request is built from the message when it is sent',
  data_exports: 'an export\'s scope (account or me), status and error; the ZIP itself is export_chunks',
  sla_policies: 'the business\'s SLA policies (a title, first-response and resolution minutes)',
  sending_holds: 'a hold on the account\'s sending (kind, the reason trust & safety or an operator gave, who placed and lifted it): about the account, erased with the account',
  account_enforcement: 'the account\'s enforcement state and the operator\'s reason: about the account (a business), erased with the account',
  enforcement_actions: 'every enforcement action on the account (the operator\'s reason and label): about the account (a business), erased with the account',
  platform_audit_events: 'platform events (operators, unknown-email sign-in failures, account deletion certificates): they name no contact',
  number_give_backs: 'a number West Message bought for an erased business (the carrier\'s, not a person\'s) that its carrier has not taken back yet, with its carrier id and the connection\'s sealed credentials: kept past the account\'s erasure (KEPT_TABLES) until given back, then deleted',
};

/**
 * Tables that may hold personal data and that no erasure touches, with what they hold, why they
 * are kept and for how long. Staff may name a person in their free text; the record is kept
 * anyway, as the platform's legal record.
 */
export interface KeptTable {
  table: string;
  personal: readonly string[];
  why: string;
  /** How long the rows are kept. */
  kept: string;
}

export const KEPT_RECORDS: readonly KeptTable[] = [
  {
    table: 'legal_requests',
    personal: ['authority', 'legal_basis', 'scope', 'disclosed'],
    kept: 'without end: no retention period is set',
    why: 'a legal request received by the platform (subpoena, court order) as operators recorded it: who asked, on what basis, the scope asked and what was disclosed, free text that may name a person (a number, an address, a name). '
      + 'A platform table: no contact, user or account erasure changes it (the exceptions for a legal obligation and for legal claims, GDPR Art. 17(3)(b) and (e)); '
      + 'account deletion keeps its link to the account (legal_request_accounts). Not in any export: operators read it (/v1/operator/legal-requests); '
      + 'the owners\' notice mail repeats scope and disclosure and follows the email log\'s rule; /legal/transparency shows only counts',
  },
];

/** The tables a contact erasure touches, in the data map's order. */
export const contactTables = (): string[] => PERSONAL_DATA.filter((t) => t.subject === 'contact').map((t) => t.table);
