import type { Ctx } from '../../context.js';
import { openSessionLocks, type SessionLocks } from '../../db/session-locks.js';
import type { CarrierKind } from '../../providers/carrier.js';
import { loadConnectionContext } from '../connections/connections.service.js';
import type { DueSender } from './dispatch.repo.js';

/**
 * One worker holds each long-lived carrier session (an SMPP bind) however many worker processes
 * run: the holder of the connection's session lock (PostgreSQL: a session-level advisory lock on a
 * dedicated connection, released by the server when the process dies) binds it, reports its
 * receipts and inbound texts, and is the only process whose dispatcher sends through it. The
 * others try the lock at every sessions check and take over when the holder is gone. On PGlite
 * (one process) the worker leads every connection.
 */

/** Kinds whose connections are long-lived sessions (bound by one worker). */
export const SESSION_KINDS: ReadonlySet<string> = new Set(['smpp']);
/**
 * Kinds without an idempotency key: a submission whose answer was lost is never repeated, so a
 * claim taken over from a dead worker is checked against the hand-over journal (at most once).
 * Twilio's Messages API has none either; a Twilio connection with `retryUnknownOutcome` (the
 * operator chose at-least-once) is not journaled (journalsHandOver).
 */
export const AT_MOST_ONCE_KINDS: ReadonlySet<string> = new Set(['smpp', 'twilio']);

/**
 * How a connection's hand-overs are journaled: at all (at most once), and by windows of `window` messages (its kind's
 * submitWindow: the connection asks SendOptions.journal before each window) or, null, the whole batch at once.
 */
export interface HandOverJournal { journals: boolean; window: number | null }

/** Per process: how a connection's hand-overs are journaled, by row version (kinds whose connections' settings decide it). */
const journaling = new WeakMap<Ctx, Map<string, { version: string | null; policy: HandOverJournal | Promise<HandOverJournal> }>>();

/**
 * Whether a hand-over through this connection is journaled (at most once): a kind without an idempotency key
 * (AT_MOST_ONCE_KINDS), unless the kind lets a connection resend unknown outcomes and this one's settings do
 * (CarrierKindImpl.resendsUnknownOutcome: Twilio's `retryUnknownOutcome`). SMPP answers at once, nothing read; a
 * Twilio connection's settings are read once per row version in a process. Unreadable (a database error, a deleted
 * row): journaled — the at-most-once side; the error is not kept (the next batch reads again).
 */
export function journalsHandOver(ctx: Ctx, accountId: string, connectionId: string, version: string | null, kind: string): boolean | Promise<boolean> {
  const p = handOverJournal(ctx, accountId, connectionId, version, kind);
  return p instanceof Promise ? p.then((x) => x.journals) : p.journals;
}

const NOT_JOURNALED: HandOverJournal = { journals: false, window: null };
const WHOLE_BATCH: HandOverJournal = { journals: true, window: null };

/**
 * journalsHandOver, and the window its journal is written by (HandOverJournal). Read as journalsHandOver reads (once per row
 * version); unreadable: journaled, the whole batch at once — the at-most-once side.
 */
export function handOverJournal(ctx: Ctx, accountId: string, connectionId: string, version: string | null, kind: string): HandOverJournal | Promise<HandOverJournal> {
  if (!AT_MOST_ONCE_KINDS.has(kind)) return NOT_JOURNALED;
  const impl = ctx.carriers.get(kind as CarrierKind);
  const resends = impl?.resendsUnknownOutcome;
  const windowOf = impl?.submitWindow;
  if (!resends && !windowOf) return WHOLE_BATCH;
  let byConnection = journaling.get(ctx);
  if (!byConnection) journaling.set(ctx, (byConnection = new Map()));
  const known = byConnection.get(connectionId);
  if (known && known.version === version) return known.policy;
  const m = byConnection;
  const read = loadConnectionContext(ctx, accountId, connectionId).then((cc): HandOverJournal => (!cc ? WHOLE_BATCH
    : resends?.(cc.settings) ? NOT_JOURNALED : { journals: true, window: windowOf ? windowOf(cc.settings) : null }));
  const policy = read.catch(() => WHOLE_BATCH);
  const entry: { version: string | null; policy: HandOverJournal | Promise<HandOverJournal> } = { version, policy };
  m.set(connectionId, entry);
  read.then((j) => { entry.policy = j; }, () => { if (m.get(connectionId) === entry) m.delete(connectionId); });
  return policy;
}

interface Leadership {
  locks: SessionLocks;
  /** Session connections the last check saw (led here or elsewhere). */
  known: Set<string>;
  /** A due sender named a session connection the last check did not see: check again soon. */
  stale: boolean;
}

const states = new WeakMap<Ctx, Leadership>();

export function leadershipOf(ctx: Ctx): Leadership {
  let s = states.get(ctx);
  if (!s) {
    const state: Leadership = { locks: openSessionLocks(ctx.database, () => { state.stale = true; }), known: new Set(), stale: false };
    states.set(ctx, (s = state));
  }
  return s;
}

/** Takes (or keeps) the lead of each connection; returns the ones this process leads. A database error leads nothing. */
export async function takeLeads(ctx: Ctx, connectionIds: string[]): Promise<Set<string>> {
  const l = leadershipOf(ctx);
  l.known = new Set(connectionIds);
  l.stale = false;
  for (const id of [...l.locks.held()]) if (!l.known.has(id)) await l.locks.unlock(id);
  const led = new Set<string>();
  for (const id of connectionIds) if (await l.locks.tryLock(id).catch(() => false)) led.add(id);
  return led;
}

/** Whether this process's dispatcher serves the sender: always, unless it sends through a session another worker leads. */
export function servesHere(ctx: Ctx, s: DueSender): boolean {
  if (!s.connection_id || !SESSION_KINDS.has(s.provider)) return true;
  if (ctx.database.kind !== 'postgres') return true; // one process: it leads every session
  const l = leadershipOf(ctx);
  if (l.locks.held().has(s.connection_id)) return true;
  if (!l.known.has(s.connection_id)) l.stale = true;
  return false;
}

/** Whether this process leads a connection's session (always for kinds without sessions, and on PGlite). */
export function leadsSession(ctx: Ctx, connectionId: string, kind: string): boolean {
  return servesHere(ctx, { connection_id: connectionId, provider: kind } as DueSender);
}

/** A sessions check is due before its time (a new session connection, or a lost lock). */
export function sessionsStale(ctx: Ctx): boolean {
  return states.get(ctx)?.stale ?? false;
}

export async function releaseLeads(ctx: Ctx): Promise<void> {
  const l = states.get(ctx);
  if (!l) return;
  states.delete(ctx);
  await l.locks.close();
}
