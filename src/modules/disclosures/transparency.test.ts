import { describe, expect, it } from 'vitest';
import { aggregateByHalfYear, halfYearOf, noticeAllowed, type RequestRow } from './transparency.js';

describe('transparency report', () => {
  it.each([
    ['2026-01-01', '2026-H1'], ['2026-06-30', '2026-H1'], ['2026-07-01', '2026-H2'], ['2025-12-31', '2025-H2'],
  ])('%s is in %s', (d, p) => expect(halfYearOf(d).period).toBe(p));

  it('counts requests once, accounts once per half-year, outcomes per request', () => {
    const rows: RequestRow[] = [
      { requestId: 'r1', receivedOn: '2026-02-10', outcome: 'disclosed', accountId: 'a' },
      { requestId: 'r1', receivedOn: '2026-02-10', outcome: 'disclosed', accountId: 'b' },
      { requestId: 'r2', receivedOn: '2026-06-30', outcome: 'rejected', accountId: 'a' },
      { requestId: 'r3', receivedOn: '2026-07-01', outcome: 'partially_disclosed', accountId: 'c' },
      { requestId: 'r4', receivedOn: '2025-11-01', outcome: 'rejected', accountId: null },
    ];
    expect(aggregateByHalfYear(rows)).toEqual([
      { period: '2026-H2', from: '2026-07-01', to: '2026-12-31', requests: 1, accountsAffected: 1, disclosed: 0, partiallyDisclosed: 1, rejected: 0 },
      { period: '2026-H1', from: '2026-01-01', to: '2026-06-30', requests: 2, accountsAffected: 2, disclosed: 1, partiallyDisclosed: 0, rejected: 1 },
      { period: '2025-H2', from: '2025-07-01', to: '2025-12-31', requests: 1, accountsAffected: 0, disclosed: 0, partiallyDisclosed: 0, rejected: 1 },
    ]);
  });

  it.each([
    [{ kind: 'none', until: null }, '2026-01-01', true],
    [{ kind: 'until', until: '2026-03-01' }, '2026-03-01', false],
    [{ kind: 'until', until: '2026-03-01' }, '2026-03-02', true],
    [{ kind: 'indefinite', until: null }, '2099-01-01', false],
  ] as const)('order %j on %s: notice %s', (ndo, today, allowed) => expect(noticeAllowed(ndo, today)).toBe(allowed));
});
