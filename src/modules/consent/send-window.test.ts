import { describe, expect, it } from 'vitest';
import { earliestSendTime, frequencyAllows, isInsideWindow, nextSendTime, ruleFor, type SendKind, type WindowRule } from './send-window.js';

const NY = 'America/New_York';
const CHI = 'America/Chicago';
const LA = 'America/Los_Angeles';
const HNL = 'Pacific/Honolulu';
const utc = (iso: string) => new Date(iso);
const H = 60 * 60 * 1000;

describe('ruleFor', () => {
  const federal: WindowRule = { startHour: 8, endHour: 21, maxPer24h: null };
  const strict: WindowRule = { startHour: 8, endHour: 20, maxPer24h: 3 };
  it.each<[string | null, WindowRule]>([
    ['US-FL', strict], ['us-fl', strict], [' US-OK ', strict], ['US-NY', federal], ['US-TX', federal], ['', federal], [null, federal],
  ])('%j → %o', (region, expected) => expect(ruleFor(region)).toEqual(expected));
});

describe('nextSendTime — marketing', () => {
  it.each<[string, string, string | null, string, string]>([
    // [label, zone, region, now (UTC), expected (UTC)]
    ['NY winter 07:59 → 08:00 same day', NY, 'US-NY', '2026-01-15T12:59:00Z', '2026-01-15T13:00:00Z'],
    ['NY summer 07:59 → 08:00 same day', NY, 'US-NY', '2026-07-15T11:59:00Z', '2026-07-15T12:00:00Z'],
    ['NY 08:00 is inside', NY, 'US-NY', '2026-01-15T13:00:00Z', '2026-01-15T13:00:00Z'],
    ['NY 20:59:59 is inside', NY, null, '2026-01-16T01:59:59Z', '2026-01-16T01:59:59Z'],
    ['NY 21:00 → next day 08:00 (end exclusive)', NY, null, '2026-01-16T02:00:00Z', '2026-01-16T13:00:00Z'],
    ['NY 00:30 → same day 08:00', NY, null, '2026-01-15T05:30:00Z', '2026-01-15T13:00:00Z'],
    ['NY 20:30 allowed', NY, 'US-NY', '2026-07-16T00:30:00Z', '2026-07-16T00:30:00Z'],
    ['FL 20:30 deferred', NY, 'US-FL', '2026-07-16T00:30:00Z', '2026-07-16T12:00:00Z'],
    ['FL 19:59 allowed', NY, 'US-FL', '2026-07-15T23:59:00Z', '2026-07-15T23:59:00Z'],
    ['FL panhandle (Central) 20:30 deferred', CHI, 'US-FL', '2026-07-16T01:30:00Z', '2026-07-16T13:00:00Z'],
    ['OK 20:30 deferred', CHI, 'US-OK', '2026-07-16T01:30:00Z', '2026-07-16T13:00:00Z'],
    ['TX (Central) 20:30 allowed', CHI, 'US-TX', '2026-07-16T01:30:00Z', '2026-07-16T01:30:00Z'],
    ['LA winter (UTC−8) 07:59 → 08:00', LA, 'US-CA', '2026-01-15T15:59:00Z', '2026-01-15T16:00:00Z'],
    ['LA summer (UTC−7) 07:59 → 08:00', LA, 'US-CA', '2026-07-15T14:59:00Z', '2026-07-15T15:00:00Z'],
    ['LA summer 21:00 → next day 08:00', LA, 'US-CA', '2026-07-16T04:00:00Z', '2026-07-16T15:00:00Z'],
    ['LA 12:00 inside', LA, 'US-CA', '2026-07-15T19:00:00Z', '2026-07-15T19:00:00Z'],
    ['Honolulu 21:00 → next day 08:00', HNL, 'US-HI', '2026-01-16T07:00:00Z', '2026-01-16T18:00:00Z'],
    ['Honolulu 06:00 → 08:00', HNL, 'US-HI', '2026-07-15T16:00:00Z', '2026-07-15T18:00:00Z'],
    ['Honolulu 23:59 → next day 08:00', HNL, null, '2026-07-16T09:59:00Z', '2026-07-16T18:00:00Z'],
    // DST spring forward: 2026-03-08 02:00 EST → 03:00 EDT; 08:00 that day is UTC−4.
    ['spring-forward eve 22:00 EST → 08:00 EDT', NY, null, '2026-03-08T03:00:00Z', '2026-03-08T12:00:00Z'],
    ['spring-forward 01:30 EST → 08:00 EDT', NY, null, '2026-03-08T06:30:00Z', '2026-03-08T12:00:00Z'],
    ['spring-forward 03:30 EDT → 08:00 EDT', NY, null, '2026-03-08T07:30:00Z', '2026-03-08T12:00:00Z'],
    ['spring-forward day 21:00 EDT → next 08:00 EDT', NY, null, '2026-03-09T01:00:00Z', '2026-03-09T12:00:00Z'],
    ['day before spring-forward 07:00 EST', NY, null, '2026-03-07T12:00:00Z', '2026-03-07T13:00:00Z'],
    // DST fall back: 2026-11-01 02:00 EDT → 01:00 EST; 08:00 that day is UTC−5.
    ['fall-back eve 22:00 EDT → 08:00 EST', NY, null, '2026-11-01T02:00:00Z', '2026-11-01T13:00:00Z'],
    ['fall-back first 01:30 (EDT) → 08:00 EST', NY, null, '2026-11-01T05:30:00Z', '2026-11-01T13:00:00Z'],
    ['fall-back second 01:30 (EST) → 08:00 EST', NY, null, '2026-11-01T06:30:00Z', '2026-11-01T13:00:00Z'],
    ['fall-back day 21:00 EST → next 08:00 EST', NY, null, '2026-11-02T02:00:00Z', '2026-11-02T13:00:00Z'],
  ])('%s', (_label, zone, region, now, expected) => {
    expect(nextSendTime(utc(now), zone, region, 'marketing').toISOString()).toBe(utc(expected).toISOString());
  });
});

describe('nextSendTime — conversational is never deferred', () => {
  it.each<[string, string | null, string]>([
    [NY, null, '2026-01-16T02:00:00Z'],
    [NY, 'US-FL', '2026-07-16T00:30:00Z'],
    [CHI, 'US-OK', '2026-07-16T06:00:00Z'],
    [HNL, null, '2026-07-15T13:00:00Z'],
  ])('%s %s at %s', (zone, region, now) => {
    const kind: SendKind = 'conversational';
    expect(nextSendTime(utc(now), zone, region, kind).toISOString()).toBe(utc(now).toISOString());
  });
});

describe('isInsideWindow', () => {
  it.each<[string, string | null, string, boolean]>([
    [NY, null, '2026-01-15T12:59:59Z', false], // 07:59:59
    [NY, null, '2026-01-15T13:00:00Z', true], // 08:00
    [NY, null, '2026-01-16T01:59:59Z', true], // 20:59:59
    [NY, null, '2026-01-16T02:00:00Z', false], // 21:00
    [NY, 'US-FL', '2026-01-16T00:59:59Z', true], // 19:59:59
    [NY, 'US-FL', '2026-01-16T01:00:00Z', false], // 20:00
    [CHI, 'US-OK', '2026-07-16T01:00:00Z', false], // 20:00 CDT
    [LA, null, '2026-07-16T03:30:00Z', true], // 20:30 PDT
    [HNL, null, '2026-07-15T17:30:00Z', false], // 07:30 HST
  ])('%s %s %s → %s', (zone, region, now, expected) => expect(isInsideWindow(utc(now), zone, region)).toBe(expected));

  it('rejects an unknown time zone', () => {
    expect(() => isInsideWindow(utc('2026-01-15T12:00:00Z'), 'Mars/Olympus', null)).toThrow(RangeError);
  });
});

describe('frequencyAllows', () => {
  const now = utc('2026-07-15T18:00:00Z');
  const ago = (hours: number) => new Date(now.getTime() - hours * H);
  it.each<[string, string | null, Date[], { ok: true } | { ok: false; notBefore: Date }]>([
    ['3 in 24 h in FL → capped until oldest + 24 h', 'US-FL', [ago(1), ago(23), ago(10)], { ok: false, notBefore: ago(-1) }],
    ['3 in 24 h in OK → capped', 'US-OK', [ago(2), ago(3), ago(4)], { ok: false, notBefore: ago(-20) }],
    ['3 in 24 h in NY → ok', 'US-NY', [ago(1), ago(2), ago(3)], { ok: true }],
    ['3 in 24 h with no region → ok', null, [ago(1), ago(2), ago(3)], { ok: true }],
    ['2 in 24 h in FL → ok', 'US-FL', [ago(1), ago(2)], { ok: true }],
    ['one exactly 24 h old no longer counts', 'US-FL', [ago(24), ago(2), ago(1)], { ok: true }],
    ['older sends are ignored', 'US-FL', [ago(30), ago(48), ago(2), ago(1)], { ok: true }],
    ['4 in 24 h (backfill) → until the 2nd oldest ages out', 'US-FL', [ago(20), ago(22), ago(5), ago(1)], { ok: false, notBefore: ago(-4) }],
    ['no sends → ok', 'US-FL', [], { ok: true }],
  ])('%s', (_label, region, sends, expected) => expect(frequencyAllows(now, sends, region)).toEqual(expected));

  it('allows again exactly at notBefore', () => {
    const sends = [ago(23), ago(10), ago(1)];
    const res = frequencyAllows(now, sends, 'US-FL');
    expect(res.ok).toBe(false);
    if (!res.ok) expect(frequencyAllows(res.notBefore, sends, 'US-FL')).toEqual({ ok: true });
  });
});

describe('earliestSendTime', () => {
  const now = utc('2026-07-15T23:00:00Z'); // 19:00 EDT
  const ago = (hours: number) => new Date(now.getTime() - hours * H);
  it.each<[string, string | null, SendKind, Date[], string]>([
    ['inside window, under the cap → now', 'US-FL', 'marketing', [ago(1)], '2026-07-15T23:00:00Z'],
    ['cap lifts inside the window', 'US-FL', 'marketing', [ago(23.5), ago(2), ago(1)], '2026-07-15T23:30:00Z'],
    ['cap lifts at 20:00 (quiet) → next day 08:00', 'US-FL', 'marketing', [ago(23), ago(2), ago(1)], '2026-07-16T12:00:00Z'],
    ['no cap in NY', 'US-NY', 'marketing', [ago(3), ago(2), ago(1)], '2026-07-15T23:00:00Z'],
    ['conversational ignores both', 'US-FL', 'conversational', [ago(3), ago(2), ago(1)], '2026-07-15T23:00:00Z'],
  ])('%s', (_label, region, kind, sends, expected) => {
    expect(earliestSendTime(now, NY, region, kind, sends).toISOString()).toBe(utc(expected).toISOString());
  });
});
