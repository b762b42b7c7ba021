import type { Ctx } from '../../context.js';
import * as repo from './accounts.repo.js';

/** An account by id (for jobs and other modules: they never read the accounts tables themselves). */
export const findAccount = (ctx: Ctx, accountId: string) => repo.findAccount(ctx.db, accountId);

/** An active account by its Twilio-compatible SID (`AC…`), or null (src/modules/twilio-compat). */
export async function findActiveAccountByTwilioSid(ctx: Ctx, sid: string) {
  const a = await repo.findAccountByTwilioSid(ctx.db, sid);
  return a && a.status === 'active' ? a : null;
}
