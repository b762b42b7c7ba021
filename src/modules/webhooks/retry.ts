/**
 * When a failed delivery is tried again: immediately (the first attempt), then 5 s, 5 min,
 * 30 min, 2 h, 5 h, 10 h and 10 h after each failure (8 attempts in all, ~27.6 h). A
 * `Retry-After` answer (seconds or an HTTP date) moves the next attempt later, never earlier,
 * and at most a day away.
 */
export const RETRY_DELAYS_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
const MAX_RETRY_AFTER_MS = 86_400_000;
/** An endpoint that has failed (no success in between) for this long is switched off. */
export const DISABLE_AFTER_MS = 5 * 86_400_000;

/** Milliseconds a `Retry-After` value asks for (null when absent or unreadable). */
export function retryAfterMs(value: string | null, now: Date): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d{1,10}$/.test(v)) return Math.min(Number(v) * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(v);
  if (!/[a-z]/i.test(v) || Number.isNaN(at)) return null;
  return Math.min(Math.max(0, at - now.getTime()), MAX_RETRY_AFTER_MS);
}

/** The time of the next attempt after `attempts` failed ones, or null when the schedule is spent. */
export function nextAttemptAt(attempts: number, now: Date, retryAfter: string | null): Date | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  const scheduled = RETRY_DELAYS_MS[attempts - 1];
  const asked = retryAfterMs(retryAfter, now) ?? 0;
  return new Date(now.getTime() + Math.max(scheduled, asked));
}

export type Outcome = 'succeeded' | 'retry' | 'failed' | 'gone';

/** What an attempt's answer means: 2xx done; 410 the endpoint is gone; anything else (or no answer) is tried again. */
export function outcomeOf(status: number | null, attempts: number): Outcome {
  if (status !== null && status >= 200 && status < 300) return 'succeeded';
  if (status === 410) return 'gone';
  return attempts >= MAX_ATTEMPTS ? 'failed' : 'retry';
}
