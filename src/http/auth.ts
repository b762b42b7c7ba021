import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx } from '../context.js';
import { AppError, unauthenticated } from '../lib/errors.js';
import { hashToken } from '../lib/tokens.js';
import type { Actor, RequestMeta } from '../lib/actor.js';

export const SESSION_COOKIE = 'wm_session';
export const CSRF_COOKIE = 'wm_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * Who may call a route. Roles and scopes are the accounts module's vocabulary: it checks every
 * rule when the route is registered (an unknown role or scope stops the server from starting).
 */
export type Access = 'public' | 'operator' | RoleAccess | OperatorAccess;

/**
 * An operator route that needs a role (src/modules/operators): `{operator: 'trust_safety'}` lets
 * that role or admin in. Plain `'operator'` lets any operator read and trust_safety/admin write
 * (support is read-only unless a route names `support` itself).
 */
export interface OperatorAccess { operator: string }
export const isOperatorAccess = (access: unknown): access is OperatorAccess =>
  typeof access === 'object' && access !== null && 'operator' in access;

/**
 * The operator behind a request: an operator session that passed TOTP, or the bootstrap
 * OPERATOR_TOKEN while it is turned on (`via: 'token'`, no operator id, acts as admin).
 */
export interface OperatorAuth {
  operatorId: string | null;
  role: string;
  via: 'session' | 'token';
  sessionId: string | null;
  actor: Actor;
}

/** How operator requests authenticate: the operators module implements it; src/app.ts hands it over. */
export interface OperatorAuthenticator {
  /** The operator behind the request; null when it sends neither an operator session nor a bearer. Throws 401 for a bad one. */
  authenticate(request: FastifyRequest): Promise<OperatorAuth | null>;
  /** Throws 403 when the operator's role does not reach the route (`need` null: plain 'operator'). */
  authorize(need: string | null, write: boolean, operator: OperatorAuth): void;
  /** Throws for an unknown operator role in an access rule (checked when the route is registered). */
  checkRole(role: string): void;
}

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
  /** An operator (token while on, or session) is also accepted: request.auth stays null, request.operator is set. */
  orOperator?: boolean;
  /**
   * The route gets, attaches or connects numbers, or sends texts: a business's callers only. A
   * partner organisation's own account (kind `partner`) is refused, 403 `partner_account` (it works
   * its clients' accounts through their grants); its people acting in a client through a grant are
   * that client's callers (and answer to `partner`).
   */
  businessOnly?: boolean;
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
    /**
     * Set on protected routes: the caller as they would be let in now — null unless it is the same
     * account and person and the session, key, membership, role or partner grant still hold.
     * Long-lived responses (event streams) ask it periodically and end on null.
     */
    reauthorize: ((request: FastifyRequest) => Promise<AuthContext | null>) | null;
    /** Set on operator routes (and `orOperator` routes reached by an operator). */
    operator: OperatorAuth | null;
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
  /** Whether a re-check's caller (`now`) is the one the request let in (`was`) under this rule; default: same account and person. */
  sameCaller?(access: RoleAccess, was: AuthContext, now: AuthContext): boolean;
}

/** Every /v1 route declares who may call it; a route without a rule stops the server from starting. */
export function registerAuth(app: FastifyInstance, ctx: Ctx, authn: Authenticator, operators: OperatorAuthenticator) {
  app.decorateRequest('auth', null);
  app.decorateRequest('operator', null);
  app.decorateRequest('reauthorize', null);
  // One function for every request (assigned, not built, per request): authentication and the route's rule run again.
  const reauthorize = async (request: FastifyRequest): Promise<AuthContext | null> => {
    const access = request.routeOptions.config?.access;
    const was = request.auth;
    if (!was || !access || typeof access !== 'object' || isOperatorAccess(access)) return null;
    try {
      const now = authn.authorize(access, await authn.authenticate(request));
      const same = authn.sameCaller ? authn.sameCaller(access, was, now) : now.accountId === was.accountId && now.userId === was.userId;
      return same ? now : null;
    } catch {
      return null;
    }
  };
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (route.url.startsWith('/v1/') && !access) {
      throw new Error(`Route ${route.method} ${route.url} declares no access rule`);
    }
    if (isOperatorAccess(access)) operators.checkRole(access.operator);
    else if (access && typeof access === 'object') authn.checkRule(access);
  });
  app.addHook('preHandler', async (request) => {
    const access = request.routeOptions.config?.access;
    if (!access) return;
    if (access === 'operator' || isOperatorAccess(access)) {
      const op = await operators.authenticate(request);
      if (!op) throw unauthenticated('Sign in as an operator (password and TOTP code).');
      operators.authorize(access === 'operator' ? null : access.operator, !SAFE_METHODS.has(request.method), op);
      request.operator = op;
      return;
    }
    if (typeof access === 'object' && access.orOperator) {
      const op = await operators.authenticate(request).catch(() => null);
      if (op) {
        operators.authorize(null, !SAFE_METHODS.has(request.method), op);
        request.operator = op;
        return;
      }
    }
    if (access === 'public') {
      checkOrigin(ctx, request);
      request.auth = await authn.authenticate(request).catch(() => null);
      return;
    }
    request.auth = authn.authorize(access, await authn.authenticate(request));
    request.reauthorize = reauthorize;
  });
}

/** The authenticated caller of a protected route (set by the preHandler). */
export function caller(request: FastifyRequest): AuthContext {
  if (!request.auth) throw unauthenticated();
  return request.auth;
}
