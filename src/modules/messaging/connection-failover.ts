/**
 * Connection health from real traffic, probes and failover routes (the rules are pure, in
 * connection-health.ts). One circuit per provider connection per worker process, in memory; the
 * connection row's status (connected / error with the last error) is written only when it changes.
 */
import type { Ctx } from '../../context.js';
import type { CarrierKind } from '../../providers/carrier.js';
import type { SendResult } from '../../providers/provider.js';
import { connectionHealthRow, probeConnection, recordConnectionHealth } from '../connections/connections.service.js';
import { batchHealth, FINAL_CONNECTION_CODES, initialHealth, nextHealth, routeDecision, statusOf, type Health, type HealthEvent } from './connection-health.js';

interface HealthEntry {
  accountId: string; id: string; kind: string;
  /** The row version (updated_at as text, as the dispatcher compares it) it was read at, and when. */
  version: string; readAt: number;
  disabled: boolean;
  fallbackId: string | null;
  h: Health;
  writing: Promise<void> | null; dirty: boolean;
  probing: Promise<void> | null;
  sessionChain: Promise<void>;
}

/** How long a connection's health row (fallback, disabled) is trusted when no newer version was seen. */
const HEALTH_ROW_TTL_MS = 5000;
/** Fallbacks of fallbacks followed at most. */
const MAX_HOPS = 3;

const healthMaps = new WeakMap<Ctx, Map<string, HealthEntry>>();
const healthMapOf = (ctx: Ctx) => {
  let m = healthMaps.get(ctx);
  if (!m) healthMaps.set(ctx, (m = new Map()));
  return m;
};

/**
 * The connection's health, read from its row the first time, when the dispatcher sees a new row
 * version (a rotation or an edit re-tested it: its stored status is the truth again), or after the
 * TTL when no version is given. The circuit starts open (a probe due now) for a row in `error`.
 */
async function healthFor(ctx: Ctx, accountId: string, id: string, version?: string | null): Promise<HealthEntry | null> {
  const map = healthMapOf(ctx);
  const he = map.get(id);
  if (he && (version ? he.version === version : Date.now() - he.readAt < HEALTH_ROW_TTL_MS)) return he;
  const row = await connectionHealthRow(ctx, accountId, id);
  if (!row) {
    map.delete(id);
    return null;
  }
  const prev = map.get(id);
  if (prev && prev.version === row.version) {
    Object.assign(prev, { readAt: Date.now(), disabled: row.status === 'disabled', fallbackId: row.fallbackConnectionId });
    return prev;
  }
  const lastError = row.lastError && { ...row.lastError, at: row.lastError.at.getTime() };
  const next: HealthEntry = {
    accountId, id, kind: row.kind, version: row.version, readAt: Date.now(), disabled: row.status === 'disabled', fallbackId: row.fallbackConnectionId,
    h: initialHealth(row.status, Date.now(), lastError), writing: prev?.writing ?? null, dirty: false, probing: null, sessionChain: prev?.sessionChain ?? Promise.resolve(),
  };
  map.set(id, next);
  return next;
}

/** Applies an event; the row's status is written only when it changes (one write in flight, the latest state wins). */
function observe(ctx: Ctx, he: HealthEntry, e: HealthEvent) {
  const before = statusOf(he.h);
  he.h = nextHealth(he.h, e, ctx.config.connectionHealth);
  if (statusOf(he.h) === before) return;
  if (he.writing) return void (he.dirty = true);
  he.writing = (async () => {
    do {
      he.dirty = false;
      const { lastError } = he.h;
      await recordConnectionHealth(ctx, he.accountId, he.id, statusOf(he.h), lastError && { code: lastError.code, message: lastError.message, at: new Date(lastError.at) })
        .catch(() => undefined); // the next change writes again; health never breaks a dispatch
    } while (he.dirty);
  })().finally(() => { he.writing = null; });
}

/** A batch's results (carrier-connections.ts, after each send) count towards the connection's health. */
export function observeBatch(ctx: Ctx, connectionId: string, version: string | null, results: SendResult[]) {
  const he = healthMaps.get(ctx)?.get(connectionId);
  if (he && he.version === version && results.length) observe(ctx, he, batchHealth(results, Date.now()));
}

/** The session-state hook of a long-lived session (SMPP bound / down), applied in the order reported. */
export function onSession(ctx: Ctx, accountId: string, connectionId: string, st: { up: boolean; code?: string; message?: string }) {
  const at = Date.now();
  const he = healthMaps.get(ctx)?.get(connectionId);
  const chain = (he?.sessionChain ?? Promise.resolve())
    .then(() => healthFor(ctx, accountId, connectionId))
    .then((x) => { if (x) observe(ctx, x, { type: 'session', at, up: st.up, ...(st.up ? {} : { error: { code: st.code ?? 'unbound', message: st.message ?? 'session down' } }) }); })
    .catch(() => undefined);
  if (he) he.sessionChain = chain;
}

/** A half-open probe: the connection's test (as on save), bounded by CONNECTION_PROBE_TIMEOUT_MS. One at a time. */
function probe(ctx: Ctx, he: HealthEntry): Promise<void> {
  if (he.probing) return he.probing;
  observe(ctx, he, { type: 'probe_started', at: Date.now() });
  he.probing = probeConnection(ctx, he.accountId, he.id, ctx.config.connectionHealth.probeTimeoutMs)
    .catch((err: Error) => ({ ok: false as const, code: 'probe_failed', message: String(err?.message) }))
    .then((r) => observe(ctx, he, r.ok ? { type: 'probe', at: Date.now(), ok: true } : { type: 'probe', at: Date.now(), ok: false, error: { code: r.code, message: r.message.slice(0, 300) } }))
    .finally(() => { he.probing = null; });
  return he.probing;
}

/** Usable now: closed, or open with a probe due that succeeds (run here). */
async function usable(ctx: Ctx, he: HealthEntry): Promise<boolean> {
  if (he.disabled) return false;
  if (routeDecision(he.h, Date.now()) === 'probe') await probe(ctx, he);
  return routeDecision(he.h, Date.now()) === 'send';
}

export type Route =
  | { via: 'primary' }
  /** Through a fallback connection (its kind: the carrier its receipts come back as). */
  | { via: 'fallback'; connectionId: string; version: string; kind: string; until: Date; code: string; message: string }
  /** Nothing usable: the sender's messages wait until then (no attempt spent). */
  | { via: 'wait'; until: Date; code: string; message: string };

/**
 * Where a sender's next batch goes: its connection while it is healthy (a due probe runs first);
 * else its fallback (then the fallback's, up to three hops) when that one is usable; else it waits
 * for the next probe. In memory after the first batch (a row read per new version, or every 5 s for fallbacks).
 */
export async function routeFor(ctx: Ctx, accountId: string, connectionId: string, version: string | null): Promise<Route> {
  const he = await healthFor(ctx, accountId, connectionId, version);
  if (!he || (await usable(ctx, he))) return { via: 'primary' };
  const err = he.h.lastError;
  // Until the connection's next probe: what stays with it (pinned messages, or all without a fallback) waits that long.
  const wait = {
    until: new Date(Math.max(he.h.nextProbeAt, Date.now() + ctx.config.connectionHealth.probeBaseMs)),
    code: 'connection_down', message: `Waiting for the provider connection to recover${err ? ` (${err.code}: ${err.message})` : ''}.`.slice(0, 500),
  };
  const seen = new Set([connectionId]);
  for (let id = he.fallbackId, hops = 0; id && !seen.has(id) && hops < MAX_HOPS; hops++) {
    seen.add(id);
    const fb = await healthFor(ctx, accountId, id);
    if (!fb) break;
    if (ctx.carriers.get(fb.kind as CarrierKind) && (await usable(ctx, fb))) return { via: 'fallback', connectionId: fb.id, version: fb.version, kind: fb.kind, ...wait };
    id = fb.fallbackId;
  }
  // Nothing to wait for (the host is not allowed…): the connection's own send refuses them finally.
  if (err && FINAL_CONNECTION_CODES.has(err.code)) return { via: 'primary' };
  return { via: 'wait', ...wait };
}

/** Waits for the status writes in flight (dispatchOnce ends with them written). */
export async function healthWritten(ctx: Ctx): Promise<void> {
  const m = healthMaps.get(ctx);
  if (m) await Promise.all([...m.values()].map((he) => he.writing));
}

/** Probes every connection whose probe is due (the worker loop: a connection without traffic still recovers). */
export async function probeDue(ctx: Ctx): Promise<void> {
  const m = healthMaps.get(ctx);
  if (!m) return;
  const now = Date.now();
  await Promise.all([...m.values()].filter((he) => !he.disabled && routeDecision(he.h, now) === 'probe').map((he) => probe(ctx, he)));
}
