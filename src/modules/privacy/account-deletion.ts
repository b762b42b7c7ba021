/** Rules of an account's deletion (pure; table-driven tests in account-deletion-rules.test.ts). */

export interface DeletionState { pending: boolean; requestedAt: string | null; scheduledFor: string | null }

/** Reminders before the erasure: days before it, in order. */
export const REMINDERS = [
  { daysBefore: 7, label: '7 days' },
  { daysBefore: 1, label: '1 day' },
] as const;

export type Stage = { kind: 'wait' } | { kind: 'erase' } | { kind: 'remind'; reminders: number; label: string };

/**
 * What a pending deletion needs now: erasure once due; otherwise the latest reminder whose time
 * has come and that was not sent (a late run sends only the latest, once); otherwise nothing.
 */
export function deletionStage(scheduledFor: Date, now: Date, remindersSent: number): Stage {
  if (now.getTime() >= scheduledFor.getTime()) return { kind: 'erase' };
  const left = scheduledFor.getTime() - now.getTime();
  let due = 0;
  REMINDERS.forEach((r, i) => { if (left <= r.daysBefore * 86_400_000) due = i + 1; });
  if (due > remindersSent) return { kind: 'remind', reminders: due, label: REMINDERS[due - 1].label };
  return { kind: 'wait' };
}

/** Consent evidence of an erased account is kept 4 years (DESIGN), then purged. */
export const EVIDENCE_YEARS = 4;
export function evidenceExpired(erasedAt: Date, now: Date): boolean {
  const until = new Date(erasedAt);
  until.setUTCFullYear(until.getUTCFullYear() + EVIDENCE_YEARS);
  return now.getTime() >= until.getTime();
}

/**
 * A number an erased account bought through West Message that its carrier did not take back yet is tried again after
 * 1 h, 2 h, 4 h … at most a day apart (the account-deletions job runs hourly), until the carrier takes it.
 */
/**
 * Tries after which a kept give-back is abandoned (about four weeks at the schedule above): its record and the sealed
 * credentials go — a carrier refusing that long (credentials revoked by the business, the number gone) will not change,
 * and the credentials are not kept for ever.
 */
export const GIVE_BACK_MAX_ATTEMPTS = 30;
export const giveBackAbandoned = (attempts: number): boolean => attempts >= GIVE_BACK_MAX_ATTEMPTS;

export function giveBackRetryAt(attempts: number, now: Date): Date {
  const hours = Math.min(24, 2 ** Math.max(0, attempts - 1));
  return new Date(now.getTime() + hours * 3_600_000);
}
