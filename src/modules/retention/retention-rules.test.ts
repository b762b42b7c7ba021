import { describe, expect, it } from 'vitest';
import { RETENTION_DEFAULTS, cutoffsOf, monthsBefore } from './retention-rules.js';

const at = (iso: string) => new Date(iso);

describe('retention cut-offs', () => {
  it.each([
    ['2026-03-31T10:00:00Z', 1, '2026-02-28T10:00:00.000Z'],
    ['2024-03-31T10:00:00Z', 1, '2024-02-29T10:00:00.000Z'],
    ['2026-01-15T00:00:00Z', 1, '2025-12-15T00:00:00.000Z'],
    ['2026-05-20T08:30:00Z', 12, '2025-05-20T08:30:00.000Z'],
    ['2026-05-20T08:30:00Z', 25, '2024-04-20T08:30:00.000Z'],
  ])('%s minus %i months is %s', (now, months, expected) => {
    expect(monthsBefore(at(now), months).toISOString()).toBe(expected);
  });

  it.each([
    [{ messageBodyDays: 30, uploadDays: null, inactiveContactMonths: null, exportDays: null }, { messageBodies: '2026-05-02T12:00:00.000Z', uploads: null, inactiveContacts: null, exports: null }],
    [RETENTION_DEFAULTS, { messageBodies: null, uploads: '2026-05-02T12:00:00.000Z', inactiveContacts: null, exports: '2026-05-25T12:00:00.000Z' }],
    [{ messageBodyDays: 1, uploadDays: 1, inactiveContactMonths: 6, exportDays: 1 }, { messageBodies: '2026-05-31T12:00:00.000Z', uploads: '2026-05-31T12:00:00.000Z', inactiveContacts: '2025-12-01T12:00:00.000Z', exports: '2026-05-31T12:00:00.000Z' }],
  ])('settings %j cut at %j', (settings, expected) => {
    const c = cutoffsOf(settings, at('2026-06-01T12:00:00Z'));
    expect(Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v ? v.toISOString() : null]))).toEqual(expected);
  });
});
