import { describe, expect, it } from 'vitest';
import { gateBatch, isStatutoryReply, type GateState } from './hand-over-gate.js';

const K = 'keyword_reply';
const C = 'conversational';
const M = 'marketing';
const row = (id: string, kind: string, cost = 10) => ({ id, kind, cost });
const batch = [row('k1', K), row('c1', C), row('m1', M), row('c2', C), row('k2', K, 30)];

describe('gateBatch', () => {
  const cases: Array<[string, GateState, string[], boolean]> = [
    ['no hold, not prepaid: everything goes', { held: false, terminated: false, credits: null }, ['k1', 'c1', 'm1', 'c2', 'k2'], false],
    ['held (suspension or credits): keyword replies only', { held: true, terminated: false, credits: null }, ['k1', 'k2'], false],
    ['held and prepaid: keyword replies only, no second hold asked', { held: true, terminated: false, credits: -5 }, ['k1', 'k2'], false],
    ['terminated: nothing, keyword replies included', { held: true, terminated: true, credits: null }, [], false],
    ['terminated without a hold row read: nothing', { held: false, terminated: true, credits: 1000 }, [], false],
    ['credits exhausted (zero), no hold yet: keyword replies, and the hold asked for', { held: false, terminated: false, credits: 0 }, ['k1', 'k2'], true],
    ['credits below zero: the same', { held: false, terminated: false, credits: -100 }, ['k1', 'k2'], true],
    ['plenty of credits: everything goes', { held: false, terminated: false, credits: 1000 }, ['k1', 'c1', 'm1', 'c2', 'k2'], false],
    // Keyword replies use 40 first; 41 leaves room for one text (40 < 41), which crosses zero.
    ['credits for one text beyond the replies: it goes and crosses zero', { held: false, terminated: false, credits: 41 }, ['k1', 'c1', 'k2'], false],
    ['credits exactly the replies: no other text', { held: false, terminated: false, credits: 40 }, ['k1', 'k2'], false],
    ['credits for two texts and part of a third: three go', { held: false, terminated: false, credits: 65 }, ['k1', 'c1', 'm1', 'c2', 'k2'], false],
    ['credits for one and part of a second: two go', { held: false, terminated: false, credits: 55 }, ['k1', 'c1', 'm1', 'k2'], false],
    // Other hand-overs' texts not recorded yet reserve part of the balance: this batch spends the rest.
    ['credits 65, 10 reserved by another hand-over: as with 55', { held: false, terminated: false, credits: 65, reserved: 10 }, ['k1', 'c1', 'm1', 'k2'], false],
    ['credits all reserved by another hand-over: keyword replies, no hold asked (not exhausted)', { held: false, terminated: false, credits: 65, reserved: 65 }, ['k1', 'k2'], false],
    ['more reserved than the balance: the same', { held: false, terminated: false, credits: 20, reserved: 80 }, ['k1', 'k2'], false],
    ['not prepaid: a reservation changes nothing', { held: false, terminated: false, credits: null, reserved: 50 }, ['k1', 'c1', 'm1', 'c2', 'k2'], false],
  ];
  it.each(cases)('%s', (_name, state, going, exhausted) => {
    const r = gateBatch(batch, state, (x) => x.cost);
    expect(r.go.map((x) => x.id)).toEqual(going);
    expect(r.back.map((x) => x.id)).toEqual(batch.filter((x) => !going.includes(x.id)).map((x) => x.id));
    expect(r.exhausted).toBe(exhausted);
  });

  // Which keyword replies are owed under a hold: STOP/START/HELP answers and replies naming no keyword (a privacy code).
  it.each([
    [{ kind: K, keyword: { kind: 'opt_out' } }, true],
    [{ kind: K, keyword: { kind: 'opt_in' } }, true],
    [{ kind: K, keyword: { kind: 'help' } }, true],
    [{ kind: K, keyword: null }, true],
    [{ kind: K }, true],
    [{ kind: K, keyword: { kind: 'custom' } }, false],
    [{ kind: K, keyword: { kind: 'join' } }, false],
    [{ kind: C, keyword: null }, false],
    [{ kind: M, keyword: { kind: 'opt_out' } }, false],
  ])('isStatutoryReply(%o) is %s', (r, owed) => expect(isStatutoryReply(r)).toBe(owed));

  it('held: a custom or join keyword\'s answer waits with the other texts', () => {
    const rows = [{ id: 'stop', kind: K, keyword: { kind: 'opt_out' } }, { id: 'menu', kind: K, keyword: { kind: 'custom' } }, { id: 'join', kind: K, keyword: { kind: 'join' } }, { id: 'c', kind: C, keyword: null }];
    const r = gateBatch(rows, { held: true, terminated: false, credits: null }, () => 1);
    expect(r.go.map((x) => x.id)).toEqual(['stop']);
    expect(r.back.map((x) => x.id)).toEqual(['menu', 'join', 'c']);
  });

  it('an empty batch', () => {
    expect(gateBatch([], { held: false, terminated: false, credits: 0 }, () => 1)).toEqual({ go: [], back: [], exhausted: true });
  });
});
