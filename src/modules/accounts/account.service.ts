import type { Ctx } from '../../context.js';
import * as repo from './accounts.repo.js';

/** An account by id (for jobs and other modules: they never read the accounts tables themselves). */
export const findAccount = (ctx: Ctx, accountId: string) => repo.findAccount(ctx.db, accountId);
