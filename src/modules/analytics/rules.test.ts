import { describe, expect, it } from 'vitest';
import { countsOf, csvField, localDayBounds, percent, periodOf, periodsBetween, responseBuckets, utcHour } from './rules.js';

describe('analytics rules', () => {
  it.each([
    [null, 'queued', { sent: 0, delivered: 0, failed: 0 }],
    [null, 'sent', { sent: 1, delivered: 0, failed: 0 }],
    ['queued', 'sent', { sent: 1, delivered: 0, failed: 0 }],
    ['queued', 'sending', { sent: 1, delivered: 0, failed: 0 }],
    ['sending', 'sent', { sent: 0, delivered: 0, failed: 0 }],
    ['sending', 'delivered', { sent: 0, delivered: 1, failed: 0 }],
    ['sent', 'delivered', { sent: 0, delivered: 1, failed: 0 }],
    ['sent', 'undelivered', { sent: 0, delivered: 0, failed: 1 }],
    ['sent', 'failed', { sent: 0, delivered: 0, failed: 1 }],
    ['queued', 'failed', { sent: 0, delivered: 0, failed: 1 }],
    ['queued', 'canceled', { sent: 0, delivered: 0, failed: 0 }],
  ] as const)('%s → %s', (from, to, want) => expect(countsOf(from, to)).toEqual(want));

  it.each([
    [60_000, { le5m: 1, le1h: 1, le24h: 1 }],
    [300_001, { le5m: 0, le1h: 1, le24h: 1 }],
    [7_200_000, { le5m: 0, le1h: 0, le24h: 1 }],
    [90_000_000, { le5m: 0, le1h: 0, le24h: 0 }],
  ])('response buckets of %i ms', (ms, want) => expect(responseBuckets(ms)).toEqual(want));

  it.each([
    ['2026-03-18', 'day', '2026-03-18'],
    ['2026-03-18', 'week', '2026-03-16'],
    ['2026-03-16', 'week', '2026-03-16'],
    ['2026-03-22', 'week', '2026-03-16'],
    ['2026-03-18', 'month', '2026-03-01'],
  ] as const)('period of %s by %s', (day, g, want) => expect(periodOf(day, g)).toBe(want));

  it('periods between two days have no gaps', () => {
    expect(periodsBetween('2026-01-30', '2026-02-02', 'day')).toEqual(['2026-01-30', '2026-01-31', '2026-02-01', '2026-02-02']);
    expect(periodsBetween('2026-01-15', '2026-03-02', 'month')).toEqual(['2026-01-01', '2026-02-01', '2026-03-01']);
    expect(periodsBetween('2026-03-18', '2026-03-30', 'week')).toEqual(['2026-03-16', '2026-03-23', '2026-03-30']);
  });

  it.each([
    ['2026-03-10T04:30:00.000Z', '2026-03-10T04:00:00.000Z'],
    ['2026-03-10T04:00:00.000Z', '2026-03-10T04:00:00.000Z'],
    ['2026-03-09T23:59:59.999Z', '2026-03-09T23:00:00.000Z'],
  ])('the hour of %s', (at, want) => expect(utcHour(new Date(at))).toBe(want));

  it.each([
    ['2026-03-09', '2026-03-09', 'America/Los_Angeles', '2026-03-09T07:00:00.000Z', '2026-03-10T07:00:00.000Z'], // PDT since the 8th
    ['2026-03-08', '2026-03-08', 'America/Los_Angeles', '2026-03-08T08:00:00.000Z', '2026-03-09T07:00:00.000Z'], // the 23-hour day
    ['2026-11-01', '2026-11-01', 'America/Los_Angeles', '2026-11-01T07:00:00.000Z', '2026-11-02T08:00:00.000Z'], // the 25-hour day
    ['2026-03-10', '2026-03-11', 'Asia/Kolkata', '2026-03-09T18:30:00.000Z', '2026-03-11T18:30:00.000Z'],
    ['2026-03-10', '2026-03-10', 'UTC', '2026-03-10T00:00:00.000Z', '2026-03-11T00:00:00.000Z'],
  ])('local days %s..%s in %s', (from, to, zone, start, end) => expect(localDayBounds(from, to, zone)).toEqual({ start, end }));

  it('percent and CSV fields', () => {
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(0, 0)).toBeNull();
    expect(csvField('=cmd')).toBe("'=cmd");
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField(null)).toBe('');
  });
});
