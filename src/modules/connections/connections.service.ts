import type { z } from 'zod';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import { AppError, conflict, notFound, unprocessable } from '../../lib/errors.js';
import { fromPublicId, newUuid, toPublicId } from '../../lib/ids.js';
import { randomToken } from '../../lib/tokens.js';
import type { CarrierKind, CarrierNumber, ConnectionContext } from '../../providers/carrier.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import {
  connectionContextOf, webhookConnectionContextOf, outboundRefusal, HAS_WEBHOOKS, forgetOpened, sealCredentials, sealWebhookToken, webhookTokenHash, webhookUrlsOf, webhookUrlsOfRow,
} from './connection-context.js';
import { testConnectionContext, type TestOutcome } from './connection-test.js';
import { KIND_SCHEMAS, type ConnectionKind, type CreateConnectionInput, type PatchConnectionInput } from './connections.schema.js';
import * as repo from './connections.repo.js';
import { fallbackProblem, type FallbackProblem } from './fallback.js';

export type ConnectionRow = repo.ConnectionRow;
export interface AttachedNumber { id: string; phoneNumber: string; connectionId: string | null }

/**
 * What the connections module needs from the numbers it does not own, provided by the
 * composition root (src/app.ts) so that messaging may depend on connections and not the reverse.
 */
export interface ConnectionDeps {
  numbersOn(db: Db, accountId: string, connectionIds: string[]): Promise<AttachedNumber[]>;
  /** Numbers bought through the connection, released, not yet given back to its carrier (its credentials still needed). */
  toGiveBackOn(db: Db, accountId: string, connectionId: string): Promise<Array<{ id: string; phoneNumber: string }>>;
  /** Gives those back now, through the connection; answers the ones the carrier kept, and why. */
  giveBackOn(ctx: Ctx, accountId: string, connectionId: string): Promise<Array<{ id: string; phoneNumber: string; reason: string }>>;
}

/** The status a test outcome gives (a disabled connection stays disabled). */
function outcomeChange(row: { status: string } | null, r: TestOutcome, now: Date): repo.ConnectionChange {
  const status = row?.status === 'disabled' ? 'disabled' : r.ok ? 'connected' : 'error';
  return r.ok
    ? { status, lastCheckedAt: now }
    : { status, lastCheckedAt: now, lastErrorCode: r.code, lastError: r.message, lastErrorAt: now };
}

export function presentConnection(ctx: Ctx, row: ConnectionRow, numbers: AttachedNumber[]) {
  return {
    id: toPublicId('connection', row.id), kind: row.kind as ConnectionKind, name: row.name, status: row.status as 'connected' | 'error' | 'disabled',
    lastErrorCode: row.lastErrorCode, lastError: row.lastError, lastErrorAt: row.lastErrorAt?.toISOString() ?? null,
    lastCheckedAt: row.lastCheckedAt?.toISOString() ?? null,
    fallbackConnectionId: row.fallbackConnectionId ? toPublicId('connection', row.fallbackConnectionId) : null, settings: row.settings,
    numbers: numbers.filter((n) => n.connectionId === row.id).map((n) => ({ id: toPublicId('number', n.id), phoneNumber: n.phoneNumber })),
    ...(HAS_WEBHOOKS[row.kind as CarrierKind] ? { webhookUrls: webhookUrlsOfRow(ctx, row) } : {}),
    createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(),
  };
}

async function present(ctx: Ctx, deps: ConnectionDeps, rows: ConnectionRow[]) {
  const numbers = rows.length ? await deps.numbersOn(ctx.db, rows[0].accountId, rows.map((r) => r.id)) : [];
  return rows.map((r) => presentConnection(ctx, r, numbers));
}

async function load(ctx: Ctx, accountId: string, publicId: string, db: Db = ctx.db, lock?: 'update' | 'share') {
  const id = fromPublicId('connection', publicId);
  const row = id ? await repo.findConnection(db, accountId, id, lock) : null;
  if (!row) throw notFound('Provider connection');
  return row;
}

const FALLBACK_MESSAGES: Record<FallbackProblem, string> = {
  fallback_not_found: 'fallbackConnectionId names no connection of this account.',
  fallback_is_self: 'A connection cannot be its own fallback.',
  fallback_cycle: 'That fallback would make a cycle (its fallbacks lead back to this connection).',
};

/**
 * The fallback a create or patch asks for, checked under a lock on the account's connections (two
 * concurrent patches cannot make a cycle): undefined = unchanged, null = none. 422 otherwise.
 */
async function checkedFallback(tx: Db, accountId: string, id: string, publicId: string | null | undefined): Promise<string | null | undefined> {
  if (publicId === undefined) return undefined;
  if (publicId === null) return null;
  const fallbackId = fromPublicId('connection', publicId);
  const graph = await repo.lockFallbackGraph(tx, accountId);
  const problem = fallbackId ? fallbackProblem(graph, id, fallbackId) : 'fallback_not_found';
  if (problem) throw unprocessable(problem, FALLBACK_MESSAGES[problem], { field: 'fallbackConnectionId' });
  return fallbackId;
}

function parseForKind<T extends 'credentials' | 'settings'>(kind: ConnectionKind, part: T, value: unknown): z.infer<(typeof KIND_SCHEMAS)[ConnectionKind][T]> {
  const r = KIND_SCHEMAS[kind][part].safeParse(value);
  if (r.success) return r.data as never;
  const issues = r.error.issues.map((i) => ({ path: ['body', part, ...i.path.map(String)].join('.'), message: i.message }));
  throw unprocessable('validation_failed', `Invalid request: ${issues[0].path} ${issues[0].message}`, { issues, field: part });
}

export async function listConnections(ctx: Ctx, deps: ConnectionDeps, accountId: string) {
  return present(ctx, deps, await repo.listConnections(ctx.db, accountId));
}

export async function getConnection(ctx: Ctx, deps: ConnectionDeps, accountId: string, publicId: string) {
  return (await present(ctx, deps, [await load(ctx, accountId, publicId)]))[0];
}

/** Stores the connection with the outcome of its test: a failing test does not refuse the save. */
export async function createConnection(ctx: Ctx, deps: ConnectionDeps, auth: AuthContext, input: CreateConnectionInput, meta: RequestMeta) {
  const id = newUuid();
  const token = randomToken();
  const credentials = input.credentials as Record<string, string>;
  const settings = parseForKind(input.kind, 'settings', input.settings ?? {}) as Record<string, unknown>;
  const cc: ConnectionContext = { connectionId: id, accountId: auth.accountId, kind: input.kind, credentials, settings, webhookUrls: webhookUrlsOf(ctx, input.kind, token) };
  // Kinds whose carrier account we create ourselves (the simulator's sub-account) make it first.
  const enroll = ctx.carriers.get(input.kind)?.enroll;
  if (enroll) cc.credentials = await enroll(cc);
  const outcome = await testConnectionContext(ctx, cc);
  const now = ctx.now();
  const row = await withTx(ctx.db, async (tx) => {
    const fallbackConnectionId = (await checkedFallback(tx, auth.accountId, id, input.fallbackConnectionId)) ?? null;
    const created = await repo.insertConnection(tx, {
      id, accountId: auth.accountId, kind: input.kind, name: input.name, settings, fallbackConnectionId,
      credentials: sealCredentials(ctx, auth.accountId, id, cc.credentials),
      webhookToken: sealWebhookToken(ctx, auth.accountId, id, token), webhookTokenHash: webhookTokenHash(ctx, token),
      status: 'error', ...outcomeChange(null, outcome, now), createdAt: now, updatedAt: now,
    });
    await recordAudit(tx, {
      accountId: auth.accountId, actor: auth.actor, action: 'provider_connection.created', target: { type: 'provider_connection', id }, meta,
      details: { kind: input.kind, name: input.name, status: created.status, ...(outcome.ok ? {} : { errorCode: outcome.code }) },
    });
    return created;
  });
  return presentConnection(ctx, row, []);
}

export async function updateConnection(ctx: Ctx, deps: ConnectionDeps, auth: AuthContext, publicId: string, patch: PatchConnectionInput, meta: RequestMeta) {
  const current = await load(ctx, auth.accountId, publicId);
  const kind = current.kind as ConnectionKind;
  if (patch.name === undefined && !patch.settings && !patch.credentials && patch.enabled === undefined && patch.fallbackConnectionId === undefined) {
    throw unprocessable('empty_patch', 'Send at least one of name, settings, credentials, enabled or fallbackConnectionId.');
  }
  const change: repo.ConnectionChange = {};
  if (patch.name !== undefined) change.name = patch.name;
  if (patch.settings) change.settings = parseForKind(kind, 'settings', patch.settings) as Record<string, unknown>;
  const credentials = patch.credentials ? (parseForKind(kind, 'credentials', patch.credentials) as Record<string, string>) : null;
  if (credentials) change.credentials = sealCredentials(ctx, current.accountId, current.id, credentials);
  if (patch.enabled === false) change.status = 'disabled';
  const enabled = patch.enabled ?? current.status !== 'disabled';
  // Anything that changes how we reach the carrier is tested again before it is stored.
  if (enabled && (credentials || change.settings || patch.enabled === true)) {
    const next = { ...current, ...change, status: 'connected' };
    Object.assign(change, outcomeChange(null, await testConnectionContext(ctx, connectionContextOf(ctx, next)), ctx.now()));
  }
  const row = await withTx(ctx.db, async (tx) => {
    const fallback = await checkedFallback(tx, auth.accountId, current.id, patch.fallbackConnectionId);
    if (fallback !== undefined) change.fallbackConnectionId = fallback;
    const updated = await repo.updateConnection(tx, auth.accountId, current.id, change, ctx.now());
    if (!updated) throw notFound('Provider connection');
    await recordAudit(tx, {
      accountId: auth.accountId, actor: auth.actor, action: 'provider_connection.updated', target: { type: 'provider_connection', id: current.id }, meta,
      // Names of what changed only: credential values never reach the audit log.
      details: { fields: Object.keys(patch).filter((k) => patch[k as keyof PatchConnectionInput] !== undefined), credentialsRotated: Boolean(credentials), status: updated.status },
    });
    return updated;
  });
  // The credentials replaced: their plaintext is not kept in this process any longer.
  if (credentials) forgetOpened(current.accountId, current.id);
  return (await present(ctx, deps, [row]))[0];
}

/** Re-runs the connection test and records its outcome (status, last error and when). */
export async function retestConnection(ctx: Ctx, deps: ConnectionDeps, auth: AuthContext, publicId: string, meta: RequestMeta) {
  const current = await load(ctx, auth.accountId, publicId);
  const outcome = await testConnectionContext(ctx, connectionContextOf(ctx, current));
  const row = await withTx(ctx.db, async (tx) => {
    const updated = await repo.updateConnection(tx, auth.accountId, current.id, outcomeChange(current, outcome, ctx.now()), ctx.now());
    if (!updated) throw notFound('Provider connection');
    await recordAudit(tx, {
      accountId: auth.accountId, actor: auth.actor, action: 'provider_connection.tested', target: { type: 'provider_connection', id: current.id }, meta,
      details: { status: updated.status, ...(outcome.ok ? {} : { errorCode: outcome.code }) },
    });
    return updated;
  });
  return (await present(ctx, deps, [row]))[0];
}

/**
 * Deletes a connection that has no live numbers (409 `connection_in_use` otherwise). The row is
 * kept without its credentials (kind and name stay): messages name the connection that received
 * them (the sub-processor record).
 *
 * Numbers bought through it and released are given back to its carrier through its credentials (a job, after the release):
 * those not given back yet are given back first, here — deleted with the credentials, they stayed bought at the carrier,
 * billed every month, with no way left to give them back from here. While the carrier keeps one (it refused, or cannot be
 * reached), the delete is refused (409 `connection_releasing_numbers`, naming them) and the connection stays as it was.
 */
export async function deleteConnection(ctx: Ctx, deps: ConnectionDeps, auth: AuthContext, publicId: string, meta: RequestMeta) {
  const found = await load(ctx, auth.accountId, publicId);
  await refuseDelete(ctx.db, deps, auth.accountId, found.id);
  const kept = await deps.giveBackOn(ctx, auth.accountId, found.id);
  if (kept.length) throw stillAtCarrier(kept, kept[0].reason);
  const deleted = await withTx(ctx.db, async (tx) => {
    const current = await load(ctx, auth.accountId, publicId, tx, 'update');
    await refuseDelete(tx, deps, auth.accountId, current.id);
    // Released since the give-back above: its job gives it back (through these credentials) — try again then.
    const left = await deps.toGiveBackOn(tx, auth.accountId, current.id);
    if (left.length) throw stillAtCarrier(left, 'it was released a moment ago and is being given back');
    const now = ctx.now();
    await repo.updateConnection(tx, auth.accountId, current.id, { deletedAt: now, status: 'disabled', credentials: sealCredentials(ctx, current.accountId, current.id, {}) }, now);
    await recordAudit(tx, {
      accountId: auth.accountId, actor: auth.actor, action: 'provider_connection.deleted', target: { type: 'provider_connection', id: current.id }, meta,
      details: { kind: current.kind, name: current.name },
    });
    return current;
  });
  forgetOpened(deleted.accountId, deleted.id);
}

/** What keeps a connection from being deleted: numbers on it (409 connection_in_use), connections failing over to it. */
async function refuseDelete(db: Db, deps: ConnectionDeps, accountId: string, connectionId: string) {
  const numbers = await deps.numbersOn(db, accountId, [connectionId]);
  if (numbers.length) {
    throw conflict('connection_in_use', `${numbers.length} number(s) are on this connection; release or move them first.`, { numbers: numbers.map((n) => toPublicId('number', n.id)) });
  }
  const referrers = await repo.fallbackReferrers(db, accountId, connectionId);
  if (referrers.length) {
    throw conflict('connection_is_fallback', `${referrers.length} connection(s) fail over to this one; choose another fallback for them first.`, { connections: referrers.map((r) => toPublicId('connection', r.id)) });
  }
}

const stillAtCarrier = (numbers: Array<{ id: string }>, why: string) => conflict('connection_releasing_numbers',
  `${numbers.length} released number(s) bought through this connection are still held at its carrier (${why}). Deleting the connection now would leave them bought there with no way to give them back from here: try again later, update the connection's credentials if the carrier refuses them, or release the numbers at the carrier first.`,
  { numbers: numbers.map((n) => toPublicId('number', n.id)) });

/**
 * For attaching a number (messaging): the live connection, share-locked in the caller's
 * transaction so that it cannot be deleted until the number is written. 404 when absent.
 */
export async function connectionForAttach(ctx: Ctx, tx: Db, accountId: string, publicId: string): Promise<ConnectionRow> {
  return load(ctx, accountId, publicId, tx, 'share');
}

/**
 * The numbers of the carrier account behind a connection, as the carrier lists them; null when the
 * kind cannot list numbers (SMPP). 404 for an unknown connection; 502 when the carrier cannot be asked.
 */
export async function listCarrierNumbers(ctx: Ctx, accountId: string, publicId: string): Promise<CarrierNumber[] | null> {
  const row = await load(ctx, accountId, publicId);
  const impl = ctx.carriers.get(row.kind as CarrierKind);
  if (!impl) return null;
  const cc = connectionContextOf(ctx, row);
  const refused = await outboundRefusal(ctx, cc);
  if (refused) throw new AppError(502, 'carrier_unavailable', refused.message);
  const conn = impl.connect(cc);
  if (!conn.listNumbers) return null;
  try {
    return await conn.listNumbers();
  } catch (err) {
    throw new AppError(502, 'carrier_unavailable', `The carrier could not list this account's numbers: ${(err instanceof Error ? err.message : String(err)).slice(0, 300)}`);
  } finally {
    await conn.stop?.().catch(() => {});
  }
}

/**
 * Before a number is attached: where the carrier can list the account's numbers, the number must be
 * among them (its carrier id and type come with it). Null when the kind cannot list numbers (the
 * number is then taken as given). 404 for an unknown connection; 422 when the carrier does not
 * have it; 502 when the carrier cannot be asked.
 */
export async function carrierNumberFor(ctx: Ctx, accountId: string, publicId: string, phoneNumber: string): Promise<CarrierNumber | null> {
  const numbers = await listCarrierNumbers(ctx, accountId, publicId);
  if (!numbers) return null;
  const found = numbers.find((n) => n.phoneNumber === phoneNumber);
  if (!found) throw unprocessable('number_not_on_carrier', `${phoneNumber} is not a number of this carrier account.`, { field: 'phoneNumber' });
  return found;
}

export interface ConnectionHealthRow { status: string; kind: string; version: string; fallbackConnectionId: string | null; lastError: { code: string; message: string; at: Date } | null }

/** The dispatcher's health view of a connection (status, last error, fallback, row version as the dispatcher compares it). Null when deleted. */
export async function connectionHealthRow(ctx: Ctx, accountId: string, connectionId: string): Promise<ConnectionHealthRow | null> {
  const row = await repo.findHealthRow(ctx.db, accountId, connectionId);
  if (!row) return null;
  return {
    status: row.status, kind: row.kind, version: row.version, fallbackConnectionId: row.fallbackConnectionId,
    lastError: row.lastErrorCode ? { code: row.lastErrorCode, message: row.lastError ?? '', at: row.lastErrorAt ?? row.updatedAt } : null,
  };
}

/** Records the status real traffic gives a connection (written by the dispatcher on a change only). */
export async function recordConnectionHealth(ctx: Ctx, accountId: string, connectionId: string, status: 'connected' | 'error', error: { code: string; message: string; at: Date } | null): Promise<void> {
  await repo.setHealthStatus(ctx.db, accountId, connectionId, status, error && { code: error.code.slice(0, 100), message: error.message.slice(0, 500), at: error.at }, ctx.now());
}

/** A health probe (the dispatcher's half-open circuit): the connection's test on its stored row, bounded by `timeoutMs`. */
export async function probeConnection(ctx: Ctx, accountId: string, connectionId: string, timeoutMs: number): Promise<TestOutcome> {
  const row = await repo.findConnection(ctx.db, accountId, connectionId);
  if (!row) return { ok: false, code: 'connection_not_found', message: 'The provider connection no longer exists.' };
  return testConnectionContext(ctx, connectionContextOf(ctx, row), timeoutMs);
}

/** The dispatcher's view of a connection: credentials opened in memory. Null when deleted. */
export async function loadConnectionContext(ctx: Ctx, accountId: string, connectionId: string): Promise<ConnectionContext | null> {
  const row = await repo.findConnection(ctx.db, accountId, connectionId);
  return row ? connectionContextOf(ctx, row) : null;
}

/** Webhooks: the connection a `/webhooks/<kind>/<token>/…` URL names, or null (then 403, nothing stored). */
export async function connectionByWebhookToken(ctx: Ctx, kind: string, token: string): Promise<ConnectionContext | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const row = await repo.findByWebhookTokenHash(ctx.database, webhookTokenHash(ctx, token));
  return row && row.kind === kind ? webhookConnectionContextOf(ctx, row, token) : null;
}

/** Kind and name of some of an account's connections, deleted ones included (Settings → Sub-processors). */
export async function connectionLabels(ctx: Ctx, accountId: string, ids: string[]) {
  return repo.findConnectionLabels(ctx.db, accountId, ids);
}
