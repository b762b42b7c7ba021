/**
 * Number pools (issue 9): named sets of the account's numbers that a campaign sends from, each
 * recipient always from the same number (sticky sender, kept in pool_senders by the fan-out).
 */
import type { z } from 'zod';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import { conflict, notFound } from '../../lib/errors.js';
import { fromPublicId, newUuid, toPublicId } from '../../lib/ids.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import type { PoolBody, PoolOut, PoolPatch } from './pools.schema.js';
import * as repo from './pools.repo.js';

export { assignSenders, senderSource, type PoolNumber } from './pools.repo.js';

/**
 * What pools need from the campaigns that use them, provided by the composition root (src/app.ts):
 * campaigns depend on numbers, not the reverse.
 */
export interface PoolDeps {
  /** Public ids of the account's campaigns that still need the pool (not ended). */
  campaignsUsingPool(db: Db, accountId: string, poolId: string): Promise<string[]>;
}

type Out = z.infer<typeof PoolOut>;

const present = (p: repo.PoolRow, numbers: repo.PoolNumber[]): Out => ({
  id: toPublicId('pool', p.id), name: p.name, numbers: numbers.map((n) => ({ id: toPublicId('number', n.id), phoneNumber: n.phoneNumber })),
  createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString(),
});

async function withNumbers(db: Db, accountId: string, pools: repo.PoolRow[]): Promise<Out[]> {
  const numbers = await repo.poolNumbers(db, accountId, pools.map((p) => p.id));
  return pools.map((p) => present(p, numbers.filter((n) => n.poolId === p.id)));
}

/** Row ids of the given numbers; any that is not a live number of the account is 404. */
async function numberIdsOf(db: Db, accountId: string, publicIds: string[]): Promise<string[]> {
  const ids = [...new Set(publicIds.map((p) => fromPublicId('number', p.trim())))];
  if (ids.some((id) => !id)) throw notFound('Number');
  const live = await repo.liveNumbersIn(db, accountId, ids as string[]);
  if (live.length !== ids.length) throw notFound('Number');
  return ids as string[];
}

/** The pool row behind a public id (of this account), or null. */
export async function findPool(db: Db, accountId: string, publicId: string, opts: { lock?: boolean } = {}) {
  const id = fromPublicId('pool', publicId.trim());
  return id ? repo.findPool(db, accountId, id, opts) : null;
}

async function findOr404(db: Db, accountId: string, publicId: string, opts: { lock?: boolean } = {}) {
  const p = await findPool(db, accountId, publicId, opts);
  if (!p) throw notFound('Number pool');
  return p;
}

/** The live numbers of a pool (campaign launch and fan-out). */
export const poolNumbers = (db: Db, accountId: string, poolId: string): Promise<repo.PoolNumber[]> => repo.poolNumbers(db, accountId, [poolId]);

const nameTaken = (err: unknown) => isUniqueViolation(err, 'number_pools_name_uq');
const NAME_TAKEN = () => conflict('pool_name_taken', 'A number pool with this name exists.', { field: 'name' });

export async function createPool(ctx: Ctx, auth: AuthContext, input: z.infer<typeof PoolBody>, meta: RequestMeta) {
  const numberIds = await numberIdsOf(ctx.db, auth.accountId, input.numberIds);
  try {
    return await withTx(ctx.db, async (tx) => {
      const p = await repo.insertPool(tx, { id: newUuid(), accountId: auth.accountId, name: input.name });
      await repo.setMembers(tx, auth.accountId, p.id, numberIds);
      await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'number_pool.created', target: { type: 'number_pool', id: p.id }, meta, details: { numbers: numberIds.length } });
      return (await withNumbers(tx, auth.accountId, [p]))[0];
    });
  } catch (err) {
    if (nameTaken(err)) throw NAME_TAKEN();
    throw err;
  }
}

export async function listPools(ctx: Ctx, auth: AuthContext) {
  return withNumbers(ctx.db, auth.accountId, await repo.listPools(ctx.db, auth.accountId));
}

export async function getPool(ctx: Ctx, auth: AuthContext, publicId: string) {
  return (await withNumbers(ctx.db, auth.accountId, [await findOr404(ctx.db, auth.accountId, publicId)]))[0];
}

/** Renames and/or replaces the numbers; recipients of a number that left are reassigned when next texted. */
export async function updatePool(ctx: Ctx, auth: AuthContext, publicId: string, input: z.infer<typeof PoolPatch>, meta: RequestMeta) {
  const numberIds = input.numberIds ? await numberIdsOf(ctx.db, auth.accountId, input.numberIds) : null;
  try {
    return await withTx(ctx.db, async (tx) => {
      const p = await findOr404(tx, auth.accountId, publicId, { lock: true });
      const u = await repo.renamePool(tx, auth.accountId, p.id, input.name);
      if (numberIds) await repo.setMembers(tx, auth.accountId, p.id, numberIds);
      await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'number_pool.updated', target: { type: 'number_pool', id: p.id }, meta, details: { fields: Object.keys(input) } });
      return (await withNumbers(tx, auth.accountId, [u]))[0];
    });
  } catch (err) {
    if (nameTaken(err)) throw NAME_TAKEN();
    throw err;
  }
}

/** Deletes a pool (its sticky assignments go with it); 409 while a campaign that has not ended uses it. */
export async function deletePool(ctx: Ctx, deps: PoolDeps, auth: AuthContext, publicId: string, meta: RequestMeta) {
  await withTx(ctx.db, async (tx) => {
    const p = await findOr404(tx, auth.accountId, publicId, { lock: true });
    const using = await deps.campaignsUsingPool(tx, auth.accountId, p.id);
    if (using.length) throw conflict('pool_in_use', 'Campaigns that have not ended send from this pool: cancel them or let them finish first.', { campaignIds: using });
    await repo.deletePool(tx, auth.accountId, p.id);
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'number_pool.deleted', target: { type: 'number_pool', id: p.id }, meta, details: { name: p.name } });
  });
}
