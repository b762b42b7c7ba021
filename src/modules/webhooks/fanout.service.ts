import type { Ctx } from '../../context.js';
import { txQuery } from '../../db/client.js';
import { holdOffErasures } from '../../db/erasure-lock.js';
import type { Tx } from '../../db/tx.js';
import { newUuid } from '../../lib/ids.js';
import { messagesByIds } from '../messaging/messages.service.js';
import { consumeOnce, type OutboxEvent } from '../outbox/outbox.service.js';
import { isPublished, MESSAGE_TYPES, webhookBody, type MessageFacts } from './events.js';
import * as repo from './webhooks.repo.js';

/** The outbox consumer's name (its durable position is in outbox_positions). */
export const WEBHOOK_CONSUMER = 'webhooks';

/** The message each event is about (its subject, or the message a consent event names), per account, in one query each. */
async function messageFacts(tx: Tx, events: OutboxEvent[]): Promise<Map<string, MessageFacts>> {
  const wanted = new Map<string, Set<string>>();
  for (const e of events) {
    const id = MESSAGE_TYPES.has(e.type) ? e.subjectId : typeof e.payload.messageId === 'string' ? e.payload.messageId : null;
    if (!id) continue;
    if (!wanted.has(e.accountId)) wanted.set(e.accountId, new Set());
    wanted.get(e.accountId)!.add(id);
  }
  const facts = new Map<string, MessageFacts>();
  for (const [accountId, ids] of wanted) for (const m of await messagesByIds(tx, accountId, [...ids])) facts.set(m.id, m);
  return facts;
}

/**
 * Turns the next outbox events into delivery rows, one per matching enabled endpoint, in the
 * consumer's transaction: the rows and the consumer's new position commit together, so every
 * event is fanned out once (an event whose transaction commits late is read when it is final;
 * the unique index makes a second fan-out of one event a no-op). Endpoints get only events
 * written after they were created. Sending is the delivery worker's job: nothing here waits on HTTP.
 */
export function fanOutOnce(ctx: Ctx, limit = 500): Promise<number> {
  return consumeOnce(ctx.db, WEBHOOK_CONSUMER, async (events, tx) => {
    const published = events.filter((e) => isPublished(e.type));
    if (!published.length) return;
    const endpoints = await repo.activeEndpoints(txQuery(tx), [...new Set(published.map((e) => e.accountId))]);
    if (!endpoints.length) return;
    const relevant = published.filter((e) => endpoints.some((p) => p.account_id === e.accountId));
    // The bodies copy messages: a contact erasure of these accounts waits for this commit (and redacts them) or ran before the read.
    await holdOffErasures(tx, relevant.map((e) => e.accountId));
    const facts = await messageFacts(tx, relevant);
    if (ctx.testHooks?.inWebhookFanout) await ctx.testHooks.inWebhookFanout();
    const now = ctx.now();
    const rows: repo.NewDelivery[] = [];
    for (const e of relevant) {
      const targets = endpoints.filter((p) => p.account_id === e.accountId && (p.events.length === 0 || p.events.includes(e.type)) && new Date(p.created_at) <= e.createdAt);
      if (!targets.length) continue;
      const messageId = MESSAGE_TYPES.has(e.type) ? e.subjectId : typeof e.payload.messageId === 'string' ? e.payload.messageId : null;
      const body = webhookBody(e, messageId ? facts.get(messageId) ?? null : null);
      if (!body) continue;
      const webhookId = newUuid();
      for (const p of targets) {
        rows.push({
          accountId: e.accountId, id: newUuid(), endpointId: p.id, messageId: webhookId, eventType: body.type, outboxEventId: e.id,
          subjectId: e.subjectId, payload: body, nextAttemptAt: now,
        });
      }
    }
    await repo.insertDeliveries(tx, rows);
  }, { limit });
}

/** Fans out until the outbox has nothing final left for this consumer; how many events were read. */
export async function fanOutAll(ctx: Ctx): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await fanOutOnce(ctx);
    total += n;
    if (n === 0) return total;
  }
}
