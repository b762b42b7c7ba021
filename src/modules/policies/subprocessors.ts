/**
 * The platform's sub-processors (the public list at /legal/subprocessors), kept as a versioned
 * config file: a change is a reviewed commit that edits SUBPROCESSORS and adds a dated line to
 * SUBPROCESSOR_CHANGES (newest first). A self-hosting operator edits this file for their own
 * email relay and hosting. Which carrier received which message of an account is recorded per
 * message (messages.connection_id) and shown to the account in Settings → Sub-processors.
 */
export type SubprocessorCategory = 'carrier' | 'email' | 'hosting';

export interface Subprocessor {
  name: string;
  category: SubprocessorCategory;
  purpose: string;
  /** What personal data it receives. */
  data: string;
  location: string;
  /** The date it was added to the list (YYYY-MM-DD). */
  since: string;
}

export interface SubprocessorChange {
  date: string;
  change: string;
}

export const SUBPROCESSORS: readonly Subprocessor[] = [
  {
    name: 'Twilio Inc.', category: 'carrier', since: '2026-11-01', location: 'United States',
    purpose: 'Delivers and receives text messages (SMS/MMS) for accounts that connect a Twilio account.',
    data: 'Phone numbers, message bodies and media of the messages it carries.',
  },
  {
    name: "SMPP carriers chosen by an account", category: 'carrier', since: '2026-11-01', location: 'As agreed between the account and its carrier',
    purpose: 'Deliver and receive text messages for accounts that connect their own carrier over SMPP.',
    data: 'Phone numbers and message bodies of the messages they carry.',
  },
  {
    name: "The operator's email relay (SMTP)", category: 'email', since: '2026-11-01', location: 'Where the operator runs it',
    purpose: 'Sends account email: sign-up and sign-in notices, invitations, password resets, policy updates, exports.',
    data: 'Names and email addresses of users; the content of those emails.',
  },
  {
    name: "The operator's hosting provider", category: 'hosting', since: '2026-11-01', location: 'Where the operator runs West Message',
    purpose: 'Runs the servers, the database and the file storage.',
    data: 'All data the platform holds, encrypted at rest where the platform says so.',
  },
];

export const SUBPROCESSOR_CHANGES: readonly SubprocessorChange[] = [
  { date: '2026-11-30', change: 'Published the list on its own page, with the date of each change.' },
  { date: '2026-11-01', change: 'First list: Twilio, SMPP carriers chosen by accounts, the email relay and the hosting provider.' },
];

/** The list as last changed. */
export const subprocessorsLastUpdated = () => SUBPROCESSOR_CHANGES[0].date;
