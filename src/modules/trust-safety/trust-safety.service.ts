import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import type { OperatorAuth } from '../../http/auth.js';
import type { Actor, RequestMeta } from '../../lib/actor.js';
import { conflict, notFound, unprocessable } from '../../lib/errors.js';
import { newUuid } from '../../lib/ids.js';
import { recordAudit } from '../audit/audit.service.js';
import { queueEmail } from '../email/email.service.js';
import { recordOperatorAudit } from '../operators/operator-audit.service.js';
import { activeHolds, holdHistory, liftHold, placeHold } from './holds.service.js';
import * as repo from './trust-safety.repo.js';
import * as sq from './signals.repo.js';
import {
  DEFAULT_THRESHOLDS, contentStats, evaluateSignals, pumpingStats, thresholdsFrom, type Signal, type Thresholds, type TrafficStats,
} from './signals.js';

export type { ActionRow, AppealMessageRow, AppealRow, NoticeRow, ReviewRow } from './trust-safety.repo.js';

export const RISK_SIGNALS_JOB = 'trust-safety.signals';
export const ENFORCEMENT_ACTIONS = ['warn', 'throttle', 'suspend', 'terminate', 'reinstate'] as const;
export type EnforcementAction = (typeof ENFORCEMENT_ACTIONS)[number];
/** Messages per second a throttled account's senders refill at, unless the operator gives a rate. */
export const DEFAULT_THROTTLE_MPS = 0.2;

// ---------------------------------------------------------------- thresholds

export async function thresholds(ctx: Ctx): Promise<Thresholds> {
  return thresholdsFrom(await sq.storedThresholds(ctx.db));
}

export async function saveThresholds(ctx: Ctx, op: OperatorAuth, values: Partial<Thresholds>, meta: RequestMeta): Promise<Thresholds> {
  const merged = thresholdsFrom({ ...(await sq.storedThresholds(ctx.db)), ...values });
  const changed = Object.fromEntries(Object.entries(merged).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(DEFAULT_THRESHOLDS[k as keyof Thresholds])));
  await withTx(ctx.db, async (tx) => {
    await sq.saveThresholds(tx, changed, op.operatorId);
    await recordOperatorAudit(ctx, { operator: op, action: 'risk.thresholds_changed', details: { values }, meta }, tx);
  });
  return merged;
}

// ---------------------------------------------------------------- signals

/** The carriers' filtering codes (SQL LIKE patterns), as campaign guardrails use them. */
const filteredPatterns = (ctx: Ctx) => [...new Set([...ctx.carriers.values()].flatMap((k) => k.filteredErrorCodes ?? []))];

/** Every signal of an account over the window ending `now`: the account's, then each campaign's (crossed or not). */
export async function computeSignals(ctx: Ctx, accountId: string, now: Date, t: Thresholds): Promise<Signal[]> {
  const to = now;
  const from = new Date(now.getTime() - t.windowHours * 3_600_000);
  const baselineFrom = new Date(from.getTime() - t.baselineDays * 86_400_000);
  const [counts, opts, firsts, bodies, destinations, baselineSent] = await Promise.all([
    sq.windowCounts(ctx.db, accountId, from, to, filteredPatterns(ctx)),
    sq.optOuts(ctx.db, accountId, from, to, t.firstMessageStopHours),
    sq.firstTexted(ctx.db, accountId, from, to),
    sq.windowBodies(ctx.db, accountId, from, to),
    sq.windowDestinations(ctx.db, accountId, from, to),
    sq.sentBetween(ctx.db, accountId, baselineFrom, from),
  ]);
  const empty = (): TrafficStats => ({ sent: 0, optOuts: 0, firstTexted: 0, firstMessageStops: 0, carrierFiltered: 0, noConsent: 0 });
  const byCampaign = new Map<string, TrafficStats>();
  const account = empty();
  const of = (id: string | null) => {
    if (!id) return null;
    let s = byCampaign.get(id);
    if (!s) byCampaign.set(id, (s = empty()));
    return s;
  };
  for (const c of counts) {
    for (const s of [account, of(c.campaign_id)]) {
      if (!s) continue;
      s.sent += c.sent; s.carrierFiltered += c.carrier_filtered; s.noConsent += c.no_consent;
    }
  }
  for (const o of opts) for (const s of [account, of(o.campaign_id)]) if (s) { s.optOuts += o.opt_outs; s.firstMessageStops += o.first_message_stops; }
  for (const f of firsts) for (const s of [account, of(f.campaign_id)]) if (s) s.firstTexted += f.n;
  account.baselineSent = baselineSent;
  account.content = contentStats(bodies);
  account.pumping = pumpingStats(destinations, t);
  for (const [id, s] of byCampaign) s.content = contentStats(bodies.filter((b) => b.campaign_id === id));
  return [
    ...evaluateSignals(account, t),
    ...[...byCampaign].flatMap(([id, s]) => evaluateSignals(s, t, id)),
  ];
}

/**
 * Evaluates one account: when any signal crossed its threshold, the account enters the review
 * queue (its open review, opened now or updated with these signals). Returns the crossed signals.
 */
export async function evaluateAccount(ctx: Ctx, accountId: string, t?: Thresholds): Promise<{ crossed: Signal[]; reviewId: string | null }> {
  const th = t ?? await thresholds(ctx);
  const crossed = (await computeSignals(ctx, accountId, ctx.now(), th)).filter((s) => s.crossed);
  if (!crossed.length) return { crossed, reviewId: null };
  const r = await withTx(ctx.db, async (tx) => {
    const review = await repo.upsertOpenReview(tx, newUuid(), accountId, crossed);
    if (review.opened) {
      await recordAudit(tx, { accountId, actor: SYSTEM, action: 'trust_safety.review_opened', target: { type: 'review', id: review.id }, details: { signals: crossed.map((s) => s.code) } });
    }
    return review;
  });
  return { crossed, reviewId: r.id };
}

const SYSTEM: Actor = { type: 'system', id: null, label: 'risk signals' };

/** The periodic job: every active account that texted in the window, a page of accounts at a time. */
export async function runRiskSignals(ctx: Ctx): Promise<{ accounts: number; flagged: number }> {
  const t = await thresholds(ctx);
  const from = new Date(ctx.now().getTime() - t.windowHours * 3_600_000);
  let after: string | null = null;
  let accounts = 0;
  let flagged = 0;
  for (;;) {
    const page = await sq.activeAccounts(ctx.db, from, after, 200);
    for (const id of page) {
      accounts++;
      if ((await evaluateAccount(ctx, id, t)).reviewId) flagged++;
    }
    if (page.length < 200) return { accounts, flagged };
    after = page[page.length - 1];
  }
}

// ---------------------------------------------------------------- review queue

export async function listReviews(ctx: Ctx, status: 'open' | 'dismissed' | 'actioned', after: { at: Date; id: string } | null, limit: number) {
  return repo.listReviews(ctx.db, status, after, limit);
}

export async function getReview(ctx: Ctx, id: string) {
  const r = await repo.findReview(ctx.db, id);
  if (!r) throw notFound('Review');
  return r;
}

/** Dismisses an open review (nothing to act on), recorded in both logs. */
export async function dismissReview(ctx: Ctx, op: OperatorAuth, id: string, note: string, meta: RequestMeta) {
  const review = await getReview(ctx, id);
  if (review.status !== 'open') throw conflict('review_resolved', 'This review is already resolved.');
  await withTx(ctx.db, async (tx) => {
    if (!(await repo.resolveReview(tx, id, 'dismissed', op.operatorId, note))) throw conflict('review_resolved', 'This review is already resolved.');
    await recordAudit(tx, { accountId: review.account_id, actor: op.actor, action: 'trust_safety.review_dismissed', target: { type: 'review', id }, details: { note }, meta });
    await recordOperatorAudit(ctx, { operator: op, action: 'review.dismissed', target: { type: 'account', id: review.account_id }, details: { reviewId: id, note }, meta }, tx);
  });
  return getReview(ctx, id);
}

// ---------------------------------------------------------------- enforcement

const STATE_OF: Record<EnforcementAction, string> = { warn: 'warned', throttle: 'throttled', suspend: 'suspended', terminate: 'terminated', reinstate: 'active' };

function noticeText(action: EnforcementAction, accountName: string, reason: string, throttleMps: number | null) {
  const why = `Reason: ${reason}`;
  switch (action) {
    case 'warn': return { title: 'Warning about your texting', body: `${accountName} received a warning from West Message trust & safety. ${why}. Please review your consent practices; continued issues may lead to throttling or suspension. You can reply through an appeal.` };
    case 'throttle': return { title: 'Your sending rate is limited', body: `${accountName}'s sending is limited to ${throttleMps} message(s) per second per number. ${why}. Queued messages go out at the lower rate. You can appeal.` };
    case 'suspend': return { title: 'Sending is suspended', body: `${accountName}'s sending is suspended. ${why}. Your queued messages are held, not sent and not deleted; they go out only if the account is reinstated. New messages are accepted and held. You can appeal from the app.` };
    case 'terminate': return { title: 'Your account is terminated', body: `${accountName} is terminated. ${why}. Nothing more is sent and members can no longer sign in; records are kept. To appeal, reply to this email.` };
    case 'reinstate': return { title: 'Your account is reinstated', body: `${accountName} is reinstated. ${why}. Held messages are being sent and normal sending rates apply again.` };
  }
}

export interface EnforceInput { action: EnforcementAction; reason: string; throttleMps?: number | null; reviewId?: string | null }

/**
 * An enforcement action on a business account, in one transaction: its state (throttle rate,
 * sending hold, account status), the action's record (kept as evidence), the in-app notice, the
 * email to each owner (the outbox), an entry in the account's audit log and one in the operators'
 * log, and the account's open review closed as actioned.
 *
 * suspend: a sending hold 'enforcement' (queued messages held, new ones accepted and held).
 * terminate: the hold too, and the account's status 'terminated' (API keys and sessions refused,
 * so nothing new is accepted; nothing is deleted). reinstate: the hold lifted (held messages due
 * again, each sent once), the throttle cleared, a terminated account active again.
 */
export async function enforce(ctx: Ctx, op: OperatorAuth, accountId: string, input: EnforceInput, meta: RequestMeta) {
  const reason = input.reason.trim();
  if (!reason) throw unprocessable('reason_required', 'Give a reason: it is sent to the account owner.');
  const throttleMps = input.action === 'throttle' ? (input.throttleMps ?? DEFAULT_THROTTLE_MPS) : null;
  if (throttleMps !== null && !(throttleMps > 0)) throw unprocessable('invalid_throttle', 'The throttled rate must be above 0 messages per second.');
  return withTx(ctx.db, async (tx) => {
    const account = await repo.lockAccount(tx, accountId);
    if (!account) throw notFound('Account');
    if (account.status !== 'active' && !(account.status === 'terminated' && input.action === 'reinstate')) {
      throw conflict('account_not_active', `The account is ${account.status}; only reinstate applies.`);
    }
    const by = op.operatorId ?? 'token';
    if (input.action === 'suspend' || input.action === 'terminate') await placeHold(tx, { accountId, kind: 'enforcement', reason, placedBy: by });
    if (input.action === 'reinstate') await liftHold(tx, { accountId, kind: 'enforcement', liftedBy: by });
    if (input.action === 'terminate') await repo.setAccountStatus(tx, accountId, 'terminated');
    if (input.action === 'reinstate' && account.status === 'terminated') await repo.setAccountStatus(tx, accountId, 'active');
    const current = await repo.enforcementOf(tx, accountId);
    // A warning keeps a stricter state in force (a warned, throttled account stays throttled).
    const keep = input.action === 'warn' && current && current.state !== 'active';
    if (!keep) await repo.setEnforcement(tx, accountId, STATE_OF[input.action], throttleMps, reason);
    const reviewId = await repo.actionOpenReview(tx, accountId, op.operatorId, `${input.action}: ${reason}`);
    const actionId = newUuid();
    await repo.insertAction(tx, {
      id: actionId, account_id: accountId, action: input.action, reason, throttle_mps: throttleMps, review_id: reviewId ?? input.reviewId ?? null,
      operator_id: op.operatorId, operator_label: op.actor.label,
    });
    const notice = noticeText(input.action, account.name, reason, throttleMps);
    await repo.insertNotice(tx, { id: newUuid(), account_id: accountId, kind: input.action, title: notice.title, body: notice.body, action_id: actionId });
    for (const to of await repo.ownerEmails(tx, accountId)) {
      await queueEmail(ctx, tx, {
        accountId, to, subject: `West Message: ${notice.title}`,
        text: `${notice.body}\n\n${input.action === 'terminate' ? '' : `Notices and appeals: ${ctx.config.publicUrl}/account/notices\n`}`,
      });
    }
    const details = { reason, ...(throttleMps !== null ? { throttleMps } : {}), actionId, ...(reviewId ? { reviewId } : {}) };
    await recordAudit(tx, { accountId, actor: op.actor, action: `trust_safety.${input.action}`, target: { type: 'account', id: accountId }, details, meta });
    await recordOperatorAudit(ctx, { operator: op, action: `account.${STATE_OF[input.action] === 'active' ? 'reinstated' : STATE_OF[input.action]}`, target: { type: 'account', id: accountId }, details, meta }, tx);
    return { actionId, state: keep ? current!.state : STATE_OF[input.action] };
  });
}

/** The console's trust & safety section of an account (src/modules/operators AccountSections). */
export async function trustSafetySection(ctx: Ctx, accountId: string) {
  const [enforcement, holds, history, actions, reviews, appeals] = await Promise.all([
    repo.enforcementOf(ctx.db, accountId), activeHolds(ctx.db, accountId), holdHistory(ctx.db, accountId, 20),
    repo.actionsOf(ctx.db, accountId, 20), repo.reviewsOfAccount(ctx.db, accountId, 5), repo.listAppeals(ctx.db, { accountId }, 20),
  ]);
  return { enforcement, holds, history, actions, reviews, appeals };
}

export async function accountTrustSafety(ctx: Ctx, accountId: string) {
  const [enforcement, holds, actions, reviews] = await Promise.all([
    repo.enforcementOf(ctx.db, accountId), activeHolds(ctx.db, accountId), repo.actionsOf(ctx.db, accountId, 50), repo.reviewsOfAccount(ctx.db, accountId, 10),
  ]);
  return { enforcement, holds, actions, reviews };
}

// ---------------------------------------------------------------- notices (the account's side)

export async function notices(ctx: Ctx, accountId: string) {
  const [rows, enforcement, holds] = await Promise.all([repo.noticesOf(ctx.db, accountId), repo.enforcementOf(ctx.db, accountId), activeHolds(ctx.db, accountId)]);
  return { notices: rows, state: enforcement?.state ?? 'active', sendingHeld: holds.length > 0, holds };
}

export async function acknowledgeNotice(ctx: Ctx, accountId: string, id: string) {
  if (!(await repo.acknowledgeNotice(ctx.db, accountId, id))) throw notFound('Notice');
}

// ---------------------------------------------------------------- appeals

export interface AccountAuthor { accountId: string; userId: string | null; actor: Actor }

export async function createAppeal(ctx: Ctx, who: AccountAuthor, input: { subject: string; body: string }, meta: RequestMeta) {
  const id = newUuid();
  await withTx(ctx.db, async (tx) => {
    await repo.insertAppeal(tx, { id, account_id: who.accountId, subject: input.subject.trim(), created_by_user_id: who.userId });
    await repo.insertAppealMessage(tx, { id: newUuid(), account_id: who.accountId, appeal_id: id, author_kind: 'account', author_user_id: who.userId, author_operator: null, body: input.body.trim() });
    await recordAudit(tx, { accountId: who.accountId, actor: who.actor, action: 'trust_safety.appeal_opened', target: { type: 'appeal', id }, meta });
  });
  return appealOf(ctx, who.accountId, id);
}

/** An appeal with its thread; `accountId` null: an operator's read (any account). */
export async function appealOf(ctx: Ctx, accountId: string | null, id: string) {
  const appeal = await repo.findAppeal(ctx.db, accountId, id);
  if (!appeal) throw notFound('Appeal');
  return { appeal, messages: await repo.appealMessages(ctx.db, appeal.account_id, id) };
}

export const accountAppeals = (ctx: Ctx, accountId: string) => repo.listAppeals(ctx.db, { accountId });
export const operatorAppeals = (ctx: Ctx, status?: 'open' | 'closed') => repo.listAppeals(ctx.db, { status });

export async function replyAsAccount(ctx: Ctx, who: AccountAuthor, id: string, body: string, meta: RequestMeta) {
  const { appeal } = await appealOf(ctx, who.accountId, id);
  if (appeal.status !== 'open') throw conflict('appeal_closed', 'This appeal is closed.');
  await withTx(ctx.db, async (tx) => {
    await repo.insertAppealMessage(tx, { id: newUuid(), account_id: who.accountId, appeal_id: id, author_kind: 'account', author_user_id: who.userId, author_operator: null, body: body.trim() });
    await recordAudit(tx, { accountId: who.accountId, actor: who.actor, action: 'trust_safety.appeal_message', target: { type: 'appeal', id }, meta });
  });
  return appealOf(ctx, who.accountId, id);
}

/** An operator's answer in the thread (optionally closing it); the owners are emailed. */
export async function replyAsOperator(ctx: Ctx, op: OperatorAuth, id: string, input: { body: string; close?: boolean }, meta: RequestMeta) {
  const { appeal } = await appealOf(ctx, null, id);
  if (appeal.status !== 'open') throw conflict('appeal_closed', 'This appeal is closed.');
  await withTx(ctx.db, async (tx) => {
    await repo.insertAppealMessage(tx, { id: newUuid(), account_id: appeal.account_id, appeal_id: id, author_kind: 'operator', author_user_id: null, author_operator: op.actor.label ?? 'West Message trust & safety', body: input.body.trim() });
    if (input.close) await repo.setAppealStatus(tx, appeal.account_id, id, 'closed');
    for (const to of await repo.ownerEmails(tx, appeal.account_id)) {
      await queueEmail(ctx, tx, { accountId: appeal.account_id, to, subject: `West Message: an answer to your appeal`, text: `Trust & safety answered your appeal "${appeal.subject}":\n\n${input.body.trim()}\n\n${ctx.config.publicUrl}/account/notices\n` });
    }
    await recordAudit(tx, { accountId: appeal.account_id, actor: op.actor, action: 'trust_safety.appeal_answered', target: { type: 'appeal', id }, details: { closed: !!input.close }, meta });
    await recordOperatorAudit(ctx, { operator: op, action: 'appeal.answered', target: { type: 'account', id: appeal.account_id }, details: { appealId: id, closed: !!input.close }, meta }, tx);
  });
  return appealOf(ctx, null, id);
}


