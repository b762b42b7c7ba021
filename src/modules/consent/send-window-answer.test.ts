import { describe, expect, it } from 'vitest';
import { accountHoursProblem, frequencyAllows, ruleNameOf, sendWindowAt, type AccountHours, type WindowRuleName } from './send-window.js';

const NY = 'America/New_York';
const CHI = 'America/Chicago';
const PHX = 'America/Phoenix';
const HNL = 'Pacific/Honolulu';

// 2026: DST starts Sunday March 8 (02:00 → 03:00), ends Sunday November 1 (02:00 → 01:00). Arizona and Hawaii keep no DST.
describe('sendWindowAt — statutory windows across DST', () => {
  it.each<[string, string, string | null, string, boolean, string, WindowRuleName]>([
    // [label, zone, region, at (UTC), allowed, nextAllowedAt (UTC), rule]
    ['federal: 01:30 EST on spring-forward day → 08:00 EDT', NY, 'US-NY', '2026-03-08T06:30:00Z', false, '2026-03-08T12:00:00Z', 'TCPA'],
    ['federal: 07:59 EDT → 08:00 EDT', NY, 'US-NY', '2026-03-08T11:59:00Z', false, '2026-03-08T12:00:00Z', 'TCPA'],
    ['federal: 08:00 EDT allowed', NY, 'US-NY', '2026-03-08T12:00:00Z', true, '2026-03-08T12:00:00Z', 'TCPA'],
    ['federal: second 01:30 (EST) on fall-back day → 08:00 EST', NY, 'US-NY', '2026-11-01T06:30:00Z', false, '2026-11-01T13:00:00Z', 'TCPA'],
    ['federal: 20:59 EST on fall-back day allowed', NY, null, '2026-11-02T01:59:00Z', true, '2026-11-02T01:59:00Z', 'TCPA'],
    ['federal: 21:00 EST (end exclusive) → next 08:00', NY, null, '2026-11-02T02:00:00Z', false, '2026-11-02T13:00:00Z', 'TCPA'],
    ['Florida: 19:59 EDT allowed', NY, 'US-FL', '2026-03-08T23:59:00Z', true, '2026-03-08T23:59:00Z', 'FL'],
    ['Florida: 20:00 EDT → next 08:00 EDT', NY, 'US-FL', '2026-03-09T00:00:00Z', false, '2026-03-09T12:00:00Z', 'FL'],
    ['Florida: 20:00 EST the eve of spring-forward → 08:00 EDT', NY, 'US-FL', '2026-03-08T01:00:00Z', false, '2026-03-08T12:00:00Z', 'FL'],
    ['Florida: 20:30 EDT the eve of fall-back → 08:00 EST', NY, 'US-FL', '2026-11-01T00:30:00Z', false, '2026-11-01T13:00:00Z', 'FL'],
    ['Florida panhandle (Central): 20:30 CDT → 08:00 CDT', CHI, 'US-FL', '2026-07-16T01:30:00Z', false, '2026-07-16T13:00:00Z', 'FL'],
    ['Oklahoma: 20:00 CST the eve of spring-forward → 08:00 CDT', CHI, 'US-OK', '2026-03-08T02:00:00Z', false, '2026-03-08T13:00:00Z', 'OK'],
    ['Oklahoma: 20:30 CDT the eve of fall-back → 08:00 CST', CHI, 'US-OK', '2026-11-01T01:30:00Z', false, '2026-11-01T14:00:00Z', 'OK'],
    ['Oklahoma: 19:59 CST allowed', CHI, 'US-OK', '2026-11-02T01:59:00Z', true, '2026-11-02T01:59:00Z', 'OK'],
    ['Oklahoma: 20:59 CST is outside (Texas would be inside)', CHI, 'US-OK', '2026-11-02T02:59:00Z', false, '2026-11-02T14:00:00Z', 'OK'],
    ['Arizona: 07:59 MST in March → 08:00 MST (15:00 UTC)', PHX, 'US-AZ', '2026-03-08T14:59:00Z', false, '2026-03-08T15:00:00Z', 'TCPA'],
    ['Arizona: 07:59 MST in July → still 15:00 UTC (no DST)', PHX, 'US-AZ', '2026-07-15T14:59:00Z', false, '2026-07-15T15:00:00Z', 'TCPA'],
    ['Arizona: 21:00 on Oct 31 → Nov 1 08:00 MST (15:00 UTC)', PHX, 'US-AZ', '2026-11-01T04:00:00Z', false, '2026-11-01T15:00:00Z', 'TCPA'],
    ['Arizona: 20:59 on spring-forward day allowed', PHX, 'US-AZ', '2026-03-09T03:59:00Z', true, '2026-03-09T03:59:00Z', 'TCPA'],
    ['Hawaii: 07:59 HST on spring-forward day → 18:00 UTC', HNL, 'US-HI', '2026-03-08T17:59:00Z', false, '2026-03-08T18:00:00Z', 'TCPA'],
    ['Hawaii: 21:00 on Oct 31 → Nov 1 08:00 HST', HNL, 'US-HI', '2026-11-01T07:00:00Z', false, '2026-11-01T18:00:00Z', 'TCPA'],
    ['Hawaii: 20:59 allowed', HNL, 'US-HI', '2026-07-16T06:59:00Z', true, '2026-07-16T06:59:00Z', 'TCPA'],
  ])('%s', (_label, zone, region, at, allowed, next, rule) => {
    expect(sendWindowAt(new Date(at), zone, region)).toEqual({ allowed, nextAllowedAt: new Date(next), rule });
  });
});

describe('sendWindowAt — the account\'s own hours on top', () => {
  const office: AccountHours = { start: '09:00', end: '17:00' };
  it.each<[string, string, string | null, AccountHours, string, boolean, string, WindowRuleName]>([
    ['08:30 EDT: federal open, account closed', NY, 'US-NY', office, '2026-03-09T12:30:00Z', false, '2026-03-09T13:00:00Z', 'account'],
    ['17:00 EDT: account closed → next day 09:00', NY, 'US-NY', office, '2026-03-09T21:00:00Z', false, '2026-03-10T13:00:00Z', 'account'],
    ['22:00 EDT: federal closed → next account opening 09:00', NY, 'US-NY', office, '2026-03-09T02:00:00Z', false, '2026-03-09T13:00:00Z', 'TCPA'],
    ['12:00 EDT allowed', NY, 'US-NY', office, '2026-03-09T16:00:00Z', true, '2026-03-09T16:00:00Z', 'TCPA'],
    ['Florida with wider account hours: FL bounds them', NY, 'US-FL', { start: '07:00', end: '20:30' }, '2026-07-16T00:15:00Z', false, '2026-07-16T12:00:00Z', 'FL'],
    ['Hawaii account hours 10:00–18:00: 09:00 HST → 10:00', HNL, 'US-HI', { start: '10:00', end: '18:00' }, '2026-03-08T19:00:00Z', false, '2026-03-08T20:00:00Z', 'account'],
    ['account hours outside the FL window are ignored for FL', NY, 'US-FL', { start: '20:00', end: '21:00' }, '2026-07-15T23:00:00Z', true, '2026-07-15T23:00:00Z', 'FL'],
  ])('%s', (_label, zone, region, hours, at, allowed, next, rule) => {
    expect(sendWindowAt(new Date(at), zone, region, hours)).toEqual({ allowed, nextAllowedAt: new Date(next), rule });
  });

  it.each<[AccountHours, boolean]>([
    [{ start: '09:00', end: '17:00' }, true], [{ start: '00:00', end: '23:59' }, true], [{ start: '17:00', end: '09:00' }, false],
    [{ start: '9:00', end: '17:00' }, false], [{ start: '21:00', end: '23:00' }, false], [{ start: '05:00', end: '08:00' }, false], [{ start: '24:00', end: '25:00' }, false],
  ])('account hours %o valid: %s', (hours, ok) => expect(accountHoursProblem(hours) === null).toBe(ok));

  it.each<[string | null, string]>([['US-FL', 'FL'], ['us-ok', 'OK'], ['US-TX', 'TCPA'], ['CA-ON', 'TCPA'], [null, 'TCPA']])('%s → %s', (region, name) => expect(ruleNameOf(region)).toBe(name));
});

describe('3 marketing messages per 24 h (FL, OK): the counting rule', () => {
  const t = (h: number) => new Date(Date.UTC(2026, 2, 8, 0, 0) + h * 3_600_000);
  it.each<[string, string | null, number[], number, { ok: true } | { ok: false; notBefore: Date }]>([
    ['two in the last day: a third may go', 'US-FL', [1, 5], 10, { ok: true }],
    ['three in the last day: wait until the oldest is 24 h old', 'US-FL', [1, 5, 9], 10, { ok: false, notBefore: t(25) }],
    ['one exactly 24 h old no longer counts', 'US-OK', [0, 5, 9], 24, { ok: true }],
    ['four (sent elsewhere): wait until two have aged out', 'US-OK', [2, 3, 5, 9], 10, { ok: false, notBefore: t(27) }],
    ['federal: no cap', 'US-NY', [1, 2, 3, 4, 5], 6, { ok: true }],
  ])('%s', (_label, region, sends, now, expected) => expect(frequencyAllows(t(now), sends.map(t), region)).toEqual(expected));
});
