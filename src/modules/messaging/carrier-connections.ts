import type { Ctx } from '../../context.js';
import { LEASE_LOST, type CarrierConnection, type CarrierKind, type CarrierMessage, type SendOptions } from '../../providers/carrier.js';
import type { SendResult } from '../../providers/provider.js';
import { outboundRefusal } from '../connections/connection-context.js';
import { loadConnectionContext } from '../connections/connections.service.js';
import { releaseLeads, SESSION_KINDS, takeLeads } from './carrier-sessions.js';
import { carrierSink } from './carrier-webhooks.service.js';
import { observeBatch, onSession } from './connection-failover.js';
import { watchAnswers } from './recording-barrier.js';

/**
 * The dispatcher's live carrier connections (provider interface v2), one per provider connection
 * and row version: when the row changes (credentials rotated, settings edited) the next batch
 * connects anew and the old connection is stopped once its in-flight batches have ended.
 * A connection the operator does not let us reach (CARRIER_HOSTS_ALLOWED) is a permanent refusal.
 */
interface Entry {
  version: string | null;
  ready: Promise<{ conn: CarrierConnection } | { refusal: { code: string; message: string } }>;
  inUse: number;
  retired: boolean;
  /** A long-lived session (SMPP) was started with a sink. */
  session: boolean;
  /** Its bad-input counters when last logged. */
  logged?: { malformedPdus: number; unknownReceipts: number };
}

type SessionLog = { error: (o: object, m: string) => void; warn?: (o: object, m: string) => void };

/** Logs (no numbers, no message text) what bad input each live session met since the last check. */
async function logBadInput(cache: Map<string, Entry>, log: SessionLog) {
  for (const [connectionId, e] of cache) {
    const r = await e.ready.catch(() => null);
    const now = r && 'conn' in r ? r.conn.badInput?.() : undefined;
    if (!now) continue;
    const before = e.logged ?? { malformedPdus: 0, unknownReceipts: 0 };
    e.logged = now;
    const malformedPdus = now.malformedPdus - before.malformedPdus;
    const unknownReceipts = now.unknownReceipts - before.unknownReceipts;
    // Called as methods: the worker's logger (pino) reads `this` — `(log.warn ?? log.error)(…)` threw, failing the sessions check.
    const o = { connectionId, malformedPdus, unknownReceipts };
    const m = 'carrier session: bad input counted and answered (malformed PDUs, receipts for ids no message has)';
    if (malformedPdus > 0 || unknownReceipts > 0) { if (log.warn) log.warn(o, m); else log.error(o, m); }
  }
}

const caches = new WeakMap<Ctx, Map<string, Entry>>();
const cacheOf = (ctx: Ctx) => {
  let c = caches.get(ctx);
  if (!c) caches.set(ctx, (c = new Map()));
  return c;
};

async function stopEntry(e: Entry) {
  const r = await e.ready.catch(() => null);
  if (r && 'conn' in r) await r.conn.stop?.().catch(() => {});
}

function retire(e: Entry) {
  e.retired = true;
  if (e.inUse === 0) void stopEntry(e);
}

function open(ctx: Ctx, accountId: string, connectionId: string, version: string | null): Entry {
  const entry = { version, inUse: 0, retired: false, session: false } as Entry;
  entry.ready = (async () => {
    const cc = await loadConnectionContext(ctx, accountId, connectionId);
    if (!cc) return { refusal: { code: 'connection_not_found', message: 'The number\'s provider connection no longer exists.' } };
    const impl = ctx.carriers.get(cc.kind as CarrierKind);
    if (!impl) return { refusal: { code: 'unknown_provider', message: `No carrier kind "${cc.kind}" is available.` } };
    const refusal = await outboundRefusal(ctx, cc);
    if (refusal) return { refusal };
    const conn = impl.connect(cc);
    // Sessions (SMPP) report receipts and inbound texts as they come: started with our sink,
    // and their session state (bound, down) feeds the connection's health.
    if (conn.start) {
      await conn.start({ ...carrierSink(ctx, cc), session: (st) => onSession(ctx, accountId, connectionId, st) });
      entry.session = true;
      // Its receipts wait for their batch's recording while the carrier keeps answering submissions (recording-barrier.ts).
      if (conn.lastAnswerAt) watchAnswers(ctx, connectionId, () => conn.lastAnswerAt!());
    }
    return { conn };
  })();
  return entry;
}

/** The cached entry for this connection and row version, opened (and an older one retired) when missing. */
function entryFor(ctx: Ctx, accountId: string, connectionId: string, version: string | null): Entry {
  const cache = cacheOf(ctx);
  let e = cache.get(connectionId);
  if (!e || e.version !== version) {
    if (e) retire(e);
    e = open(ctx, accountId, connectionId, version);
    cache.set(connectionId, e);
  }
  return e;
}

/**
 * The worker's sessions: every SMPP connection that is not disabled or deleted and whose lead
 * this worker holds (one worker per connection, carrier-sessions.ts) has its session started
 * (bound, reporting into the sink) — before anything is sent, so inbound texts and receipts are
 * taken in. A changed row restarts it; a removed or disabled one, or one led elsewhere, is stopped.
 * Called when the worker starts and periodically after (the lead of a dead worker is taken over then).
 */
export async function ensureSessions(ctx: Ctx, log?: SessionLog): Promise<number> {
  const { rows } = await ctx.database.query<{ account_id: string; id: string; version: string }>(
    `select account_id, id, updated_at::text as version from provider_connections
     where kind = any($1::text[]) and deleted_at is null and status <> 'disabled'`,
    [[...SESSION_KINDS]],
  );
  const led = await takeLeads(ctx, rows.map((r) => r.id));
  const cache = cacheOf(ctx);
  const wanted = led;
  for (const [id, e] of cache) {
    if (e.session && !wanted.has(id)) {
      cache.delete(id);
      retire(e);
    }
  }
  await Promise.all(rows.filter((r) => led.has(r.id)).map((r) => {
    const e = entryFor(ctx, r.account_id, r.id, r.version);
    // One that could not be opened is tried again at the next call.
    return e.ready.catch(() => void (cache.get(r.id) === e && cache.delete(r.id)));
  }));
  if (log) await logBadInput(cache, log);
  return led.size;
}

/**
 * Sends a batch through the sender's connection: one result per message. A refusal (host not
 * allowed, connection gone) is permanent for every message; a throw is transient.
 * `reached` tells whether the batch was handed to the carrier (the sub-processor record).
 */
export async function sendThroughConnection(
  ctx: Ctx, accountId: string, connectionId: string, version: string | null, batch: CarrierMessage[], opts?: SendOptions,
): Promise<{ results: SendResult[]; reached: boolean }> {
  const cache = cacheOf(ctx);
  const entry = entryFor(ctx, accountId, connectionId, version);
  entry.inUse++;
  try {
    const r = await entry.ready.catch((err: Error) => ({ refusal: { code: 'provider_error', message: String(err?.message).slice(0, 300) }, transient: true }));
    if (!('conn' in r)) {
      // A failed open is retried by the next batch; a refusal stays until the row changes.
      if ('transient' in r) {
        if (cache.get(connectionId) === entry) cache.delete(connectionId);
        const results = batch.map((b) => ({ reference: b.reference, ok: false as const, transient: true, code: r.refusal.code, message: r.refusal.message, notAccepted: true }));
        observeBatch(ctx, connectionId, version, results);
        return { reached: false, results };
      }
      if (r.refusal.code === 'connection_not_found' && cache.get(connectionId) === entry) cache.delete(connectionId);
      return { reached: false, results: batch.map((b) => ({ reference: b.reference, ok: false as const, transient: false, code: r.refusal.code, message: r.refusal.message })) };
    }
    // An MMS on a connection that cannot carry media (its number moved there after the send) is refused, never sent as text only.
    const noMedia = r.conn.capabilities.mms ? [] : batch.filter((b) => b.mediaUrls?.length);
    const sendable = noMedia.length ? batch.filter((b) => !b.mediaUrls?.length) : batch;
    const results = sendable.length
      ? await r.conn.send(sendable, opts).catch((err: Error) => sendable.map((b) => ({ reference: b.reference, ok: false as const, transient: true, code: 'provider_error', message: String(err?.message).slice(0, 300) })))
      : [];
    // Messages not submitted because the batch's claims may have run out (opts.live) say nothing of the connection's health.
    observeBatch(ctx, connectionId, version, opts?.live ? results.filter((x) => x.ok || x.code !== LEASE_LOST) : results);
    return {
      reached: sendable.length > 0,
      results: [...results, ...noMedia.map((b) => ({ reference: b.reference, ok: false as const, transient: false, code: 'mms_not_supported', message: 'The number\'s carrier connection cannot carry MMS; the message was not sent.' }))],
    };
  } finally {
    entry.inUse--;
    if (entry.retired && entry.inUse === 0) void stopEntry(entry);
  }
}

/** Stops every live connection the dispatcher opened (worker shutdown, tests). */
export async function stopCarrierConnections(ctx: Ctx): Promise<void> {
  const cache = caches.get(ctx);
  if (!cache) return releaseLeads(ctx);
  const entries = [...cache.values()];
  cache.clear();
  await Promise.all(entries.map(stopEntry));
  await releaseLeads(ctx); // unbound first: the next leader never binds beside us
}
