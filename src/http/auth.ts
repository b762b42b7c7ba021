import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx } from '../context.js';
import { AppError, unauthenticated } from '../lib/errors.js';
import { hashToken, safeEqual } from '../lib/tokens.js';
import type { Actor, RequestMeta } from '../lib/actor.js';

export const SESSION_COOKIE = 'wm_session';
export const CSRF_COOKIE = 'wm_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * Who may call a route. Roles and scopes are the accounts module's vocabulary: it checks every
 * rule when the route is registered (an unknown role or scope stops the server from starting).
 */
export type Access = 'public' | 'operator' | RoleAccess;

/**
 * A route's opt-in for callers acting in a client account through a partner's grant
 * (src/modules/partners): `can` is `self`, `read` or a grantable action; `conversation` /
 * `contact` name the path parameter whose resource the grant must cover; `mask` hides the
 * grant's masked contact fields in the response. A route without one refuses partner callers.
 */
export interface PartnerRule { can: string; conversation?: string; contact?: string; mask?: boolean }
export interface RoleAccess {
  role: string;
  scope?: string;
  partner?: PartnerRule;
  /** The operator token is also accepted (request.auth stays null for it). */
  orOperator?: boolean;
}

/** What a caller acting through a partner grant may reach (null: no restriction on that axis). */
export interface PartnerScope {
  partnerId: string;
  partnerName: string;
  grantId: string;
  numberIds: string[] | null;
  teamIds: string[] | null;
  permissions: string[];
  maskedFields: string[];
}

/**
 * The authenticated caller. This layer knows only what it needs; the accounts module adds
 * the rest (`account`, `user`, `role`) by declaration merging, so HTTP depends on no module.
 */
export interface AuthContext {
  accountId: string;
  userId: string | null;
  via: 'session' | 'api_key';
  sessionId: string | null;
  apiKeyId: string | null;
  scopes: string[];
  actor: Actor;
  /** Set when the caller acts in this (client) account through a partner's grant. */
  partner?: PartnerScope;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

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

/** Writes without a session (sign-up, sign-in) must come from our own origin when a browser says where from. */
function checkOrigin(ctx: Ctx, request: FastifyRequest) {
  const origin = request.headers.origin;
  if (!origin || SAFE_METHODS.has(request.method)) return;
  const own = [new URL(ctx.config.publicUrl).origin, `${request.protocol}://${request.headers.host}`];
  if (!own.includes(origin)) throw new AppError(403, 'bad_origin', 'Cross-site requests are not accepted.');
}

/**
 * How a request proves who it is: the accounts module implements it (sessions, API keys,
 * memberships, roles) and the composition root (src/app.ts) hands it over, so this generic
 * HTTP layer depends on no module at run time.
 */
export interface Authenticator {
  /** The caller behind a session cookie or bearer key; null when there is neither. Throws 401/403. */
  authenticate(request: FastifyRequest): Promise<AuthContext | null>;
  /** The caller if the route's access rule lets them in; throws 401/403 otherwise. */
  authorize(access: RoleAccess, auth: AuthContext | null): AuthContext;
  /** Throws for a rule naming an unknown role or scope (checked once, when the route is registered). */
  checkRule(access: RoleAccess): void;
}

/** Every /v1 route declares who may call it; a route without a rule stops the server from starting. */
export function registerAuth(app: FastifyInstance, ctx: Ctx, authn: Authenticator) {
  app.decorateRequest('auth', null);
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (route.url.startsWith('/v1/') && !access) {
      throw new Error(`Route ${route.method} ${route.url} declares no access rule`);
    }
    if (access && typeof access === 'object') authn.checkRule(access);
  });
  app.addHook('preHandler', async (request) => {
    const access = request.routeOptions.config?.access;
    if (!access) return;
    if (access === 'operator') {
      const header = request.headers.authorization ?? '';
      if (!safeEqual(header, `Bearer ${ctx.config.operatorToken}`)) throw unauthenticated('Send the operator token.');
      return;
    }
    if (typeof access === 'object' && access.orOperator && safeEqual(request.headers.authorization ?? '', `Bearer ${ctx.config.operatorToken}`)) return;
    if (access === 'public') {
      checkOrigin(ctx, request);
      request.auth = await authn.authenticate(request).catch(() => null);
      return;
    }
    request.auth = authn.authorize(access, await authn.authenticate(request));
  });
}

/** The authenticated caller of a protected route (set by the preHandler). */
export function caller(request: FastifyRequest): AuthContext {
  if (!request.auth) throw unauthenticated();
  return request.auth;
}
