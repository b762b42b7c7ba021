import { describe, expect, it } from 'vitest';
import { canMove, defaultRegime, dueDate, extendedDueDate, extensionNotice, isOverdue, reminderDue, type Regime, type ReminderStage, type Status } from './deadlines.js';

const d = (s: string) => new Date(s);

describe('data-request deadlines', () => {
  it.each<[string, Regime, string]>([
    ['2026-03-10T09:30:00Z', 'gdpr', '2026-04-10T09:30:00Z'],
    ['2026-01-31T12:00:00Z', 'gdpr', '2026-02-28T12:00:00Z'], // no 31 February: the month's last day
    ['2028-01-31T12:00:00Z', 'gdpr', '2028-02-29T12:00:00Z'], // leap year
    ['2026-12-15T00:00:00Z', 'gdpr', '2027-01-15T00:00:00Z'], // over the year end
    ['2026-03-10T09:30:00Z', 'other', '2026-04-10T09:30:00Z'],
    ['2026-03-10T09:30:00Z', 'ccpa', '2026-04-24T09:30:00Z'], // 45 calendar days
    ['2026-12-20T23:59:00Z', 'ccpa', '2027-02-03T23:59:00Z'],
    ['2026-03-01T00:00:00Z', 'ccpa', '2026-04-15T00:00:00Z'],
  ])('received %s under %s → due %s', (received, regime, due) => {
    expect(dueDate(d(received), regime).toISOString()).toBe(d(due).toISOString());
  });

  it.each<[string, Regime, string]>([
    ['2026-04-10T09:30:00Z', 'gdpr', '2026-06-10T09:30:00Z'], // two further months
    ['2026-12-31T00:00:00Z', 'gdpr', '2027-02-28T00:00:00Z'],
    ['2026-04-24T09:30:00Z', 'ccpa', '2026-06-08T09:30:00Z'], // 45 further days
    ['2026-04-10T09:30:00Z', 'other', '2026-06-10T09:30:00Z'],
  ])('extending due %s under %s → %s', (due, regime, extended) => {
    expect(extendedDueDate(d(due), regime).toISOString()).toBe(d(extended).toISOString());
  });

  it.each<[string, string, string]>([
    ['Acme', 'We are gathering your records', 'Acme: we need more time for your privacy request and will answer by 2026-06-10. Why: We are gathering your records'],
    ['Acme', 'x'.repeat(1000), `Acme: we need more time for your privacy request and will answer by 2026-06-10. Why: ${'x'.repeat(1000)}`.slice(0, 1000)],
  ])('the extension notice of %s (%s)', (business, reason, text) => {
    expect(extensionNotice(business, d('2026-06-10T09:30:00Z'), reason)).toBe(text);
  });

  it.each<[string | null, Regime]>([['DE', 'gdpr'], ['fr', 'gdpr'], ['GB', 'gdpr'], ['NO', 'gdpr'], ['US', 'ccpa'], ['CA', 'other'], [null, 'other']])('a business in %s defaults to %s', (country, regime) => {
    expect(defaultRegime(country)).toBe(regime);
  });

  it.each<[Status, Status, boolean]>([
    ['received', 'verified', true], ['received', 'in_progress', false], ['received', 'denied', true], ['received', 'completed', false],
    ['verified', 'in_progress', true], ['verified', 'completed', true], ['verified', 'denied', true], ['verified', 'received', false],
    ['in_progress', 'completed', true], ['in_progress', 'denied', true], ['in_progress', 'verified', false],
    ['completed', 'denied', false], ['denied', 'completed', false], ['completed', 'in_progress', false],
  ])('%s → %s allowed: %s', (from, to, ok) => {
    expect(canMove(from, to)).toBe(ok);
  });

  it.each<[string, string | null, boolean]>([
    ['2026-05-01T00:00:00Z', null, true], // due exactly now
    ['2026-05-02T00:00:00Z', null, false],
    ['2026-04-01T00:00:00Z', '2026-04-15T00:00:00Z', false], // closed: never overdue
  ])('due %s closed %s overdue at 2026-05-01: %s', (due, closed, overdue) => {
    expect(isOverdue({ dueAt: d(due), closedAt: closed ? d(closed) : null }, d('2026-05-01T00:00:00Z'))).toBe(overdue);
  });

  const NOW = d('2026-05-01T00:00:00Z');
  it.each<[string, ReminderStage | null, ReminderStage | null]>([
    ['2026-05-20T00:00:00Z', null, null], // 19 days left
    ['2026-05-08T00:00:00Z', null, 'week'], // exactly 7 days
    ['2026-05-05T00:00:00Z', 'week', null], // already reminded this week
    ['2026-05-01T12:00:00Z', 'week', 'day'],
    ['2026-05-01T12:00:00Z', null, 'day'], // a request logged late skips the week reminder
    ['2026-05-01T12:00:00Z', 'day', null],
    ['2026-04-30T00:00:00Z', 'day', 'overdue'],
    ['2026-04-30T00:00:00Z', 'overdue', null],
  ])('due %s, last reminder %s → %s', (due, last, next) => {
    expect(reminderDue(d(due), NOW, last)).toBe(next);
  });
});
