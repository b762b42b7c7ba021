import type { Ctx } from '../../context.js';
import { txQuery, type Db, type RawQuery } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import { newUuid } from '../../lib/ids.js';
import { appendEvents } from '../outbox/outbox.service.js';
import { addBusinessMinutes, type BusinessCalendar } from './sla-time.js';
import * as config from './sla.repo.js';
import * as repo from './sla-targets.repo.js';

/**
 * SLA timers of conversations. The conversations service calls the hooks below inside the
 * transaction that records the customer's text, the agent's reply or the state change, so a
 * target is started, met or stopped exactly when (and only if) that change commits. Times are
 * the caller's clock (ctx.now()). Due times are business time (sla-time.ts) under the policy of
 * the conversation's team, else the account's default policy.
 */
export type { TargetKind, TargetRow } from './sla-targets.repo.js';

const MINUTES: Record<repo.TargetKind, keyof Pick<config.PolicyRow, 'first_response_minutes' | 'next_response_minutes' | 'resolution_minutes'>> = {
  first_response: 'first_response_minutes', next_response: 'next_response_minutes', resolution: 'resolution_minutes',
};

/** The account's business calendar: opening hours in its zone, and its holidays. */
export async function calendarOf(q: RawQuery, accountId: string): Promise<BusinessCalendar> {
  // One after another: `q` may be a transaction's connection (txQuery), which runs one query at a time.
  const h = await config.hoursOf(q, accountId);
  const holidays = await config.listHolidays(q, accountId);
  return { zone: h.time_zone ?? h.account_zone, hours: h.hours, holidays: holidays.map((x) => x.date) };
}

/** The policy a conversation of this team follows: the team's, else the default one. */
export function policyFor(policies: config.PolicyRow[], teamId: string | null) {
  return (teamId ? policies.find((p) => p.team_id === teamId) : undefined) ?? policies.find((p) => p.team_id === null) ?? null;
}

/** When a target of the policy started at `start` falls due, and when its warning goes (null: the policy sets no such target). */
export function deadlines(p: config.PolicyRow, kind: repo.TargetKind, start: Date, cal: BusinessCalendar) {
  const minutes = p[MINUTES[kind]];
  if (minutes === null) return null;
  const c = p.business_hours ? cal : { ...cal, hours: [] };
  return { dueAt: addBusinessMinutes(start, minutes, c), warnAt: addBusinessMinutes(start, (minutes * p.warn_percent) / 100, c) };
}

async function startTargets(q: RawQuery, accountId: string, conversationId: string, teamId: string | null, kinds: repo.TargetKind[], at: Date) {
  const policies = await config.listPolicies(q, accountId);
  const p = policyFor(policies, teamId);
  if (!p) return;
  const cal = await calendarOf(q, accountId);
  const rows: repo.NewTarget[] = [];
  for (const kind of kinds) {
    const d = deadlines(p, kind, at, cal);
    if (d) rows.push({ id: newUuid(), accountId, conversationId, kind, policyId: p.id, startedAt: at, ...d });
  }
  await repo.insertTargets(q, rows);
}

const awaitsReply = (t: repo.TargetRow) => t.kind !== 'resolution' && t.met_at === null && (t.status === 'active' || t.status === 'breached');

/**
 * A message in a conversation: the customer's text starts the first-response and resolution
 * targets (a new conversation) or a next-response target (after an answer); the agent's reply
 * meets the response targets that wait for it.
 */
export async function slaOnMessage(tx: Db, accountId: string, conversationId: string, kind: 'inbound' | 'outbound', at: Date, partnerId: string | null = null) {
  const q = txQuery(tx);
  if (kind === 'outbound') return repo.meetResponses(q, accountId, conversationId, at, partnerId);
  const c = await repo.conversationState(q, accountId, conversationId);
  if (!c || c.status === 'closed') return;
  const targets = await repo.targetsOf(q, accountId, conversationId);
  if (targets.some(awaitsReply)) return; // still waiting for the answer to an earlier text
  const started = targets.some((t) => t.kind === 'first_response');
  await startTargets(q, accountId, conversationId, c.team_id, started ? ['next_response'] : ['first_response', 'resolution'], at);
}

/**
 * slaOnMessage for an outbound message as one statement of a composed write (the send's data-modifying
 * CTE chain): meets the response targets waiting for a reply. Arguments are SQL expressions.
 */
export const slaOnReplySql = (accountId: string, conversationId: string, at: string, partnerId: string) => repo.meetResponsesSql(accountId, conversationId, at, partnerId);

/** slaOnReplySql for a set of replies (the batched send's): `source` yields (account_id, conversation_id, at, partner_id). */
export const slaOnRepliesSql = (source: string) => repo.meetResponsesEachSql(source);

/** A state change: a close resolves (stops every timer); a reopen starts a new resolution target. */
export async function slaOnState(tx: Db, accountId: string, conversationId: string, from: string, to: string, at: Date) {
  const q = txQuery(tx);
  if (to === 'closed' && from !== 'closed') return repo.closeTargets(q, accountId, conversationId, at);
  if (from === 'closed' && to !== 'closed') {
    const c = await repo.conversationState(q, accountId, conversationId);
    if (c) await startTargets(q, accountId, conversationId, c.team_id, ['resolution'], at);
  }
}

/**
 * Follows a policy change: every running target of the account's conversations that are not
 * closed gets the due and warning times of the policy its conversation follows now (from its
 * own start), and is breached or running again accordingly; a target the policy no longer sets stops.
 */
export async function recomputeSla(tx: Db, accountId: string, now: Date) {
  const q = txQuery(tx);
  const policies = await config.listPolicies(q, accountId);
  const cal = await calendarOf(q, accountId);
  const targets = await repo.openTargets(q, accountId);
  const updates = targets.map((t): repo.TargetUpdate => {
    const p = policyFor(policies, t.conversation_team_id);
    const d = p ? deadlines(p, t.kind, t.started_at, cal) : null;
    if (!p || !d) return { id: t.id, policyId: p?.id ?? null, dueAt: t.due_at, warnAt: t.warn_at, status: 'stopped', breachedAt: t.breached_at, warnedAt: t.warned_at };
    const breached = d.dueAt !== null && d.dueAt <= now;
    const warnPassed = d.warnAt !== null && d.warnAt <= now;
    return { id: t.id, policyId: p.id, ...d, status: breached ? 'breached' : 'active', breachedAt: breached ? d.dueAt : null, warnedAt: warnPassed ? t.warned_at : null };
  });
  await repo.updateTargets(q, accountId, updates);
  return updates.length;
}

/** Warns the assignee in the app (a notification) when the conversation has one; always an outbox event. */
export type SlaAlertSink = (tx: Db, alert: repo.Alert, type: 'sla.warning' | 'sla.breached') => Promise<void>;

const eventOf = (a: repo.Alert, type: string) => ({
  accountId: a.account_id, type, subjectId: a.conversation_id,
  payload: { conversationId: a.conversation_id, targetId: a.id, kind: a.kind, dueAt: a.due_at.toISOString(), assigneeUserId: a.assignee_user_id, teamId: a.team_id },
});

/**
 * The sweep (a job every minute, and tests with a controlled clock): follows team and policy
 * changes, then warns targets whose warning time has come and breaches those past due, each
 * in batches that commit with their events.
 */
export async function sweepSla(ctx: Ctx, notify?: SlaAlertSink) {
  const now = ctx.now();
  for (const accountId of await repo.accountsWithStalePolicies(ctx.database.query)) await withTx(ctx.db, (tx) => recomputeSla(tx, accountId, now));
  let warned = 0;
  let breached = 0;
  for (const [take, type] of [[repo.takeWarnings, 'sla.warning'], [repo.takeBreaches, 'sla.breached']] as const) {
    for (;;) {
      const n = await withTx(ctx.db, async (tx) => {
        const alerts = await take(txQuery(tx), now, 200);
        await appendEvents(tx, alerts.map((a) => eventOf(a, type)));
        if (notify) for (const a of alerts) await notify(tx, a, type);
        return alerts.length;
      });
      if (type === 'sla.warning') warned += n;
      else breached += n;
      if (n < 200) break;
    }
  }
  return { warned, breached };
}
