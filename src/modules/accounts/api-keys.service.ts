import type { Ctx } from '../../context.js';
import type { AuthContext } from '../../http/auth.js';
import { keysetPage, positionAfter, type PageQuery } from '../../http/pagination.js';
import { forbidden, notFound } from '../../lib/errors.js';
import { newUuid } from '../../lib/ids.js';
import { hashToken, randomToken } from '../../lib/tokens.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import * as creds from './credentials.repo.js';
import * as pages from './pages.repo.js';

/** Keys look like `wm_<43 url-safe chars>`; the first 11 characters identify them in lists. */
export const KEY_PREFIX_LENGTH = 11;

/** One page of the account's API keys (revoked ones too), newest first (GET /v1/api-keys). */
export const apiKeysPage = async (ctx: Ctx, auth: AuthContext, q: PageQuery) =>
  keysetPage(await pages.apiKeysPage(ctx.db, auth.accountId, positionAfter(q), q.limit + 1), q.limit);

export async function createApiKey(ctx: Ctx, auth: AuthContext, name: string, scopes: string[], meta: RequestMeta) {
  if (auth.via === 'api_key' && auth.scopes.length > 0 && scopes.some((s) => !auth.scopes.includes(s))) {
    throw forbidden('An API key cannot create a key with scopes it does not have.');
  }
  const key = `wm_${randomToken()}`;
  const effectiveScopes = scopes.length === 0 && auth.via === 'api_key' ? auth.scopes : scopes;
  const row = await ctx.db.transaction(async (tx) => {
    const created = await creds.insertApiKey(tx, {
      id: newUuid(), accountId: auth.accountId, createdBy: auth.userId, name, prefix: key.slice(0, KEY_PREFIX_LENGTH),
      keyHash: hashToken(ctx.config.secretKey, key), role: auth.role === 'owner' ? 'owner' : auth.role, scopes: [...new Set(effectiveScopes)],
    });
    await recordAudit(tx, {
      accountId: auth.accountId, actor: auth.actor, action: 'api_key.created', target: { type: 'api_key', id: created.id }, meta,
      details: { name, scopes: created.scopes },
    });
    return created;
  });
  return { row, key };
}

export async function revokeApiKey(ctx: Ctx, auth: AuthContext, id: string | null, meta: RequestMeta) {
  await ctx.db.transaction(async (tx) => {
    const key = id ? await creds.revokeApiKey(tx, auth.accountId, id, ctx.now()) : null;
    if (!key) {
      const existing = id ? await creds.findApiKey(tx, auth.accountId, id) : null;
      if (existing) return; // already revoked: idempotent
      throw notFound('API key');
    }
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'api_key.revoked', target: { type: 'api_key', id: key.id }, meta, details: { name: key.name } });
  });
}
