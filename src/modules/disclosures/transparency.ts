/**
 * The public transparency report (issue 10): legal requests aggregated by half-year of
 * receipt. Pure: the service hands in one row per (request, account concerned).
 */
export interface RequestRow {
  requestId: string;
  receivedOn: string; // YYYY-MM-DD
  outcome: 'disclosed' | 'partially_disclosed' | 'rejected';
  accountId: string | null;
}

export interface HalfYear {
  period: string; // 2026-H1
  from: string;
  to: string;
  requests: number;
  accountsAffected: number;
  disclosed: number;
  partiallyDisclosed: number;
  rejected: number;
}

export function halfYearOf(date: string): { period: string; from: string; to: string } {
  const year = date.slice(0, 4);
  const h1 = Number(date.slice(5, 7)) <= 6;
  return h1 ? { period: `${year}-H1`, from: `${year}-01-01`, to: `${year}-06-30` } : { period: `${year}-H2`, from: `${year}-07-01`, to: `${year}-12-31` };
}

/** Newest half-year first; a request counts once, its accounts once each per half-year. */
export function aggregateByHalfYear(rows: readonly RequestRow[]): HalfYear[] {
  const periods = new Map<string, { h: HalfYear; requests: Map<string, RequestRow['outcome']>; accounts: Set<string> }>();
  for (const r of rows) {
    const p = halfYearOf(r.receivedOn);
    let agg = periods.get(p.period);
    if (!agg) periods.set(p.period, (agg = { h: { ...p, requests: 0, accountsAffected: 0, disclosed: 0, partiallyDisclosed: 0, rejected: 0 }, requests: new Map(), accounts: new Set() }));
    agg.requests.set(r.requestId, r.outcome);
    if (r.accountId) agg.accounts.add(r.accountId);
  }
  return [...periods.values()]
    .map(({ h, requests, accounts }) => {
      const outcomes = [...requests.values()];
      return {
        ...h, requests: requests.size, accountsAffected: accounts.size,
        disclosed: outcomes.filter((o) => o === 'disclosed').length,
        partiallyDisclosed: outcomes.filter((o) => o === 'partially_disclosed').length,
        rejected: outcomes.filter((o) => o === 'rejected').length,
      };
    })
    .sort((a, b) => b.period.localeCompare(a.period));
}

/** Whether the owner may be told now: no order, or its end date has passed (notice the day after). */
export function noticeAllowed(ndo: { kind: 'none' | 'until' | 'indefinite'; until: string | null }, today: string): boolean {
  if (ndo.kind === 'none') return true;
  if (ndo.kind === 'indefinite' || !ndo.until) return false;
  return ndo.until < today;
}
