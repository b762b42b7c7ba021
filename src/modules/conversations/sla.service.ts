import { IANAZone } from 'luxon';
import type { Ctx } from '../../context.js';
import { txQuery, type Db } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import { AppError, notFound, unprocessable } from '../../lib/errors.js';
import { fromPublicId, newUuid, toPublicId } from '../../lib/ids.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import { openingHoursProblem, type OpeningHours } from './sla-time.js';
import { recomputeSla } from './sla-timers.service.js';
import * as repo from './sla.repo.js';

/**
 * SLA configuration of an account: policies (one default, at most one per team), business
 * hours and holidays. Every change is audited and, in the same transaction, the running
 * timers of open conversations follow it (recomputeSla).
 */
export type { PolicyRow, HolidayRow } from './sla.repo.js';

export interface PolicyInput {
  name: string;
  teamId?: string | null;
  firstResponseMinutes: number | null;
  nextResponseMinutes: number | null;
  resolutionMinutes: number | null;
  businessHours: boolean;
  warnPercent: number;
}

export const listPolicies = (ctx: Ctx, accountId: string) => repo.listPolicies(ctx.database.query, accountId);

async function policyOr404(q: Parameters<typeof repo.findPolicy>[0], accountId: string, publicId: string) {
  const id = fromPublicId('slaPolicy', publicId);
  const p = id ? await repo.findPolicy(q, accountId, id) : null;
  if (!p) throw notFound('SLA policy');
  return p;
}

async function fieldsOf(tx: Db, accountId: string, input: PolicyInput): Promise<repo.PolicyFields> {
  let teamId: string | null = null;
  if (input.teamId) {
    teamId = fromPublicId('team', input.teamId);
    if (!teamId || !(await repo.teamExists(txQuery(tx), accountId, teamId))) throw unprocessable('unknown_team', 'teamId is not a team of this account.', { field: 'teamId' });
  }
  if (input.firstResponseMinutes === null && input.nextResponseMinutes === null && input.resolutionMinutes === null) {
    throw unprocessable('no_targets', 'A policy needs at least one target (first response, next response or resolution).');
  }
  return { title: input.name, teamId, firstResponseMinutes: input.firstResponseMinutes, nextResponseMinutes: input.nextResponseMinutes, resolutionMinutes: input.resolutionMinutes, businessHours: input.businessHours, warnPercent: input.warnPercent };
}

const taken = (teamId: string | null) =>
  new AppError(409, 'sla_policy_exists', teamId ? 'This team already has an SLA policy: change that one.' : 'The account already has a default SLA policy: change that one.');

/** Writes a policy change and lets the running timers follow it, in one transaction. */
async function writePolicy(ctx: Ctx, auth: AuthContext, meta: RequestMeta, action: string, work: (tx: Db) => Promise<{ id: string; teamId: string | null }>) {
  return withTx(ctx.db, async (tx) => {
    let r: { id: string; teamId: string | null };
    try {
      r = await work(tx);
    } catch (err) {
      if (isUniqueViolation(err, 'sla_policies_default_uq') || isUniqueViolation(err, 'sla_policies_team_uq')) throw taken(null);
      throw err;
    }
    const recomputed = await recomputeSla(tx, auth.accountId, ctx.now());
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action, target: { type: 'sla_policy', id: r.id }, meta, details: { recomputedTargets: recomputed } });
    return r.id;
  });
}

export async function createPolicy(ctx: Ctx, auth: AuthContext, input: PolicyInput, meta: RequestMeta) {
  const id = await writePolicy(ctx, auth, meta, 'sla_policy.created', async (tx) => {
    const f = await fieldsOf(tx, auth.accountId, input);
    const existing = (await repo.listPolicies(txQuery(tx), auth.accountId)).find((p) => p.team_id === f.teamId);
    if (existing) throw taken(f.teamId);
    const id = newUuid();
    await repo.insertPolicy(txQuery(tx), auth.accountId, id, f);
    return { id, teamId: f.teamId };
  });
  return (await repo.findPolicy(ctx.database.query, auth.accountId, id))!;
}

export async function updatePolicy(ctx: Ctx, auth: AuthContext, publicId: string, patch: Partial<PolicyInput>, meta: RequestMeta) {
  const p = await policyOr404(ctx.database.query, auth.accountId, publicId);
  const current: PolicyInput = {
    name: p.title, teamId: p.team_id ? toPublicId('team', p.team_id) : null, firstResponseMinutes: p.first_response_minutes,
    nextResponseMinutes: p.next_response_minutes, resolutionMinutes: p.resolution_minutes, businessHours: p.business_hours, warnPercent: p.warn_percent,
  };
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  await writePolicy(ctx, auth, meta, 'sla_policy.updated', async (tx) => {
    const f = await fieldsOf(tx, auth.accountId, { ...current, ...defined });
    await repo.updatePolicy(txQuery(tx), auth.accountId, p.id, f);
    return { id: p.id, teamId: f.teamId };
  });
  return (await repo.findPolicy(ctx.database.query, auth.accountId, p.id))!;
}

export async function deletePolicy(ctx: Ctx, auth: AuthContext, publicId: string, meta: RequestMeta) {
  const p = await policyOr404(ctx.database.query, auth.accountId, publicId);
  await writePolicy(ctx, auth, meta, 'sla_policy.deleted', async (tx) => {
    await repo.deletePolicy(txQuery(tx), auth.accountId, p.id);
    return { id: p.id, teamId: p.team_id };
  });
}

// ---- business hours and holidays ----

export async function getBusinessHours(ctx: Ctx, accountId: string) {
  const h = await repo.hoursOf(ctx.database.query, accountId);
  return { timeZone: h.time_zone, effectiveTimeZone: h.time_zone ?? h.account_zone, hours: h.hours };
}

export async function setBusinessHours(ctx: Ctx, auth: AuthContext, input: { timeZone: string | null; hours: OpeningHours[] }, meta: RequestMeta) {
  if (input.timeZone !== null && !IANAZone.isValidZone(input.timeZone)) throw unprocessable('invalid_time_zone', 'timeZone is not an IANA time zone (e.g. America/New_York).', { field: 'timeZone' });
  const problem = openingHoursProblem(input.hours);
  if (problem) throw unprocessable('invalid_hours', `Business hours: ${problem}.`, { field: 'hours' });
  await withTx(ctx.db, async (tx) => {
    await repo.saveHours(txQuery(tx), auth.accountId, input.timeZone, input.hours);
    const recomputed = await recomputeSla(tx, auth.accountId, ctx.now());
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'sla.business_hours_changed', meta, details: { timeZone: input.timeZone, intervals: input.hours.length, recomputedTargets: recomputed } });
  });
  return getBusinessHours(ctx, auth.accountId);
}

export const listHolidays = (ctx: Ctx, accountId: string) => repo.listHolidays(ctx.database.query, accountId);

export async function addHoliday(ctx: Ctx, auth: AuthContext, input: { date: string; name: string }, meta: RequestMeta) {
  const id = newUuid();
  await withTx(ctx.db, async (tx) => {
    if (!(await repo.insertHoliday(txQuery(tx), auth.accountId, id, input.date, input.name))) {
      throw new AppError(409, 'holiday_exists', 'There is already a holiday on this date.', { field: 'date' });
    }
    await recomputeSla(tx, auth.accountId, ctx.now());
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'sla.holiday_added', target: { type: 'holiday', id }, meta, details: { date: input.date } });
  });
  return { id, date: input.date, title: input.name };
}

export async function removeHoliday(ctx: Ctx, auth: AuthContext, publicId: string, meta: RequestMeta) {
  const id = fromPublicId('holiday', publicId);
  if (!id) throw notFound('Holiday');
  await withTx(ctx.db, async (tx) => {
    const gone = await repo.deleteHoliday(txQuery(tx), auth.accountId, id);
    if (!gone) throw notFound('Holiday');
    await recomputeSla(tx, auth.accountId, ctx.now());
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'sla.holiday_removed', target: { type: 'holiday', id }, meta, details: { date: gone.date } });
  });
}
