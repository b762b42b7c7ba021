import type { Ctx } from '../../context.js';
import { AppError } from '../../lib/errors.js';
import { WebhookRejected, type CarrierInbound, type CarrierKind, type CarrierSink, type ConnectionContext, type WebhookRequest } from '../../providers/carrier.js';
import { connectionByWebhookToken } from '../connections/connections.service.js';
import { fetchInboundMedia } from '../media/media.service.js';
import { receiveInbound } from './inbound.service.js';
import { routedNumber } from './numbers.repo.js';
import { applyCarrierReceipts } from './carrier-parts.js';
import { applyReceipts } from './receipts.js';
import { afterRecording } from './recording-barrier.js';

export interface WebhookOutcome { receipts: number; inbound: number; ignored: number }

const rejected = (reason: string, message: string) => new AppError(403, 'webhook_rejected', message, { reason });

/**
 * A carrier's callback at `/webhooks/<kind>/<token>/<which>`: the token names the connection, the
 * kind's parseWebhook verifies the request (signature over the public URL and the raw body) and
 * turns it into events. Anything unverified is refused with 403 before anything is stored.
 * Receipts count only within the connection's account; an inbound text counts only when its
 * `to` number is on this very connection.
 */
export async function handleCarrierWebhook(ctx: Ctx, kind: string, token: string, which: 'status' | 'inbound', req: WebhookRequest): Promise<WebhookOutcome> {
  const cc = await connectionByWebhookToken(ctx, kind, token);
  const impl = cc ? ctx.carriers.get(cc.kind as CarrierKind) : undefined;
  if (!cc || !impl?.parseWebhook) throw rejected('unknown_connection', 'This webhook URL does not name a connection.');
  let events;
  try {
    events = impl.parseWebhook(req, cc, which);
  } catch (err) {
    if (err instanceof WebhookRejected) throw rejected(err.reason, err.message);
    throw rejected('malformed', 'The request could not be read.');
  }
  const receipts = events.flatMap((e) => (e.kind === 'receipt' ? [{ ...e.receipt, accountId: cc.accountId, provider: cc.kind, connectionId: cc.connectionId }] : []));
  // Callbacks that come together are applied together (recording-barrier.ts). They do not wait for
  // the recording of their batch: a carrier sends few at once (the simulator 64), each would wait a whole turn.
  if (receipts.length) await afterRecording(ctx, cc.connectionId, receipts, async (all) => (await applyReceipts(ctx, all)).early, { waitForTurns: false });
  let inbound = 0;
  let ignored = 0;
  for (const e of events) {
    if (e.kind !== 'inbound') continue;
    if (await onThisConnection(ctx, cc.accountId, cc.connectionId, e.message)) {
      // MMS: the files are fetched (through the address guard; the operator's carrier hosts allowed) and kept with the message.
      const media = e.message.media?.length
        ? await fetchInboundMedia(ctx, e.message.media, { allowedHosts: [...ctx.config.mediaHostsAllowed, ...(ctx.config.carrierHostsAllowed ?? [])], headersFor: (url) => impl.mediaFetchHeaders?.(cc, url) })
        : undefined;
      await receiveInbound(ctx, { from: e.message.from, to: e.message.to, body: e.message.body, providerMessageId: e.message.providerMessageId }, cc.kind, media);
      inbound++;
    } else ignored++;
  }
  return { receipts: receipts.length, inbound, ignored };
}

/**
 * Where a long-lived carrier session (SMPP) reports: the same handling as a verified webhook —
 * receipts within the connection's account, inbound texts only to numbers on this connection.
 * A throw makes the session refuse the report (the carrier delivers it again).
 */
export function carrierSink(ctx: Ctx, cc: ConnectionContext): CarrierSink {
  return {
    // A receipt may name a part of a message sent as several parts (SMPP): matched through the part map.
    async receipts(receipts) {
      // Receipts that outran the recording of their batch in this process wait for it, then apply together (recording-barrier.ts).
      const all = receipts.map(({ answered: _, ...r }) => ({ ...r, accountId: cc.accountId, provider: cc.kind, connectionId: cc.connectionId }));
      // Receipts whose submission the carrier had answered may wait for their recording as long as it takes (recording-barrier.ts).
      const holdable = receipts.length > 0 && receipts.every((r) => r.answered);
      return { unmatched: await afterRecording(ctx, cc.connectionId, all, async (batch) => (await applyCarrierReceipts(ctx, batch)).early, { holdable }) };
    },
    async inbound(messages) {
      for (const m of messages) {
        if (!(await onThisConnection(ctx, cc.accountId, cc.connectionId, m))) continue;
        try {
          await receiveInbound(ctx, { from: m.from, to: m.to, body: m.body, providerMessageId: m.providerMessageId }, cc.kind);
        } catch (err) {
          // A text we can never take (e.g. an unusable sender) is dropped, not refused into endless redelivery.
          if (!(err instanceof AppError && err.status < 500)) throw err;
        }
      }
    },
  };
}

async function onThisConnection(ctx: Ctx, accountId: string, connectionId: string, m: CarrierInbound): Promise<boolean> {
  const n = await routedNumber(ctx.db, m.to.trim());
  return Boolean(n && n.accountId === accountId && n.connectionId === connectionId);
}
