import { describe, expect, it } from 'vitest';
import { describeTrip, trippedGuardrail, type GuardrailSettings, type WindowCounts } from './guardrails.js';

const g: GuardrailSettings = { optOutRate: 0.05, filteredRate: 0.05, failureRate: 0.2, minSample: 20, windowMinutes: 60 };
const c = (o: Partial<WindowCounts>): WindowCounts => ({ sent: 100, attempted: 100, failed: 0, filtered: 0, optOuts: 0, ...o });

describe('campaign guardrails', () => {
  it.each([
    ['healthy', g, c({ failed: 5, filtered: 2, optOuts: 3 }), null],
    ['below the sample: nothing judged', g, c({ sent: 19, attempted: 19, failed: 19 }), null],
    ['at the threshold is not over it', g, c({ optOuts: 5 }), null],
    ['opt-outs over', g, c({ optOuts: 6 }), 'opt_out_rate'],
    ['filtered over (checked before failures)', g, c({ failed: 30, filtered: 6 }), 'filtered_rate'],
    ['failures over', g, c({ failed: 21, filtered: 1 }), 'failure_rate'],
    ['opt-outs over sent, not attempted', g, c({ sent: 50, attempted: 100, optOuts: 3 }), 'opt_out_rate'],
    ['a check that is off', { ...g, optOutRate: null }, c({ optOuts: 50 }), null],
    ['nothing sent: no opt-out rate', g, c({ sent: 0, attempted: 30, failed: 1, optOuts: 2 }), null],
  ] as const)('%s', (_name, settings, counts, reason) => {
    expect(trippedGuardrail(settings, counts)?.reason ?? null).toBe(reason);
  });

  it('describes the trip with its figures', () => {
    const t = trippedGuardrail(g, c({ optOuts: 8 }))!;
    expect(t).toEqual({ reason: 'opt_out_rate', rate: 0.08, threshold: 0.05, count: 8, sample: 100, windowMinutes: 60 });
    expect(describeTrip(t)).toBe('Its opt-out rate reached 8% (8 of 100 texts in the last 60 minutes), above the 5% limit.');
  });
});
