import type { Ctx } from '../../context.js';
import { badRequest } from '../../lib/errors.js';
import { toPublicId } from '../../lib/ids.js';
import { getConversation } from './conversations.service.js';
import { conversationCsat } from './csat.service.js';
import * as report from './sla-report.repo.js';
import * as targets from './sla-targets.repo.js';
import { calendarOf, policyFor } from './sla-timers.service.js';
import * as config from './sla.repo.js';

/** Reads of SLA state: a conversation's timers (its header badge), the breach list, the SLA and CSAT report. */
const iso = (d: Date | null) => d?.toISOString() ?? null;

export async function conversationSla(ctx: Ctx, accountId: string, publicId: string) {
  const c = await getConversation(ctx, accountId, publicId);
  const [policies, rows, csat] = await Promise.all([
    config.listPolicies(ctx.database.query, accountId), targets.targetsOf(ctx.database.query, accountId, c.id), conversationCsat(ctx, accountId, c.id),
  ]);
  const p = policyFor(policies, c.team_id);
  return {
    policy: p ? { id: toPublicId('slaPolicy', p.id), name: p.title } : null,
    targets: rows.map((t) => ({ kind: t.kind, status: t.status, startedAt: t.started_at.toISOString(), dueAt: iso(t.due_at), warnAt: iso(t.warn_at), metAt: iso(t.met_at), breachedAt: iso(t.breached_at) })),
    csat,
  };
}

export async function breachList(ctx: Ctx, accountId: string, query: { state: 'breached' | 'at_risk' | 'all'; limit: number }) {
  const rows = await report.breaches(ctx.database.query, accountId, query.state, query.limit);
  return rows.map((r) => ({
    conversationId: toPublicId('conversation', r.conversation_id), kind: r.kind as targets.TargetKind, state: r.status === 'breached' ? 'breached' as const : 'at_risk' as const,
    startedAt: r.started_at.toISOString(), dueAt: r.due_at.toISOString(), breachedAt: iso(r.breached_at),
    contact: { id: toPublicId('contact', r.contact_id), phone: r.phone, name: [r.first_name, r.last_name].filter(Boolean).join(' ') || null },
    assignee: r.assignee_user_id ? { id: toPublicId('user', r.assignee_user_id), name: r.assignee_name ?? '' } : null,
    team: r.team_id ? { id: toPublicId('team', r.team_id), name: r.team_name ?? '' } : null,
    conversationStatus: r.conversation_status,
  }));
}

const KINDS = ['first_response', 'next_response', 'resolution'] as const;
const MAX_RANGE_MS = 400 * 86_400_000;

function emptyRow() {
  return { total: 0, met: 0, breached: 0, percentMet: null as number | null, byKind: Object.fromEntries(KINDS.map((k) => [k, { total: 0, met: 0 }])) as Record<(typeof KINDS)[number], { total: number; met: number }>, csat: { responses: 0, average: null as number | null, distribution: [0, 0, 0, 0, 0] } };
}
type Row = ReturnType<typeof emptyRow>;

function finish(r: Row): Row {
  r.breached = r.total - r.met;
  r.percentMet = r.total ? Math.round((1000 * r.met) / r.total) / 10 : null;
  const n = r.csat.distribution.reduce((a, b) => a + b, 0);
  r.csat.responses = n;
  r.csat.average = n ? Math.round((100 * r.csat.distribution.reduce((a, c, i) => a + c * (i + 1), 0)) / n) / 100 : null;
  return r;
}

/**
 * % of SLA targets met (decided targets started in [from, to)) and CSAT answers given then,
 * per agent or team (who had the conversation when the target was decided, the survey sent)
 * or per local day of the business-hours zone.
 */
export async function slaReport(ctx: Ctx, accountId: string, query: { from: string; to: string; groupBy: report.GroupBy }) {
  return (await slaReports(ctx, accountId, query, [query.groupBy]))[query.groupBy];
}

export type SlaReport = ReturnType<typeof reportOf>;

/**
 * The SLA report in several groupings at once (the analytics dashboard: per agent and per team),
 * from one read of the targets and one of the CSAT answers: each figure carries its group in every
 * grouping, and each report adds them up by its own. The totals are the same in all of them.
 */
export async function slaReports<G extends report.GroupBy>(ctx: Ctx, accountId: string, query: { from: string; to: string }, groupBys: G[]): Promise<Record<G, SlaReport>> {
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (to <= from || to.getTime() - from.getTime() > MAX_RANGE_MS) throw badRequest('invalid_range', '`to` must be after `from`, at most 400 days later.', { field: 'to' });
  const zone = (await calendarOf(ctx.database.query, accountId)).zone;
  const q = ctx.database.query;
  const [figures, scores] = await Promise.all([
    report.targetFigures(q, accountId, from, to, zone, groupBys), report.csatFigures(q, accountId, from, to, zone, groupBys),
  ]);
  const reports = await Promise.all(groupBys.map(async (groupBy, i) => {
    const rows = new Map<string | null, Row>();
    const totals = emptyRow();
    const rowOf = (k: string | null) => rows.get(k) ?? rows.set(k, emptyRow()).get(k)!;
    for (const f of figures) {
      for (const r of [rowOf(f.ks[i]), totals]) {
        r.total += f.total; r.met += f.met;
        r.byKind[f.kind as (typeof KINDS)[number]].total += f.total;
        r.byKind[f.kind as (typeof KINDS)[number]].met += f.met;
      }
    }
    for (const s of scores) for (const r of [rowOf(s.ks[i]), totals]) r.csat.distribution[s.score - 1] += s.n;
    const names = await report.namesOf(q, accountId, groupBy, [...rows.keys()].filter((k): k is string => k !== null));
    return [groupBy, reportOf(groupBy, { from, to, zone, rows, totals, names })] as const;
  }));
  return Object.fromEntries(reports) as Record<G, SlaReport>;
}

function reportOf(groupBy: report.GroupBy, r: { from: Date; to: Date; zone: string; rows: Map<string | null, Row>; totals: Row; names: Map<string, string> }) {
  const kind = groupBy === 'agent' ? 'user' : groupBy === 'partner' ? 'account' : 'team';
  const none = { agent: 'Unassigned', team: 'No team', partner: 'In-house', day: '' }[groupBy];
  const out = [...r.rows.entries()].map(([k, row]) => ({
    key: k === null ? null : groupBy === 'day' ? k : toPublicId(kind, k),
    label: k === null ? none : groupBy === 'day' ? k : r.names.get(k) ?? '(removed)',
    ...finish(row),
  }));
  out.sort((a, b) => (groupBy === 'day' ? a.label.localeCompare(b.label) : (b.total - a.total) || a.label.localeCompare(b.label)));
  return { from: r.from.toISOString(), to: r.to.toISOString(), groupBy, timeZone: r.zone, totals: finish(r.totals), rows: out };
}
