import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { newUuid } from '../../lib/ids.js';
import { hashToken, randomToken } from '../../lib/tokens.js';
import type { RequestMeta } from '../audit/audit.service.js';
import * as creds from './credentials.repo.js';

export interface NewSession {
  token: string;
  expiresAt: Date;
}

/** Opens a server-side session of a person acting in one account; only the token's keyed hash is stored. */
export async function openSession(ctx: Ctx, tx: Db, accountId: string, userId: string, meta: RequestMeta): Promise<NewSession> {
  const token = randomToken();
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + ctx.config.sessionTtlHours * 3_600_000);
  await creds.insertSession(tx, {
    id: newUuid(),
    accountId,
    userId,
    tokenHash: hashToken(ctx.config.secretKey, token),
    ip: meta.ip,
    userAgent: meta.userAgent,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
  });
  return { token, expiresAt };
}

/** Daily: drops sessions that expired or were revoked more than a day ago. */
export async function purgeDeadSessions(ctx: Ctx): Promise<number> {
  return creds.deleteDeadSessions(ctx.db, new Date(ctx.now().getTime() - 86_400_000));
}
