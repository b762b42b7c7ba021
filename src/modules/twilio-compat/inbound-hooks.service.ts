/**
 * Twilio-compatible inbound webhooks (issue 12): a text to a number with a Twilio SMS URL is
 * posted there in Twilio's form, signed with X-Twilio-Signature (the account's auth token), and
 * the TwiML answer's <Message> verbs are sent as replies through the normal send path.
 *
 * - Fan-out: an outbox consumer ('twilio-inbound') turns `message.received` events into delivery
 *   rows in its own transaction (at least once, none skipped; one row per text).
 * - Delivery: rows are claimed (SKIP LOCKED, claims expire) and posted through the outbound guard
 *   (SSRF, DNS pinning, WEBHOOK_ALLOWED_HOSTS, WEBHOOK_TIMEOUT_MS); failures follow the webhooks'
 *   retry schedule. Nothing here runs in the carrier's inbound request.
 * - Replies: at most MAX_TWIML_REPLIES (10, Twilio's limit) per text, the rest refused with 14109 in
 *   the log; each <Message> is sent with the once-only key `twiml:<delivery>:<n>`, so a delivery
 *   tried again (a crash after the answer, before it was recorded) never sends a reply twice; the
 *   send path's rules apply (an opted-out sender gets nothing, and the reason is recorded).
 */
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import type { TwimlOutcome } from '../../db/schema/index.js';
import { withTx, type Tx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import { AppError } from '../../lib/errors.js';
import { newUuid } from '../../lib/ids.js';
import { guardedPost, type PostResult } from '../../lib/net-guard-post.js';
import { expectedSignature } from '../../providers/twilio/signature.js';
import { findAccount } from '../accounts/account.service.js';
import { carrierMediaUrls } from '../media/media.service.js';
import { messagesByIds, type MessageRow } from '../messaging/messages.service.js';
import { twilioSmsUrlsOf } from '../messaging/numbers.service.js';
import { sendMessage } from '../messaging/send.service.js';
import { consumeOnce } from '../outbox/outbox.service.js';
import { nextAttemptAt, outcomeOf } from '../webhooks/retry.js';
import { twilioCredentialsOf } from './credentials.service.js';
import { encodeForm, inboundForm } from './inbound-form.js';
import * as repo from './inbound-hooks.repo.js';
import { sidOf } from './sids.js';
import { parseTwiml, TWIML_PARSE_FAILURE, type TwimlMessage } from './twiml.js';

export type { InboundAttemptRow, InboundDeliveryRow } from './inbound-hooks.repo.js';

/** The outbox consumer's name (its durable position is in outbox_positions). */
export const TWILIO_INBOUND_CONSUMER = 'twilio-inbound';
/** The largest TwiML answer read (Twilio's own limit for a TwiML document is 64 KB). */
export const MAX_TWIML_BYTES = 64 * 1024;
export const USER_AGENT = 'WestMessage-TwilioCompat/1.0';
/**
 * The most replies one incoming text gets (Twilio's documented limit: warning 14109, "You can send a
 * maximum of 10 TwiML replies per incoming message"): the first ten <Message> verbs are sent, the
 * rest refused and recorded on the delivery, so a receiver's runaway answer never queues thousands of texts.
 */
export const MAX_TWIML_REPLIES = 10;
export const TWIML_REPLY_LIMIT_EXCEEDED = 14109;
/**
 * The most TwiML replies one contact gets an hour: a receiver answering every text, texted by a bot (or
 * another business's number with the same kind of app), would otherwise answer it — each reply billed —
 * for ever. A reply to the texting contact past it is refused (`auto_reply_limit`, recorded on the delivery).
 */
export const MAX_TWIML_REPLIES_PER_CONTACT_HOUR = 30;

/** Turns the next `message.received` events of numbers with a Twilio SMS URL into deliveries, with the consumer's position, in one transaction. */
export function fanOutInbound(ctx: Ctx, limit = 500): Promise<number> {
  return consumeOnce(ctx.db, TWILIO_INBOUND_CONSUMER, async (events, tx) => {
    const received = events.filter((e) => e.type === 'message.received' && e.subjectId);
    if (!received.length) return;
    const urls = await twilioSmsUrlsOf(tx, [...new Set(received.map((e) => e.accountId))]);
    if (!urls.size) return;
    const rows: repo.NewInboundDelivery[] = [];
    const now = ctx.now();
    for (const accountId of new Set(received.filter((e) => [...urls.keys()].some((k) => k.startsWith(`${e.accountId}:`))).map((e) => e.accountId))) {
      const ids = received.filter((e) => e.accountId === accountId).map((e) => e.subjectId!);
      for (const m of await messagesByIds(tx, accountId, ids)) {
        const target = m.numberId ? urls.get(`${accountId}:${m.numberId}`) : undefined;
        // Only texts received since the URL was set (a URL set later never gets a backlog of older texts, nor answers to them).
        if (!target || m.direction !== 'inbound' || (target.since && m.createdAt < target.since)) continue;
        rows.push({ accountId, id: newUuid(), messageId: m.id, numberId: m.numberId!, url: target.url, nextAttemptAt: now });
      }
    }
    await repo.insertDeliveries(tx, rows);
  }, { limit });
}

/** Fans out until nothing final is left for this consumer; how many events were read. */
export async function fanOutInboundAll(ctx: Ctx): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await fanOutInbound(ctx);
    total += n;
    if (n === 0) return total;
  }
}

/** The account acting as the sender of its TwiML replies (no person; the send path's checks apply as to any send). */
function replyCaller(account: NonNullable<Awaited<ReturnType<typeof findAccount>>>): AuthContext {
  return {
    accountId: account.id, account, user: null, userId: null, role: 'admin', via: 'api_key', sessionId: null, apiKeyId: null,
    scopes: ['messages:write'], actor: { type: 'system', id: null, label: 'TwiML reply (Twilio-compatible inbound webhook)' },
  };
}

/** Refuses a reply past MAX_TWIML_REPLIES_PER_CONTACT_HOUR to this contact: counted under its lock, in the reply's own transaction. */
async function withinReplyBound(tx: Db, accountId: string, contactId: string): Promise<void> {
  await repo.lockTwimlReplies(tx, accountId, contactId);
  if (await repo.recentTwimlReplies(tx, accountId, contactId, MAX_TWIML_REPLIES_PER_CONTACT_HOUR) >= MAX_TWIML_REPLIES_PER_CONTACT_HOUR) {
    throw new AppError(429, 'auto_reply_limit', `At most ${MAX_TWIML_REPLIES_PER_CONTACT_HOUR} TwiML replies go to one contact an hour.`);
  }
}

/** Sends each <Message> (once-only keys per delivery and position); the message id queued or why none was. */
async function sendReplies(ctx: Ctx, deliveryId: string, inbound: MessageRow, messages: TwimlMessage[]): Promise<TwimlOutcome['replies']> {
  if (!messages.length) return [];
  const account = await findAccount(ctx, inbound.accountId);
  if (!account) return messages.map(() => ({ messageId: null, reason: 'account_gone' }));
  const auth = replyCaller(account);
  const out: TwimlOutcome['replies'] = [];
  for (const [i, m] of messages.entries()) {
    // A reply to the texting contact is counted in its own transaction, under the contact's lock (deliveries run at once) —
    // known by the contact the send resolves `to` to, not by the text of `to` (the sender's number written another way).
    try {
      const sent = await sendMessage(ctx, auth, {
        from: m.from ?? inbound.to, to: m.to ?? inbound.from, body: m.body, kind: 'conversational', idempotencyKey: `twiml:${deliveryId}:${i}`,
        ...(m.media.length ? { mediaUrls: m.media } : {}),
      }, { beforeInsert: async (tx, contactId) => { if (contactId === inbound.contactId) await withinReplyBound(tx, inbound.accountId, contactId); } });
      out.push({ messageId: sent.id, reason: null });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      // A different answer to a retried delivery: the reply at this position went out already.
      out.push({ messageId: null, reason: err.code === 'idempotency_key_reused' ? 'already_replied' : err.code });
    }
  }
  return out;
}

/** What a 2xx answer asked for: its TwiML read and its replies sent. */
async function actOnAnswer(ctx: Ctx, deliveryId: string, inbound: MessageRow, r: Extract<PostResult, { ok: true }>): Promise<TwimlOutcome> {
  if (Buffer.byteLength(r.excerpt) > MAX_TWIML_BYTES) {
    return { messages: 0, replies: [], ignored: [], error: { code: TWIML_PARSE_FAILURE, message: `The answer is larger than ${MAX_TWIML_BYTES / 1024} KB.` } };
  }
  const twiml = parseTwiml(r.excerpt);
  if (!twiml.ok) return { messages: 0, replies: [], ignored: [], error: { code: twiml.code, message: twiml.message } };
  const replies = await sendReplies(ctx, deliveryId, inbound, twiml.messages.slice(0, MAX_TWIML_REPLIES));
  const over = twiml.messages.length - MAX_TWIML_REPLIES;
  const error = over > 0
    ? { code: TWIML_REPLY_LIMIT_EXCEEDED, message: `The answer held ${twiml.messages.length} <Message> verbs: only the first ${MAX_TWIML_REPLIES} were sent (at most ${MAX_TWIML_REPLIES} replies per incoming text), ${over} refused.` }
    : null;
  return { messages: twiml.messages.length, replies, ignored: twiml.ignored, error };
}

/** The request: Twilio's form for the text, signed over the URL as configured. */
async function requestFor(ctx: Ctx, d: repo.ClaimedInbound, m: MessageRow) {
  const creds = await twilioCredentialsOf(ctx, d.account_id);
  const kept = (m.media ?? []).filter((x) => x.id);
  const urls = carrierMediaUrls(ctx, d.account_id, kept);
  const form = inboundForm({
    messageSid: sidOf('SM', m.id), accountSid: creds.accountSid, messagingServiceSid: null, from: m.from, to: m.to, body: m.body ?? '',
    segments: m.segments, media: kept.map((x, i) => ({ url: urls[i], contentType: x.contentType })),
  });
  const headers = {
    'content-type': 'application/x-www-form-urlencoded', 'user-agent': USER_AGENT, accept: '*/*',
    'x-twilio-signature': expectedSignature(creds.authToken, d.url, form), 'i-twilio-idempotency-token': d.id,
  };
  return { body: encodeForm(form), headers };
}

/**
 * One attempt of a claimed delivery: posted, the answer recorded (status, first 64 KB, latency),
 * its TwiML carried out when it is a 2xx, then the delivery settles or is scheduled again.
 */
export async function attemptInbound(ctx: Ctx, d: repo.ClaimedInbound): Promise<void> {
  const [m] = await messagesByIds(ctx.db, d.account_id, [d.message_id]);
  const now0 = ctx.now();
  if (!m) {
    await withTx(ctx.db, (tx) => repo.finishAttempt(tx, d.account_id, d.id, d.attempts, { status: 'failed', attempts: d.attempts, nextAttemptAt: null, lastStatusCode: null, lastError: 'message_gone', lastAttemptAt: now0 }));
    return;
  }
  const req = await requestFor(ctx, d, m);
  const { allowedHosts, timeoutMs } = ctx.config.webhooks;
  const r = await guardedPost(d.url, req.body, { allowedHosts, timeoutMs, excerptBytes: MAX_TWIML_BYTES + 1, headers: req.headers });
  const attempts = d.attempts + 1;
  const status = r.ok ? r.status : null;
  const verdict = outcomeOf(status, attempts);
  const outcome = r.ok && verdict === 'succeeded' ? await actOnAnswer(ctx, d.id, m, r) : null;
  const now = ctx.now();
  const error = r.ok ? (verdict === 'succeeded' ? null : `HTTP ${r.status}`) : `${r.code}: ${r.message}`;
  const next = verdict === 'retry' ? nextAttemptAt(attempts, now, r.ok ? r.retryAfter : null) : null;
  await withTx(ctx.db, async (tx: Tx) => {
    await repo.insertAttempt(tx, {
      accountId: d.account_id, id: newUuid(), deliveryId: d.id, url: d.url, statusCode: status,
      responseExcerpt: r.ok ? r.excerpt.slice(0, MAX_TWIML_BYTES) : null, error: r.ok ? null : error, latencyMs: r.latencyMs, createdAt: now,
    });
    await repo.finishAttempt(tx, d.account_id, d.id, d.attempts, {
      status: verdict === 'succeeded' ? 'succeeded' : next ? 'pending' : 'failed', attempts, nextAttemptAt: next,
      lastStatusCode: status, lastError: error ?? (outcome?.error ? `TwiML ${outcome.error.code}` : null), lastAttemptAt: now, outcome,
    });
  });
}

/**
 * Sends due deliveries with bounded concurrency (WEBHOOK_CONCURRENCY), claiming more as slots
 * free up: a slow receiver holds only the slots of its own requests.
 */
export class InboundPool {
  private running = new Set<Promise<void>>();
  constructor(private ctx: Ctx, private onError: (err: unknown) => void = () => {}) {}

  get inFlight() { return this.running.size; }

  async tick(): Promise<number> {
    const { concurrency, timeoutMs } = this.ctx.config.webhooks;
    const room = concurrency - this.running.size;
    if (room <= 0) return 0;
    const now = this.ctx.now();
    // The claim outlives the request's timeout and the replies' sending; a dead worker's claim expires.
    const claimed = await repo.claimDue(this.ctx.database.query, now, new Date(now.getTime() + timeoutMs + 120_000), room);
    for (const d of claimed) {
      const p: Promise<void> = attemptInbound(this.ctx, d).catch(this.onError).finally(() => this.running.delete(p));
      this.running.add(p);
    }
    return claimed.length;
  }

  async nextCompletion(): Promise<void> {
    if (this.running.size) await Promise.race(this.running);
  }

  async drain(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }
}

/** Tests and tools: sends everything due now and waits for the answers; how many attempts were made. */
export async function deliverInboundDue(ctx: Ctx): Promise<number> {
  const pool = new InboundPool(ctx, (err) => { throw err; });
  let total = 0;
  for (;;) {
    const n = await pool.tick();
    await pool.drain();
    total += n;
    if (n === 0) return total;
  }
}

