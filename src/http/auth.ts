import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx } from '../context.js';
import { AppError, forbidden, unauthenticated } from '../lib/errors.js';
import { hashToken, safeEqual } from '../lib/tokens.js';
import type { Actor, RequestMeta } from '../modules/audit/audit.service.js';
import type { AccountRow, UserRow } from '../modules/accounts/accounts.repo.js';
import * as creds from '../modules/accounts/credentials.repo.js';
import { effectiveScopes, hasRole, lowerRole, type ApiScope, type Role } from '../modules/accounts/roles.js';

export const SESSION_COOKIE = 'wm_session';
export const CSRF_COOKIE = 'wm_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export type Access = 'public' | 'operator' | { role: Role; scope?: ApiScope };

export interface AuthContext {
  accountId: string;
  /** The rows authentication read anyway (fresh for this request). */
  account: AccountRow;
  user: UserRow | null;
  userId: string | null;
  role: Role;
  via: 'session' | 'api_key';
  sessionId: string | null;
  apiKeyId: string | null;
  scopes: string[];
  actor: Actor;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const TOUCH_EVERY_MS = 60_000;

export function requestMeta(request: FastifyRequest): RequestMeta {
  const ua = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof ua === 'string' ? ua.slice(0, 500) : null };
}

/** The CSRF token of a session: derived from it, so nothing more is stored. */
export const csrfFor = (secretKey: string, sessionToken: string) => hashToken(secretKey, `csrf:${sessionToken}`);

export function isHttps(ctx: Ctx, request: FastifyRequest) {
  return request.protocol === 'https' || ctx.config.publicUrl.startsWith('https://');
}

export function setSessionCookies(ctx: Ctx, request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date) {
  const secure = isHttps(ctx, request);
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: expiresAt });
  reply.setCookie(CSRF_COOKIE, csrfFor(ctx.config.secretKey, token), { path: '/', httpOnly: false, sameSite: 'strict', secure, expires: expiresAt });
}

export function clearSessionCookies(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}

async function fromApiKey(ctx: Ctx, key: string): Promise<AuthContext> {
  const now = ctx.now();
  const found = await creds.findLiveApiKey(ctx.db, hashToken(ctx.config.secretKey, key), now);
  if (!found || found.account.status !== 'active') throw unauthenticated('The API key is not valid or was revoked.');
  const { key: k, account, user } = found;
  if (!k.lastUsedAt || now.getTime() - k.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await creds.touchApiKey(ctx.db, k.accountId, k.id, now);
  }
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

/** Writes without a session (sign-up, sign-in) must come from our own origin when a browser says where from. */
function checkOrigin(ctx: Ctx, request: FastifyRequest) {
  const origin = request.headers.origin;
  if (!origin || SAFE_METHODS.has(request.method)) return;
  const own = [new URL(ctx.config.publicUrl).origin, `${request.protocol}://${request.headers.host}`];
  if (!own.includes(origin)) throw new AppError(403, 'bad_origin', 'Cross-site requests are not accepted.');
}

export async function authenticate(ctx: Ctx, request: FastifyRequest): Promise<AuthContext | null> {
  const header = request.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw unauthenticated('Use "Authorization: Bearer <API key>".');
    return fromApiKey(ctx, m[1]);
  }
  const token = request.cookies[SESSION_COOKIE];
  return token ? fromSession(ctx, request, token) : null;
}

export function authorize(access: Exclude<Access, 'public' | 'operator'>, auth: AuthContext | null): AuthContext {
  if (!auth) throw unauthenticated();
  if (!hasRole(auth.role, access.role)) throw forbidden(`This needs the ${access.role} role or higher.`, { requiredRole: access.role });
  if (access.scope && auth.scopes.length > 0 && !auth.scopes.includes(access.scope)) {
    const who = auth.via === 'api_key' ? 'This API key' : 'Your membership';
    throw forbidden(`${who} lacks the ${access.scope} scope.`, { requiredScope: access.scope });
  }
  return auth;
}

/** Every /v1 route declares who may call it; a route without a rule stops the server from starting. */
export function registerAuth(app: FastifyInstance, ctx: Ctx) {
  app.decorateRequest('auth', null);
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/v1/') && !route.config?.access) {
      throw new Error(`Route ${route.method} ${route.url} declares no access rule`);
    }
  });
  app.addHook('preHandler', async (request) => {
    const access = request.routeOptions.config?.access;
    if (!access) return;
    if (access === 'operator') {
      const header = request.headers.authorization ?? '';
      if (!safeEqual(header, `Bearer ${ctx.config.operatorToken}`)) throw unauthenticated('Send the operator token.');
      return;
    }
    if (access === 'public') {
      checkOrigin(ctx, request);
      request.auth = await authenticate(ctx, request).catch(() => null);
      return;
    }
    request.auth = authorize(access, await authenticate(ctx, request));
  });
}

/** The authenticated caller of a protected route (set by the preHandler). */
export function caller(request: FastifyRequest): AuthContext {
  if (!request.auth) throw unauthenticated();
  return request.auth;
}
