import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { Ctx } from '../../context.js';
import type { AuthContext } from '../../http/auth.js';
import { badRequest } from '../../lib/errors.js';
import { fromPublicId, toPublicId } from '../../lib/ids.js';
import { campaignSummaries } from '../campaigns/campaigns.service.js';
import { slaReports, type SlaReport } from '../conversations/sla-report.service.js';
import { calendarOf } from '../conversations/sla-timers.service.js';
import { clicksByCampaign } from '../links/links.service.js';
import * as repo from './analytics.repo.js';
import type { AnalyticsQuery, AnalyticsSummary } from './analytics.schema.js';
import { csvField, localDayBounds, money, percent, periodOf, periodsBetween, type Granularity } from './rules.js';

type Query = z.infer<typeof AnalyticsQuery>;
type Summary = z.infer<typeof AnalyticsSummary>;

const MAX_DAYS = 400;
const CAMPAIGNS = 20;
const COST_SOURCE = "segments × the account's price by destination country and number type (its override, else the price book, else the list price) when the text was rolled up";

interface Range extends repo.HourRange { from: string; to: string; today: string; granularity: Granularity }
const DEFAULT_DAYS = 30;

/**
 * The days asked for, as instants: local days of the account's reporting zone — its business
 * hours' zone when set, else the account's (the zone the inbox SLA report counts days in).
 */
async function rangeOf(ctx: Ctx, accountId: string, q: Query): Promise<Range> {
  const zone = (await calendarOf(ctx.database.query, accountId)).zone;
  const today = DateTime.fromJSDate(ctx.now(), { zone }).toISODate()!;
  const to = q.to ?? today;
  const from = q.from ?? DateTime.fromISO(to, { zone: 'utc' }).minus({ days: DEFAULT_DAYS - 1 }).toISODate()!;
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (days < 0) throw badRequest('invalid_range', '`to` must be on or after `from`.', { field: 'to' });
  if (days >= MAX_DAYS) throw badRequest('invalid_range', `At most ${MAX_DAYS} days at a time.`, { field: 'to' });
  let numberId: string | null = null;
  if (q.numberId !== undefined) {
    numberId = fromPublicId('number', q.numberId);
    if (!numberId) throw badRequest('invalid_number_id', 'numberId is not a number id (pn_…).', { field: 'numberId' });
  }
  return { from, to, today, numberId, granularity: q.granularity, zone, ...localDayBounds(from, to, zone) };
}

const avgSeconds = (r: { responses: number; response_ms_sum: number }) => (r.responses ? Math.round(r.response_ms_sum / r.responses / 100) / 10 : null);
const pointOf = (period: string, r: repo.DayRow) => ({
  period, sent: r.sent, delivered: r.delivered, failed: r.failed, received: r.received, segmentsOut: r.segments_out, segmentsIn: r.segments_in,
  optIns: r.opt_ins, optOuts: r.opt_outs, responses: r.responses, cost: money(r.cost_micros), averageResponseSeconds: avgSeconds(r),
});
const empty = (day: string): repo.DayRow => ({
  day, sent: 0, delivered: 0, failed: 0, received: 0, segments_out: 0, segments_in: 0, cost_micros: 0, opt_ins: 0, opt_outs: 0,
  responses: 0, response_ms_sum: 0, responses_5m: 0, responses_1h: 0, responses_24h: 0,
});
function add(into: repo.DayRow, r: repo.DayRow) {
  for (const k of Object.keys(into) as (keyof repo.DayRow)[]) if (k !== 'day') (into[k] as number) += r[k] as number;
}

/** The day rows grouped into periods (every period of the range present, zeros where nothing happened) and the totals. */
async function seriesOf(ctx: Ctx, accountId: string, r: Range) {
  const days = await repo.daySums(ctx.database.query, accountId, r);
  const periods = new Map(periodsBetween(r.from, r.to, r.granularity).map((p) => [p, empty(p)]));
  const totals = empty('');
  for (const d of days) { add(periods.get(periodOf(d.day, r.granularity))!, d); add(totals, d); }
  return { series: [...periods.entries()].map(([p, row]) => pointOf(p, row)), totals };
}

/** Per campaign active in the range: recipients (its audience), delivery, opt-outs, clicks, cost. */
async function campaignComparison(ctx: Ctx, auth: AuthContext, r: Range) {
  const sums = await repo.campaignSums(ctx.database.query, auth.accountId, r, CAMPAIGNS);
  if (!sums.length) return [];
  const [list, clicks] = await Promise.all([campaignSummaries(ctx, auth, sums.map((s) => s.campaign_id)), clicksByCampaign(ctx.db, auth.accountId, sums.map((s) => s.campaign_id))]);
  const known = new Map(list.map((c) => [c.id, c]));
  return sums.map((s) => {
    const id = toPublicId('campaign', s.campaign_id);
    const c = known.get(id);
    return {
      id, name: c?.name ?? '(deleted campaign)', status: c?.status ?? null, recipients: c?.progress.audience ?? null,
      sent: s.sent, delivered: s.delivered, deliveredPercent: percent(s.delivered, s.delivered + s.failed), failed: s.failed,
      optOuts: s.opt_outs, optOutPercent: percent(s.opt_outs, s.sent), clicks: clicks.get(s.campaign_id) ?? 0,
      cost: money(s.cost_micros),
    };
  });
}

type SlaRows = SlaReport['rows'];
const slaRows = (rows: SlaRows) => rows.map((x) => ({ id: x.key, name: x.label, total: x.total, met: x.met, breached: x.breached, percentMet: x.percentMet }));

/**
 * The business dashboard (issue 13) from the hourly rollups (never from the messages): totals and
 * a series by local day/week/month, failures by carrier error, campaign comparison, response
 * times, cost; SLA % met, in all and per agent and per team, from the inbox's SLA report (its
 * grouped counts of the SLA targets; account-wide: targets belong to conversations, not numbers).
 */
export async function analyticsSummary(ctx: Ctx, auth: AuthContext, q: Query): Promise<Summary> {
  const r = await rangeOf(ctx, auth.accountId, q);
  // The SLA report takes at most 400 × 24 h: a 400-day range gaining a DST hour loses its last hour there.
  const slaRange = { from: r.start, to: new Date(Math.min(Date.parse(r.end), Date.parse(r.start) + MAX_DAYS * 86_400_000)).toISOString() };
  const [{ series, totals: t }, errors, campaigns, { agent: byAgent, team: byTeam }] = await Promise.all([
    seriesOf(ctx, auth.accountId, r),
    repo.errorSums(ctx.database.query, auth.accountId, r),
    campaignComparison(ctx, auth, r),
    slaReports(ctx, auth.accountId, slaRange, ['agent', 'team']), // one run for both groupings (and the totals)
  ]);
  const sla = byAgent;
  const failedTotal = errors.reduce((a, e) => a + e.failed, 0);
  return {
    from: r.from, to: r.to, today: r.today, granularity: r.granularity, numberId: q.numberId ?? null, timeZone: r.zone,
    totals: {
      sent: t.sent, delivered: t.delivered, failed: t.failed, received: t.received, segmentsOut: t.segments_out, segmentsIn: t.segments_in,
      optIns: t.opt_ins, optOuts: t.opt_outs, responses: t.responses, cost: money(t.cost_micros),
      deliveryRate: percent(t.delivered, t.delivered + t.failed), optOutRate: percent(t.opt_outs, t.sent), averageResponseSeconds: avgSeconds(t),
      respondedWithin: { fiveMinutes: percent(t.responses_5m, t.responses), oneHour: percent(t.responses_1h, t.responses), oneDay: percent(t.responses_24h, t.responses) },
    },
    cost: { amount: money(t.cost_micros), currency: 'USD', source: COST_SOURCE },
    series,
    errors: errors.map((e) => ({ ...e, share: percent(e.failed, failedTotal) })),
    campaigns,
    sla: {
      total: sla.totals.total, met: sla.totals.met, breached: sla.totals.breached, percentMet: sla.totals.percentMet, scope: 'account',
      byAgent: slaRows(byAgent.rows), byTeam: slaRows(byTeam.rows),
    },
  };
}

export const CSV_COLUMNS = ['period', 'sent', 'delivered', 'failed', 'received', 'segments_out', 'segments_in', 'opt_ins', 'opt_outs', 'responses', 'average_response_seconds', 'cost_usd'];

/** The series as CSV (one line per period, the same figures as the summary's series), and the days it covers. */
export async function analyticsCsv(ctx: Ctx, auth: AuthContext, q: Query): Promise<{ csv: string; from: string; to: string }> {
  const r = await rangeOf(ctx, auth.accountId, q);
  const { series } = await seriesOf(ctx, auth.accountId, r);
  const lines = series.map((p) => [p.period, p.sent, p.delivered, p.failed, p.received, p.segmentsOut, p.segmentsIn, p.optIns, p.optOuts, p.responses, p.averageResponseSeconds, p.cost]
    .map(csvField).join(','));
  return { csv: `${[CSV_COLUMNS.join(','), ...lines].join('\r\n')}\r\n`, from: r.from, to: r.to };
}
