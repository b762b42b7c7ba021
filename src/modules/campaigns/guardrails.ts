/**
 * Campaign guardrails, pure rules (issue 9): within the window, a running campaign pauses itself
 * when a rate crosses the account's threshold — once at least `minSample` texts were attempted.
 * Carrier filtering is checked first (its texts also count as failures), then opt-outs, then failures.
 */
export interface GuardrailSettings {
  optOutRate: number | null;
  filteredRate: number | null;
  failureRate: number | null;
  minSample: number;
  windowMinutes: number;
}

/** What happened to a campaign's texts within the window. */
export interface WindowCounts {
  /** Texts handed to a carrier (sent_at within the window). */
  sent: number;
  /** `sent` plus texts refused at submission (failed without ever being sent). */
  attempted: number;
  /** Failed or undelivered. */
  failed: number;
  /** Of those, filtered by a carrier (Twilio 30007, SMPP rejections). */
  filtered: number;
  /** Opt-outs of the campaign's recipients. */
  optOuts: number;
}

export type GuardrailReason = 'filtered_rate' | 'opt_out_rate' | 'failure_rate';

/** Every reason a campaign is paused for: a teammate, a guardrail, or its number released (the web app names each). */
export const PAUSE_REASONS = ['manual', 'filtered_rate', 'opt_out_rate', 'failure_rate', 'number_released'] as const satisfies ReadonlyArray<'manual' | GuardrailReason | 'number_released'>;
export type PauseReason = (typeof PAUSE_REASONS)[number];

export interface Tripped { reason: GuardrailReason; rate: number; threshold: number; count: number; sample: number; windowMinutes: number }

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** The first guardrail the counts cross, or null. */
export function trippedGuardrail(g: GuardrailSettings, c: WindowCounts): Tripped | null {
  if (c.attempted < g.minSample) return null;
  const checks: Array<[GuardrailReason, number | null, number, number]> = [
    ['filtered_rate', g.filteredRate, c.filtered, c.attempted],
    ['opt_out_rate', g.optOutRate, c.optOuts, c.sent],
    ['failure_rate', g.failureRate, c.failed, c.attempted],
  ];
  for (const [reason, threshold, count, sample] of checks) {
    if (threshold === null || sample === 0) continue;
    const rate = count / sample;
    if (rate > threshold) return { reason, rate: round(rate), threshold, count, sample, windowMinutes: g.windowMinutes };
  }
  return null;
}

const LABELS: Record<GuardrailReason, string> = {
  filtered_rate: 'carrier filtering',
  opt_out_rate: 'opt-out rate',
  failure_rate: 'failure rate',
};

/** One sentence for the owner's email and the web app. */
export function describeTrip(t: Tripped): string {
  const pct = (x: number) => `${(x * 100).toFixed(1).replace(/\.0$/, '')}%`;
  return `Its ${LABELS[t.reason]} reached ${pct(t.rate)} (${t.count} of ${t.sample} texts in the last ${t.windowMinutes} minutes), above the ${pct(t.threshold)} limit.`;
}
