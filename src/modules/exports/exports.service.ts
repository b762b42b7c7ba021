import { Readable } from 'node:stream';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import { AppError, conflict, forbidden, notFound } from '../../lib/errors.js';
import { fromPublicId, newUuid, toPublicId } from '../../lib/ids.js';
import { hashToken, safeEqual } from '../../lib/tokens.js';
import { auditNamesUsers, recordAudit, type RequestMeta } from '../audit/audit.service.js';
import * as repo from './exports.repo.js';

export const EXPORT_JOB = 'exports.run';
export interface ExportJob { accountId: string; exportId: string }
export type ExportScopeName = 'account' | 'me';
export type ExportRow = repo.ExportRow;

/**
 * The download token: an HMAC of the export's account and id under SECRET_KEY (256 bits, not
 * stored anywhere). It only works together with the requester's own signed-in session.
 */
export const downloadToken = (ctx: Ctx, e: { accountId: string; id: string }) => hashToken(ctx.config.secretKey, `export-download:${e.accountId}:${e.id}`);

export const downloadPath = (ctx: Ctx, e: ExportRow) => `/v1/exports/${toPublicId('dataExport', e.id)}/download?token=${downloadToken(ctx, e)}`;

/** Completed and not expired (an erasure marks the account's exports expired as it deletes their ZIPs). */
const isLive = (ctx: Ctx, e: ExportRow) => e.status === 'completed' && !!e.expiresAt && e.expiresAt > ctx.now();

export function presentExport(ctx: Ctx, e: ExportRow) {
  const live = isLive(ctx, e);
  return {
    id: toPublicId('dataExport', e.id),
    scope: e.scope as ExportScopeName,
    status: (e.status === 'completed' && !live ? 'expired' : e.status) as 'queued' | 'running' | 'completed' | 'failed' | 'expired',
    progress: e.progress,
    size: live ? e.size : null,
    error: e.error,
    createdAt: e.createdAt.toISOString(),
    finishedAt: e.finishedAt?.toISOString() ?? null,
    expiresAt: e.expiresAt?.toISOString() ?? null,
    downloadUrl: live ? downloadPath(ctx, e) : null,
  };
}

/** Exports are asked for and fetched by a signed-in person: an API key has no "me", and a ZIP of the account is the owner's. */
function requester(auth: AuthContext): string {
  if (auth.via !== 'session' || !auth.userId) throw new AppError(403, 'session_required', 'Data exports are asked for and downloaded signed in, in the web app.');
  return auth.userId;
}

export async function createExport(ctx: Ctx, auth: AuthContext, scope: ExportScopeName, meta: RequestMeta) {
  const userId = requester(auth);
  if (scope === 'account' && auth.role !== 'owner') throw forbidden('Only the account owner exports the whole account; export your own data with scope "me".');
  return withTx(ctx.db, async (tx) => {
    // Checked under a lock of this person's requests: requests sent at once would each see none in progress and all be built.
    await repo.lockRequester(tx, auth.accountId, userId);
    const active = (await repo.listExports(tx, auth.accountId, userId, 20)).find((e) => e.scope === scope && (e.status === 'queued' || e.status === 'running'));
    if (active) throw conflict('export_in_progress', 'An export of this kind is already being prepared.', { id: toPublicId('dataExport', active.id) });
    const e = await repo.insertExport(tx, { id: newUuid(), accountId: auth.accountId, requestedBy: userId, scope, status: 'queued' });
    await ctx.jobs.send(EXPORT_JOB, { accountId: auth.accountId, exportId: e.id } satisfies ExportJob, tx);
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'export.requested', target: { type: 'export', id: e.id }, meta, details: { scope } });
    return e;
  });
}

/** The caller's own export by public id; another person's or another account's is not found. */
export async function getExport(ctx: Ctx, auth: AuthContext, publicId: string) {
  const userId = requester(auth);
  const id = fromPublicId('dataExport', publicId);
  const e = id ? await repo.findExport(ctx.db, auth.accountId, id) : null;
  if (!e || e.requestedBy !== userId) throw notFound('Export');
  return e;
}

export const listExports = (ctx: Ctx, auth: AuthContext) => repo.listExports(ctx.db, auth.accountId, requester(auth), 50);

/**
 * Opens the ZIP for its requester, signed in to the same account, with the right token, before
 * it expires. Every other case is the same 404 (no hint which part was wrong). The ZIP is read
 * from the database chunk by chunk (any process serves it); a ZIP whose chunks do not add up to
 * its size (erased meanwhile) is gone.
 */
export async function openDownload(ctx: Ctx, auth: AuthContext, publicId: string, token: string | undefined, meta: RequestMeta, opts: { head?: boolean } = {}) {
  const e = await getExport(ctx, auth, publicId).catch(() => null);
  if (!e || !isLive(ctx, e) || !safeEqual(token ?? '', downloadToken(ctx, e))) throw notFound('Export');
  if (e.scope === 'account' && auth.role !== 'owner') throw notFound('Export');
  const stored = await repo.chunkStats(ctx.db, e.accountId, e.id);
  if (!stored.chunks || stored.bytes !== e.size) throw notFound('Export');
  // A HEAD (a link checker, a mail scanner following the emailed link) reads nothing: not a download, nothing read.
  if (!opts.head) {
    await withTx(ctx.db, (tx) =>
      recordAudit(tx, { accountId: e.accountId, actor: auth.actor, action: 'export.downloaded', target: { type: 'export', id: e.id }, meta, details: { scope: e.scope } }));
  }
  const stamp = e.createdAt.toISOString().slice(0, 10);
  const stream = opts.head ? Readable.from([]) : Readable.from(repo.readChunks(ctx.db, e.accountId, e.id, stored.chunks), { highWaterMark: 1, objectMode: false });
  return { stream, size: stored.bytes, filename: `west-message-${e.scope === 'account' ? 'account' : 'my-data'}-${stamp}.zip` };
}

/**
 * An erasure of people in the account, in its transaction: every built ZIP of the account may hold
 * them, so their chunks go (the exports show as expired); exports being built start over after the
 * erasure commits. Returns how many exports it affected.
 */
export async function eraseExports(ctx: Ctx, tx: Db, accountId: string): Promise<number> {
  const { affected, requeued } = await repo.eraseAccountExports(tx, accountId);
  for (const exportId of requeued) await ctx.jobs.send(EXPORT_JOB, { accountId, exportId } satisfies ExportJob, tx);
  return affected;
}

/**
 * Retention redacted these messages' bodies, in its transaction: only the built ZIPs that may hold one of them go (finished
 * after the message was written, of a scope holding it; repo.expireHoldingMessages), not every ZIP of the account; with
 * `requeueRunning` (the run's first batch), exports being built start over. Returns how many exports it affected.
 */
export async function messagesRedacted(ctx: Ctx, tx: Db, accountId: string, messageIds: string[], opts: { requeueRunning: boolean }): Promise<number> {
  const { affected, requeued } = await repo.expireHoldingMessages(tx, accountId, messageIds, opts);
  for (const exportId of requeued) await ctx.jobs.send(EXPORT_JOB, { accountId, exportId } satisfies ExportJob, tx);
  return affected;
}

/** The last step of a retention run of several batches (repo.expireBuiltSince): exports built while it ran go or start over. */
export async function exportsBuiltDuringRedaction(ctx: Ctx, tx: Db, accountId: string, since: Date): Promise<number> {
  const { affected, requeued } = await repo.expireBuiltSince(tx, accountId, since);
  for (const exportId of requeued) await ctx.jobs.send(EXPORT_JOB, { accountId, exportId } satisfies ExportJob, tx);
  return affected;
}

export const transactionNow = repo.transactionNow;

/**
 * The accounts module's port, in the transaction that removes a member: every ZIP of the account
 * lists them among its members and names them in its audit log, so the account's exports go as in
 * a contact erasure. A demotion changes only their role.
 */
export async function memberReleased(ctx: Ctx, tx: Db, e: { accountId: string; reason?: 'member_removed' | 'member_demoted' }): Promise<void> {
  if (e.reason === 'member_removed') await eraseExports(ctx, tx, e.accountId);
}

/**
 * A user's erasure (with their last account, `exceptAccountId`, whose exports go with its rows):
 * other accounts they once belonged to still name them in their audit log, so those accounts'
 * exports go as in a contact erasure. Returns how many exports it affected.
 */
export async function eraseExportsNamingUsers(ctx: Ctx, tx: Db, userIds: string[], exceptAccountId: string): Promise<number> {
  if (!userIds.length) return 0;
  let affected = 0;
  for (const accountId of await repo.accountsWithExports(tx, exceptAccountId)) {
    if (await auditNamesUsers(tx, accountId, userIds)) affected += await eraseExports(ctx, tx, accountId);
  }
  return affected;
}
