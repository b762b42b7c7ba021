import { hash as digest } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../../context.js';
import { AppError, forbidden, unauthenticated } from '../../lib/errors.js';
import { hashToken, safeEqual } from '../../lib/tokens.js';
import { CSRF_COOKIE, CSRF_HEADER, SAFE_METHODS, SESSION_COOKIE, csrfFor, type AuthContext, type Authenticator, type RoleAccess } from '../../http/auth.js';
import * as creds from './credentials.repo.js';
import type { AccountRow, UserRow } from './accounts.repo.js';
import { API_SCOPES, ROLES, effectiveScopes, hasRole, lowerRole, type Role } from './roles.js';

declare module '../../http/auth.js' {
  interface AuthContext {
    /** The rows authentication read anyway (fresh for this request). */
    account: AccountRow;
    user: UserRow | null;
    /** The caller's effective role in this account. */
    role: Role;
    /** The API key's Twilio-compatible SID (`SK…`) when the caller is an API key. */
    apiKeySid?: string;
    /**
     * Only on routes with `recheckAuth` (the send hot path): this API-key context may come from the
     * process's cache of the key lookup instead of a fresh read, so the route's own statement must
     * check, in its snapshot, that the key is still unrevoked and that the account and membership rows
     * are the versions read here (then nothing authentication depends on changed), and call
     * `refresh()` — a fresh lookup and authorization, 401/403 as usual — when they are not.
     */
    recheck?: AuthRecheck;
  }
}
declare module 'fastify' {
  interface FastifyContextConfig {
    /** The handler re-checks an API key's context inside its own statement (AuthContext.recheck), so the key lookup may be cached. */
    recheckAuth?: boolean;
  }
}

export interface AuthRecheck {
  keyId: string;
  /** `accounts.xmin` and `memberships.xmin` (as text) when the key was looked up. */
  accountVersion: string;
  membershipVersion: string;
  refresh: () => Promise<AuthContext>;
}

/**
 * Authentication of /v1 requests: a session cookie (acting in one account, as long as the
 * person is still a member there) or an API key (acting with at most its creator's current
 * membership). Handed to the HTTP layer by src/app.ts.
 */
const TOUCH_EVERY_MS = 60_000;

async function fromApiKey(ctx: Ctx, key: string, ip: string | null): Promise<AuthContext> {
  return (await lookUpApiKey(ctx, hashToken(ctx.config.secretKey, key), ip)).auth;
}

async function lookUpApiKey(ctx: Ctx, hash: string, ip: string | null) {
  const now = ctx.now();
  const found = await creds.findLiveApiKey(ctx.db, hash, now);
  if (!found || found.account.status !== 'active') throw unauthenticated('The API key is not valid or was revoked.');
  const { key: k, account, user } = found;
  let lastUsedAt = k.lastUsedAt;
  if (!lastUsedAt || now.getTime() - lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await creds.touchApiKey(ctx.db, k.accountId, k.id, now, ip);
    lastUsedAt = now;
  }
  return { versions: found.versions, lastUsedAt, auth: lookedUp(k, account, user) };
}

function lookedUp(k: NonNullable<Awaited<ReturnType<typeof creds.findLiveApiKey>>>['key'], account: AccountRow, user: UserRow & { role: string; scopes: string[] }): AuthContext {
  return {
    accountId: k.accountId,
    account,
    user,
    userId: k.createdBy,
    // Never more than the creator's current role, nor than the key's own.
    role: lowerRole(k.role as Role, user.role as Role),
    via: 'api_key',
    sessionId: null,
    apiKeyId: k.id,
    scopes: effectiveScopes(k.scopes, user.scopes),
    actor: { type: 'api_key', id: k.id, label: `API key "${k.name}" (${k.prefix}…)` },
    apiKeySid: k.twilioSid,
  };
}

/**
 * The API-key lookup of `recheckAuth` routes, cached per process (and per app: tests run several):
 * at most KEY_CACHE_MS of real time, and never past the key's next last-used touch (by the app's
 * clock), so `last_used_at` moves as without the cache. Safe only because such a route re-checks the
 * context in its own statement (AuthContext.recheck): a revoked key, a changed membership or
 * account is noticed by the first statement after the change, never later.
 */
const KEY_CACHE_MS = 60_000;
const KEY_CACHE_MAX = 10_000;
interface CachedKey { auth: AuthContext; versions: string; lastUsedAt: Date; until: number }
const keyCaches = new WeakMap<Ctx, Map<string, CachedKey>>();

async function fromApiKeyRechecked(ctx: Ctx, access: RoleAccess, key: string, ip: string | null): Promise<AuthContext> {
  // The cache is keyed by a plain SHA-256 of the key (one native call; the key has 256 bits of entropy,
  // and the entry is in this process's memory only): the keyed hash the database is searched by is
  // computed on a miss only.
  const cacheKey = digest('sha256', key, 'base64url');
  let cache = keyCaches.get(ctx);
  if (!cache) keyCaches.set(ctx, (cache = new Map()));
  const hit = cache.get(cacheKey);
  if (hit && hit.until > performance.now() && ctx.now().getTime() - hit.lastUsedAt.getTime() <= TOUCH_EVERY_MS) {
    const [accountVersion, membershipVersion] = hit.versions.split(':');
    const refresh = async () => {
      cache.delete(cacheKey);
      return authorize(access, await fromApiKeyRechecked(ctx, access, key, ip).then(({ recheck: _, ...fresh }) => fresh));
    };
    return { ...hit.auth, recheck: { keyId: hit.auth.apiKeyId!, accountVersion, membershipVersion, refresh } };
  }
  cache.delete(cacheKey);
  const looked = await lookUpApiKey(ctx, hashToken(ctx.config.secretKey, key), ip);
  // Only a context this route lets in is kept: a refusal is never served from the cache (the role may be raised meanwhile).
  if (permits(access, looked.auth)) {
    if (cache.size >= KEY_CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(cacheKey, { ...looked, until: performance.now() + KEY_CACHE_MS });
  }
  return looked.auth; // read just now: nothing to re-check
}

/** The caller behind an API key's value (also the Twilio-compatible Basic auth's password: src/modules/twilio-compat). Throws 401. */
export const authenticateApiKey = (ctx: Ctx, key: string, ip: string | null) => fromApiKey(ctx, key, ip);

/**
 * The caller of a request signed with the account's Twilio-compatible auth token (checked by
 * src/modules/twilio-compat): the account itself, as an admin acting for no person, with the
 * scopes of the Twilio-compatible API.
 */
export function accountTokenCaller(account: AccountRow): AuthContext {
  return {
    accountId: account.id, account, user: null, userId: null, role: 'admin', via: 'api_key', sessionId: null, apiKeyId: null,
    scopes: ['messages:read', 'messages:write'], actor: { type: 'api_key', id: null, label: 'Twilio-compatible auth token' },
  };
}

async function fromSession(ctx: Ctx, request: FastifyRequest, token: string): Promise<AuthContext> {
  const now = ctx.now();
  const found = await creds.findLiveSession(ctx.db, hashToken(ctx.config.secretKey, token), now);
  if (!found || found.account.status !== 'active') throw unauthenticated('Your session has expired. Sign in again.');
  if (!SAFE_METHODS.has(request.method)) {
    const sent = request.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !safeEqual(sent, csrfFor(ctx.config.secretKey, token))) {
      throw new AppError(403, 'csrf_failed', `Send the ${CSRF_HEADER} header with the value of the ${CSRF_COOKIE} cookie.`);
    }
  }
  const { session, user, account } = found;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await creds.touchSession(ctx.db, session.id, now);
  return {
    accountId: session.accountId,
    account,
    user,
    userId: user.id,
    role: user.role as Role,
    via: 'session',
    sessionId: session.id,
    apiKeyId: null,
    scopes: user.scopes,
    actor: { type: 'user', id: user.id, label: `${user.name} <${user.email}>` },
  };
}


async function authenticate(ctx: Ctx, request: FastifyRequest): Promise<AuthContext | null> {
  const header = request.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw unauthenticated('Use "Authorization: Bearer <API key>".');
    const config = request.routeOptions.config;
    if (config?.recheckAuth && typeof config.access === 'object' && 'role' in config.access) return fromApiKeyRechecked(ctx, config.access, m[1], request.ip ?? null);
    return fromApiKey(ctx, m[1], request.ip ?? null);
  }
  const token = request.cookies[SESSION_COOKIE];
  return token ? fromSession(ctx, request, token) : null;
}

function permits(access: RoleAccess, auth: AuthContext) {
  try {
    authorize(access, auth);
    return true;
  } catch {
    return false;
  }
}

/**
 * A partner organisation (an account of kind `partner`) works its clients' accounts through their
 * grants: its own account holds no numbers or connections and sends nothing (`businessOnly` routes,
 * and the Twilio-compatible send).
 */
export function assertBusinessAccount(auth: AuthContext) {
  if (auth.account.kind === 'partner') {
    throw new AppError(403, 'partner_account', "A partner organisation works its clients' accounts through their grants; it cannot send texts or hold numbers of its own.");
  }
}

function authorize(access: RoleAccess, auth: AuthContext | null): AuthContext {
  if (!auth) throw unauthenticated();
  if (access.businessOnly) assertBusinessAccount(auth);
  if (!hasRole(auth.role, access.role as Role)) throw forbidden(`This needs the ${access.role} role or higher.`, { requiredRole: access.role });
  if (access.scope && auth.scopes.length > 0 && !auth.scopes.includes(access.scope)) {
    const who = auth.via === 'api_key' ? 'This API key' : 'Your membership';
    throw forbidden(`${who} lacks the ${access.scope} scope.`, { requiredScope: access.scope });
  }
  return auth;
}


function checkRule(access: RoleAccess) {
  if (!(ROLES as readonly string[]).includes(access.role)) throw new Error(`Unknown role in an access rule: ${access.role}`);
  if (access.scope !== undefined && !(access.scope in API_SCOPES)) throw new Error(`Unknown scope in an access rule: ${access.scope}`);
}

export const accountsAuthenticator = (ctx: Ctx): Authenticator => ({
  authenticate: (request) => authenticate(ctx, request),
  authorize,
  checkRule,
});
