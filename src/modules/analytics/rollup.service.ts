import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import type { Tx } from '../../db/tx.js';
import { latestCampaignOf, messagesByIds, type MessageRow } from '../messaging/messages.service.js';
import { listNumbers } from '../messaging/numbers.service.js';
import { accountPricer } from '../billing/metering.service.js';
import { consumeOnce, type OutboxEvent } from '../outbox/outbox.service.js';
import * as repo from './analytics.repo.js';
import { countsOf, NONE, responseBuckets, utcHour } from './rules.js';

/** The outbox consumer's name: its durable position is in outbox_positions, like the webhooks'. */
export const ANALYTICS_CONSUMER = 'analytics';
export const ANALYTICS_ROLLUP_JOB = 'analytics.rollup';

const MESSAGE_EVENTS = new Set(['message.created', 'message.status_changed', 'message.received']);
/**
 * Every consent write (keyword, sign-up form, API, agent, CSV import, erasure) appends one
 * `consent.recorded` (consent.service): opt-ins and opt-outs are counted from it alone. The public
 * `contact.opted_in` / `contact.opted_out` events of keywords and forms accompany such a write in
 * the same transaction, so they are not counted again.
 */
const CONSENT_RECORDED = 'consent.recorded';
/** An opt-out is credited to the campaign whose text reached the contact within this window before it. */
const OPT_OUT_ATTRIBUTION_MS = 7 * 86_400_000;

const zero = (accountId: string, hour: string, numberId: string, campaignId: string): repo.DailyDelta => ({
  accountId, hour, numberId, campaignId, sent: 0, delivered: 0, failed: 0, received: 0, segmentsOut: 0, segmentsIn: 0, costMicros: 0,
  optIns: 0, optOuts: 0, responses: 0, responseMsSum: 0, responses5m: 0, responses1h: 0, responses24h: 0,
});

/** Accumulates one batch's deltas in memory: one upsert per table per batch. */
class Deltas {
  daily = new Map<string, repo.DailyDelta>();
  errors = new Map<string, repo.ErrorDelta>();
  row(accountId: string, at: Date, numberId: string | null, campaignId: string | null) {
    const hour = utcHour(at);
    const key = `${accountId}|${hour}|${numberId ?? NONE}|${campaignId ?? NONE}`;
    return this.daily.get(key) ?? this.daily.set(key, zero(accountId, hour, numberId ?? NONE, campaignId ?? NONE)).get(key)!;
  }
  error(accountId: string, at: Date, numberId: string, code: string) {
    const hour = utcHour(at);
    const key = `${accountId}|${hour}|${numberId}|${code}`;
    const e = this.errors.get(key) ?? this.errors.set(key, { accountId, hour, numberId, errorCode: code, failed: 0 }).get(key)!;
    e.failed += 1;
  }
}

const isReply = (m: MessageRow) => m.direction === 'outbound' && m.kind === 'conversational' && !m.campaignId && !!m.conversationId;
const str = (v: unknown) => (typeof v === 'string' ? v : null);
const count = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : 0);
const idList = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

type Pricer = Awaited<ReturnType<typeof accountPricer>>;

/** What a handed-over text costs at the account's prices (as billing meters it): its segments (an MMS: one unit) × the unit price. */
function costOf(m: MessageRow, types: Map<string, string>, price: Pricer): number {
  const mms = Array.isArray(m.media) && m.media.length > 0;
  return (mms ? 1 : Math.max(1, m.segments)) * price(m.to, types.get(m.numberId) ?? 'long_code', mms);
}

/** One account's events of the batch, in outbox order, into `d` (and its inbox open state). */
async function applyAccount(tx: Tx, accountId: string, events: OutboxEvent[], d: Deltas): Promise<void> {
  const ids = new Set<string>();
  for (const e of events) {
    const id = MESSAGE_EVENTS.has(e.type) ? e.subjectId : str(e.payload.messageId);
    if (id) ids.add(id);
  }
  const facts = new Map((await messagesByIds(tx, accountId, [...ids])).map((m) => [m.id, m]));
  const types = new Map((await listNumbers(tx, accountId)).map((n) => [n.id, n.type]));
  const price = await accountPricer(tx, accountId);
  const stoppers = [...new Set(events.filter((e) => e.type === CONSENT_RECORDED).flatMap((e) => idList(e.payload.optOutContactIds)))];
  const first = events[0].createdAt;
  const last = events[events.length - 1].createdAt;
  const campaignOf = new Map(stoppers.length
    ? (await latestCampaignOf(tx, accountId, stoppers, new Date(Math.min(first.getTime(), last.getTime()) - OPT_OUT_ATTRIBUTION_MS), new Date(Math.max(first.getTime(), last.getTime()))))
      .map((r) => [r.contact_id, r.campaign_id])
    : []);
  const conversations = [...new Set([...facts.values()].filter((m) => m.conversationId && (m.direction === 'inbound' || isReply(m))).map((m) => m.conversationId!))];
  const open = await repo.openInbound(tx, accountId, conversations);

  for (const e of events) {
    if (e.type === CONSENT_RECORDED) {
      // A keyword's consent names its text (the number); an opt-out listed by contact goes to its campaign.
      const numberId = facts.get(str(e.payload.messageId) ?? '')?.numberId ?? null;
      const optIns = count(e.payload.optIns);
      if (optIns) d.row(accountId, e.createdAt, numberId, null).optIns += optIns;
      const listed = idList(e.payload.optOutContactIds);
      for (const c of listed) d.row(accountId, e.createdAt, numberId, campaignOf.get(c) || null).optOuts += 1;
      const rest = count(e.payload.optOuts) - listed.length;
      if (rest > 0) d.row(accountId, e.createdAt, numberId, null).optOuts += rest;
      continue;
    }
    const m = e.subjectId ? facts.get(e.subjectId) : undefined;
    if (!m) continue; // erased since: nothing left to count it by
    if (e.type === 'message.received') {
      const r = d.row(accountId, e.createdAt, m.numberId, null);
      r.received += 1;
      r.segmentsIn += m.segments;
      if (m.conversationId && !open.has(m.conversationId)) open.set(m.conversationId, e.createdAt);
      continue;
    }
    const to = str(e.payload.status);
    if (!to) continue;
    const c = countsOf(e.type === 'message.created' ? null : str(e.payload.from), to);
    const r = d.row(accountId, e.createdAt, m.numberId, m.campaignId);
    r.sent += c.sent;
    r.delivered += c.delivered;
    r.failed += c.failed;
    if (c.sent) { r.segmentsOut += m.segments; r.costMicros += costOf(m, types, price); }
    if (c.failed) d.error(accountId, e.createdAt, m.numberId, str(e.payload.errorCode) ?? 'unknown');
    if (e.type === 'message.created' && isReply(m)) {
      const since = open.get(m.conversationId!);
      if (since) {
        const ms = Math.max(0, e.createdAt.getTime() - since.getTime());
        const b = responseBuckets(ms);
        r.responses += 1; r.responseMsSum += ms; r.responses5m += b.le5m; r.responses1h += b.le1h; r.responses24h += b.le24h;
        open.delete(m.conversationId!);
      }
    }
  }
  await repo.saveOpenInbound(tx, accountId, conversations, open);
}

/** Rolls one batch of outbox events into the day rows (see consumeOnce: position and rows commit together). */
export async function applyEvents(tx: Tx, events: OutboxEvent[]): Promise<void> {
  const byAccount = new Map<string, OutboxEvent[]>();
  for (const e of events) {
    if (!MESSAGE_EVENTS.has(e.type) && e.type !== CONSENT_RECORDED) continue;
    (byAccount.get(e.accountId) ?? byAccount.set(e.accountId, []).get(e.accountId)!).push(e);
  }
  const d = new Deltas();
  for (const [accountId, list] of byAccount) await applyAccount(tx, accountId, list, d);
  await repo.addDaily(tx, [...d.daily.values()]);
  await repo.addErrors(tx, [...d.errors.values()]);
}

export interface RollupOptions { limit?: number; /** Tests: runs after the upserts, before the commit (a throw rolls all back). */ beforeCommit?: () => Promise<void> | void }

/**
 * The next batch of outbox events into the rollups. The consumer starts at the outbox's start, so
 * its first runs are the backfill of everything already there; afterwards it follows the outbox.
 * Crash-safe and idempotent: the upserts and the new position commit in one transaction.
 */
export function rollupOnce(db: Db, opts: RollupOptions = {}): Promise<number> {
  return consumeOnce(db, ANALYTICS_CONSUMER, async (events, tx) => {
    await applyEvents(tx, events);
    await opts.beforeCommit?.();
  }, { limit: opts.limit ?? 1000 });
}

/** Rolls up until nothing final is left (the job, and the backfill); how many events were read. */
export async function rollupAll(ctx: Pick<Ctx, 'db'>, opts: RollupOptions = {}): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await rollupOnce(ctx.db, opts);
    total += n;
    if (n === 0) return total;
  }
}
