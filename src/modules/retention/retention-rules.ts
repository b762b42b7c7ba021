/**
 * An account's retention rules (issue 10) and the instants they cut at. Pure: the service
 * and its dry run compute the same cut-offs from the same clock, so a preview counts exactly
 * what the daily job then does.
 */
export interface RetentionSettings {
  /** Message bodies (and the media the messages carried) are redacted this many days after the message. */
  messageBodyDays: number | null;
  /** Uploaded files are deleted this many days after the upload: import CSVs, and MMS uploads once no message or unfinished campaign lists them. */
  uploadDays: number | null;
  /** Contacts with no message and no consent activity for this many months are erased. */
  inactiveContactMonths: number | null;
  /** Data exports (download links and their files) expire this many days after they are built (applied by exports). */
  exportDays: number | null;
}

/**
 * Off (null) unless there is no reason to keep the data: an uploaded CSV (every column of every
 * row, refused rows included) serves only its import and the look at its errors right after,
 * so it goes after 30 days — the contacts it created stay; an export is a complete copy of
 * personal data, so its link lives 7 days. Message bodies and contacts are the business's own
 * records (some must keep them): the owner chooses.
 */
export const RETENTION_DEFAULTS: RetentionSettings = { messageBodyDays: null, uploadDays: 30, inactiveContactMonths: null, exportDays: 7 };

export const RETENTION_LIMITS = {
  messageBodyDays: { min: 1, max: 3650 },
  uploadDays: { min: 1, max: 3650 },
  inactiveContactMonths: { min: 1, max: 120 },
  exportDays: { min: 1, max: 365 },
} as const;

export interface Cutoffs {
  messageBodies: Date | null;
  uploads: Date | null;
  inactiveContacts: Date | null;
  exports: Date | null;
}

const DAY = 86_400_000;
const daysBefore = (now: Date, days: number | null) => (days === null ? null : new Date(now.getTime() - days * DAY));

/** Calendar months back in UTC; a day past the target month's end lands on its last day (31 March − 1 month = 28/29 February). */
export function monthsBefore(now: Date, months: number): Date {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth() - months;
  const target = new Date(Date.UTC(y, m, 1, now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds(), now.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(now.getUTCDate(), lastDay));
  return target;
}

/** What is older than these instants goes (null: the rule is off). */
export function cutoffsOf(s: RetentionSettings, now: Date): Cutoffs {
  return {
    messageBodies: daysBefore(now, s.messageBodyDays),
    uploads: daysBefore(now, s.uploadDays),
    inactiveContacts: s.inactiveContactMonths === null ? null : monthsBefore(now, s.inactiveContactMonths),
    exports: daysBefore(now, s.exportDays),
  };
}
