import type { Ctx } from '../../context.js';
import type { CarrierConnection, CarrierKind, CarrierMessage } from '../../providers/carrier.js';
import type { SendResult } from '../../providers/provider.js';
import { outboundRefusal } from '../connections/connection-context.js';
import { loadConnectionContext } from '../connections/connections.service.js';

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
  const ready = (async () => {
    const cc = await loadConnectionContext(ctx, accountId, connectionId);
    if (!cc) return { refusal: { code: 'connection_not_found', message: 'The number\'s provider connection no longer exists.' } };
    const impl = ctx.carriers.get(cc.kind as CarrierKind);
    if (!impl) return { refusal: { code: 'unknown_provider', message: `No carrier kind "${cc.kind}" is available.` } };
    const refusal = outboundRefusal(ctx, cc);
    if (refusal) return { refusal };
    return { conn: impl.connect(cc) };
  })();
  return { version, ready, inUse: 0, retired: false };
}

/**
 * Sends a batch through the sender's connection: one result per message. A refusal (host not
 * allowed, connection gone) is permanent for every message; a throw is transient.
 * `reached` tells whether the batch was handed to the carrier (the sub-processor record).
 */
export async function sendThroughConnection(
  ctx: Ctx, accountId: string, connectionId: string, version: string | null, batch: CarrierMessage[],
): Promise<{ results: SendResult[]; reached: boolean }> {
  const cache = cacheOf(ctx);
  let e = cache.get(connectionId);
  if (!e || e.version !== version) {
    if (e) retire(e);
    e = open(ctx, accountId, connectionId, version);
    cache.set(connectionId, e);
  }
  const entry = e;
  entry.inUse++;
  try {
    const r = await entry.ready.catch((err: Error) => ({ refusal: { code: 'provider_error', message: String(err?.message).slice(0, 300) }, transient: true }));
    if (!('conn' in r)) {
      // A failed open is retried by the next batch; a refusal stays until the row changes.
      if ('transient' in r) {
        if (cache.get(connectionId) === entry) cache.delete(connectionId);
        return { reached: false, results: batch.map((b) => ({ reference: b.reference, ok: false as const, transient: true, code: r.refusal.code, message: r.refusal.message })) };
      }
      if (r.refusal.code === 'connection_not_found' && cache.get(connectionId) === entry) cache.delete(connectionId);
      return { reached: false, results: batch.map((b) => ({ reference: b.reference, ok: false as const, transient: false, code: r.refusal.code, message: r.refusal.message })) };
    }
    const results = await r.conn.send(batch).catch((err: Error) => batch.map((b) => ({ reference: b.reference, ok: false as const, transient: true, code: 'provider_error', message: String(err?.message).slice(0, 300) })));
    return { reached: true, results };
  } finally {
    entry.inUse--;
    if (entry.retired && entry.inUse === 0) void stopEntry(entry);
  }
}

/** Stops every live connection the dispatcher opened (worker shutdown, tests). */
export async function stopCarrierConnections(ctx: Ctx): Promise<void> {
  const cache = caches.get(ctx);
  if (!cache) return;
  const entries = [...cache.values()];
  cache.clear();
  await Promise.all(entries.map(stopEntry));
}
