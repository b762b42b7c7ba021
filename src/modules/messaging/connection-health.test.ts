import { describe, expect, it } from 'vitest';
import type { SendResult } from '../../providers/provider.js';
import { batchHealth, initialHealth, mayFailOver, nextHealth, probeDelayMs, routeDecision, statusOf, type Health, type HealthEvent } from './connection-health.js';

const CFG = { failureThreshold: 3, probeBaseMs: 100, probeMaxMs: 1000 };
const ok = (n: number): SendResult[] => Array.from({ length: n }, (_, i) => ({ reference: `ok${i}`, ok: true, providerMessageId: `p${i}` }));
const fail = (code: string, extra: Partial<Extract<SendResult, { ok: false }>> = {}): SendResult => ({ reference: code, ok: false, transient: true, code, message: code, ...extra });
const batch = (results: SendResult[], at = 0) => batchHealth(results, at);

describe('batchHealth', () => {
  it.each([
    // [results, accepted, failed, fatal, error code]
    [ok(3), 3, 0, false, null],
    [[...ok(2), fail('carrier_unavailable', { notAccepted: true })], 2, 1, false, 'carrier_unavailable'],
    [[fail('timeout')], 0, 1, false, 'timeout'], // an unknown outcome counts as a failure of the connection
    [[{ reference: 'x', ok: false, transient: false, code: 'outcome_unknown', message: 'lost' }], 0, 1, false, 'outcome_unknown'],
    [[{ reference: 'x', ok: false, transient: false, code: 'invalid_recipient', message: 'bad To' }], 1, 0, false, null], // an answer: the carrier is up
    [[...ok(5), fail('auth_failed', { notAccepted: true })], 0, 1, true, 'auth_failed'], // refused credentials: at once
    [[{ reference: 'x', ok: false, transient: false, code: 'invalid_credentials', message: 'bad' }], 0, 1, true, 'invalid_credentials'],
  ] as const)('%j → accepted %i, failed %i, fatal %s', (results, accepted, failed, fatal, code) => {
    const e = batch(results as SendResult[]);
    expect({ accepted: e.accepted, failed: e.failed, fatal: e.fatal, code: e.error?.code ?? null }).toEqual({ accepted, failed, fatal, code });
  });
});

describe('circuit', () => {
  // Each row: a sequence of events from a closed circuit → state, consecutive failures, probes, stored status.
  const b = (results: SendResult[], at = 0): HealthEvent => batch(results, at);
  const F = fail('carrier_unavailable', { notAccepted: true });
  it.each<[string, HealthEvent[], Health['state'], number, number]>([
    ['successes stay closed', [b(ok(10)), b(ok(1))], 'closed', 0, 0],
    ['failures below the threshold', [b([F, F])], 'closed', 2, 0],
    ['a success ends a run of failures', [b([F, F]), b(ok(1)), b([F])], 'closed', 1, 0],
    ['failures after successes in one batch count (down mid-batch)', [b([...ok(4), F, F, F])], 'open', 0, 0],
    ['the threshold across batches opens', [b([F]), b([F]), b([F])], 'open', 0, 0],
    ['refused credentials open at once', [b([fail('auth_failed')])], 'open', 0, 0],
    ['a late success while open does not close it', [b([F, F, F]), b(ok(3))], 'open', 0, 0],
    ['a due probe is half-open', [b([F, F, F]), { type: 'probe_started', at: 100 }], 'half_open', 0, 0],
    ['a successful probe closes it', [b([F, F, F]), { type: 'probe_started', at: 100 }, { type: 'probe', at: 101, ok: true }], 'closed', 0, 0],
    ['a failed probe re-opens it with a longer delay', [b([F, F, F]), { type: 'probe_started', at: 100 }, { type: 'probe', at: 101, ok: false, error: { code: 'unreachable', message: 'x' } }], 'open', 0, 1],
    ['a session down opens it', [{ type: 'session', at: 0, up: false, error: { code: 'unbound', message: 'x' } }], 'open', 0, 0],
    ['a session up closes it', [{ type: 'session', at: 0, up: false, error: { code: 'unbound', message: 'x' } }, { type: 'session', at: 5, up: true }], 'closed', 0, 0],
    ['a probe result without a probe is ignored', [{ type: 'probe', at: 1, ok: false }], 'closed', 0, 0],
  ])('%s', (_name, events, state, failures, probes) => {
    const h = events.reduce((acc, e) => nextHealth(acc, e, CFG), initialHealth());
    expect({ state: h.state, failures: h.failures, probes: h.probes }).toEqual({ state, failures, probes });
    expect(statusOf(h)).toBe(state === 'closed' ? 'connected' : 'error');
  });

  it('keeps the last error and when; a stored error starts open with a probe due now', () => {
    const h = nextHealth(initialHealth(), batch([fail('carrier_unavailable'), fail('throttled'), fail('carrier_unavailable')], 42), CFG);
    expect(h.lastError).toEqual({ code: 'carrier_unavailable', message: 'carrier_unavailable', at: 42 });
    expect(h.nextProbeAt).toBe(42 + 100);
    const stored = initialHealth('error', 500, { code: 'auth_failed', message: 'no', at: 1 });
    expect([stored.state, routeDecision(stored, 500)]).toEqual(['open', 'probe']);
  });

  it.each([
    // [probes failed, delay]: doubles from the base, capped
    [0, 100], [1, 200], [2, 400], [3, 800], [4, 1000], [40, 1000],
  ])('probe delay after %i failed probes: %i ms', (probes, delay) => {
    expect(probeDelayMs(probes, CFG)).toBe(delay);
  });

  it.each<[Health['state'], number, number, 'send' | 'probe' | 'down']>([
    ['closed', 0, 0, 'send'], ['open', 100, 50, 'down'], ['open', 100, 100, 'probe'], ['half_open', 0, 500, 'down'],
  ])('route: %s with a probe at %i, now %i → %s', (state, nextProbeAt, now, decision) => {
    expect(routeDecision({ state, failures: 0, probes: 0, nextProbeAt, lastError: null }, now)).toBe(decision);
  });
});

describe('mayFailOver (exactly once across connections)', () => {
  it.each<[string, SendResult, boolean, boolean]>([
    ['accepted', { reference: 'a', ok: true, providerMessageId: 'x' }, false, false],
    ['503 answered (not accepted)', fail('carrier_unavailable', { notAccepted: true }), false, true],
    ['429 answered', fail('throttled', { notAccepted: true }), false, true],
    ['connection refused before sending', fail('network_error', { notAccepted: true }), false, true],
    ['SMPP session not bound', fail('not_connected', { notAccepted: true }), false, true],
    ['refused credentials (401)', fail('auth_failed', { notAccepted: true }), false, true],
    ['timeout after the request was sent (unknown)', fail('timeout'), false, false],
    ['connection reset after the write (unknown)', fail('connection_lost'), false, false],
    ['outcome unknown, resent by configuration', fail('outcome_unknown'), false, false],
    ['final refusal (invalid number)', { reference: 'a', ok: false, transient: false, code: 'invalid_recipient', message: 'x', notAccepted: true }, false, false],
    ['not accepted now, but an earlier attempt may be at the connection', fail('carrier_unavailable', { notAccepted: true }), true, false],
  ])('%s → %s', (_name, r, pinned, expected) => {
    expect(mayFailOver(r, pinned)).toBe(expected);
  });
});
