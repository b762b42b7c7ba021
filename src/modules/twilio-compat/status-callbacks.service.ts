/**
 * StatusCallback of messages sent through the Twilio-compatible API: every status change of such
 * a message (from the outbox: `message.created`, `message.status_changed`) is POSTed to its
 * StatusCallback URL in Twilio's form (MessageSid, SmsSid, AccountSid, From, To, MessageStatus,
 * SmsStatus, ErrorCode, ApiVersion, MessagingServiceSid), signed with X-Twilio-Signature using the
 * account's auth token.
 *
 * - Fan-out: the outbox consumer 'twilio-status-callbacks' turns events into rows in its own
 *   transaction (at least once, none skipped; one row per event, unique).
 * - Delivery: rows are claimed (SKIP LOCKED, claims expire) and posted through the outbound guard
 *   (SSRF, DNS pinning, WEBHOOK_ALLOWED_HOSTS, WEBHOOK_TIMEOUT_MS) with the webhooks' retry
 *   schedule, by a worker loop of its own: nothing here runs in the dispatcher.
 */
import type { Ctx } from '../../context.js';
import { newUuid } from '../../lib/ids.js';
import { guardedPost } from '../../lib/net-guard-post.js';
import { expectedSignature } from '../../providers/twilio/signature.js';
import { messagesByIds } from '../messaging/messages.service.js';
import { consumeOnce } from '../outbox/outbox.service.js';
import { nextAttemptAt, outcomeOf } from '../webhooks/retry.js';
import { twilioCredentialsOf } from './credentials.service.js';
import { encodeForm } from './inbound-form.js';
import { API_VERSION, twilioErrorCode, twilioStatus } from './message-json.js';
import * as repo from './messages.repo.js';
import { twilioRequestIdOf } from './messages.service.js';
import { sidOf } from './sids.js';

export const STATUS_CALLBACK_CONSUMER = 'twilio-status-callbacks';
const TYPES = new Set(['message.created', 'message.status_changed']);

/** Turns the next outbox events into callback rows; how many events were read. */
export function fanOutStatusCallbacks(ctx: Ctx, limit = 500): Promise<number> {
  return consumeOnce(ctx.db, STATUS_CALLBACK_CONSUMER, async (events, tx) => {
    const byAccount = new Map<string, typeof events>();
    for (const e of events) if (TYPES.has(e.type) && e.subjectId) byAccount.set(e.accountId, [...(byAccount.get(e.accountId) ?? []), e]);
    const now = ctx.now();
    for (const [accountId, list] of byAccount) {
      const messages = (await messagesByIds(tx, accountId, [...new Set(list.map((e) => e.subjectId!))])).filter((m) => twilioRequestIdOf(m));
      if (!messages.length) continue;
      const asked = new Map((await repo.twilioMessagesByIds(tx, accountId, messages.map((m) => twilioRequestIdOf(m)!))).map((r) => [r.messageId, r.statusCallback]));
      const urlOf = new Map(messages.map((m) => [m.id, asked.get(twilioRequestIdOf(m)!) ?? null]));
      await repo.insertCallbacks(tx, list.filter((e) => urlOf.get(e.subjectId!)).map((e) => ({
        accountId, id: newUuid(), messageId: e.subjectId!, outboxEventId: e.id, messageStatus: String(e.payload.status),
        errorCode: typeof e.payload.errorCode === 'string' ? e.payload.errorCode : null, url: urlOf.get(e.subjectId!)!, nextAttemptAt: now,
      })));
    }
  }, { limit });
}

/** The form Twilio posts to a StatusCallback. */
export function statusCallbackForm(f: { messageId: string; accountSid: string; from: string; to: string; status: string; errorCode: string | null; serviceSid: string | null }) {
  const sid = sidOf('SM', f.messageId);
  const status = twilioStatus(f.status);
  const form: Record<string, string> = {
    MessageSid: sid, SmsSid: sid, AccountSid: f.accountSid, From: f.from, To: f.to, MessageStatus: status, SmsStatus: status, ApiVersion: API_VERSION,
  };
  const code = twilioErrorCode(f.errorCode, status);
  if (code !== null) form.ErrorCode = String(code);
  if (f.serviceSid) form.MessagingServiceSid = f.serviceSid;
  return form;
}

async function attempt(ctx: Ctx, c: repo.ClaimedCallback): Promise<void> {
  const now = ctx.now();
  const attempts = c.attempts + 1;
  const [m] = await messagesByIds(ctx.db, c.account_id, [c.message_id]);
  if (!m) {
    await repo.finishCallback(ctx.db, c.account_id, c.id, c.attempts, { status: 'failed', attempts, nextAttemptAt: null, lastStatusCode: null, lastError: 'The message was deleted.', lastAttemptAt: now });
    return;
  }
  const { accountSid, authToken } = await twilioCredentialsOf(ctx, c.account_id);
  const requestId = twilioRequestIdOf(m);
  const pool = requestId ? (await repo.twilioMessagesByIds(ctx.db, c.account_id, [requestId]))[0]?.poolId : null;
  const form = statusCallbackForm({ messageId: m.id, accountSid, from: m.from, to: m.to, status: c.message_status, errorCode: c.error_code, serviceSid: pool ? sidOf('MG', pool) : null });
  const r = await guardedPost(c.url, encodeForm(form), {
    allowedHosts: ctx.config.webhooks.allowedHosts, timeoutMs: ctx.config.webhooks.timeoutMs, excerptBytes: 512,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': expectedSignature(authToken, c.url, form), 'user-agent': 'TwilioProxy/1.1' },
  });
  const code = r.ok ? r.status : null;
  // A URL the guard refuses never becomes allowed by waiting: failed at once.
  const outcome = !r.ok && (r.code === 'invalid_url' || r.code === 'address_not_allowed') ? 'failed' : outcomeOf(code, attempts);
  const next = outcome === 'retry' ? nextAttemptAt(attempts, now, r.ok ? r.retryAfter : null) : null;
  await repo.finishCallback(ctx.db, c.account_id, c.id, c.attempts, {
    status: outcome === 'succeeded' ? 'succeeded' : next ? 'pending' : 'failed', attempts, nextAttemptAt: next, lastStatusCode: code,
    lastError: r.ok ? (outcome === 'succeeded' ? null : `HTTP ${r.status}`) : r.message.slice(0, 500), lastAttemptAt: now,
  });
}

/** Claims what is due and posts it, at most `concurrency` at once; how many were claimed. */
export async function deliverStatusCallbacksOnce(ctx: Ctx, limit = ctx.config.webhooks.concurrency): Promise<number> {
  const now = ctx.now();
  const claimed = await repo.claimDueCallbacks(ctx.database.query, now, new Date(now.getTime() + ctx.config.webhooks.timeoutMs + 60_000), limit);
  // One message's callbacks go one after the other, in the order of its events; messages in parallel.
  const byMessage = new Map<string, repo.ClaimedCallback[]>();
  for (const c of claimed) byMessage.set(`${c.account_id}/${c.message_id}`, [...(byMessage.get(`${c.account_id}/${c.message_id}`) ?? []), c]);
  await Promise.all([...byMessage.values()].map(async (list) => {
    for (const c of list.sort((x, y) => x.outbox_event_id - y.outbox_event_id)) await attempt(ctx, c);
  }));
  return claimed.length;
}

/** Tests and tools: fans out and delivers until nothing is left due now. */
export async function flushStatusCallbacks(ctx: Ctx): Promise<number> {
  let total = 0;
  while ((await fanOutStatusCallbacks(ctx)) > 0);
  for (;;) {
    const n = await deliverStatusCallbacksOnce(ctx);
    total += n;
    if (n === 0) return total;
  }
}

export const callbacksOf = (ctx: Ctx, accountId: string, messageId: string) => repo.callbacksOf(ctx.db, accountId, messageId);

/** The worker (worker role): fan-out and delivery loops of their own, backing off while idle. */
export function startStatusCallbackWorker(ctx: Ctx, log: { error: (o: object, m: string) => void }) {
  let running = true;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const loop = async (step: () => Promise<number>, what: string) => {
    let idle = 50;
    while (running) {
      try {
        idle = (await step()) > 0 ? 0 : Math.min(500, idle * 2 || 50);
      } catch (err) {
        log.error({ err }, `twilio status callback ${what} failed`);
        idle = 1000;
      }
      await sleep(idle || 1);
    }
  };
  const loops = [loop(() => fanOutStatusCallbacks(ctx), 'fan-out'), loop(() => deliverStatusCallbacksOnce(ctx), 'delivery')];
  return { stop: async () => { running = false; await Promise.all(loops); } };
}
