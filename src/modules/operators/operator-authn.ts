import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../../context.js';
import { SAFE_METHODS, type OperatorAuth, type OperatorAuthenticator } from '../../http/auth.js';
import { AppError, forbidden } from '../../lib/errors.js';
import { safeEqual } from '../../lib/tokens.js';
import { isOperatorRole, operatorMay } from './operator-rules.js';
import { TOKEN_ACTOR, activeSession, operatorActorOf, operatorCsrfFor, tokenEnabled } from './operators.service.js';

/** The operator session's cookies and CSRF header: separate from an account session's (wm_session / wm_csrf / x-csrf-token). */
export const OP_SESSION_COOKIE = 'wm_op_session';
export const OP_CSRF_COOKIE = 'wm_op_csrf';
export const OP_CSRF_HEADER = 'x-operator-csrf';

const tokenRefused = () => new AppError(401, 'operator_token_disabled', 'The operator token was turned off. Sign in as an operator (password and TOTP code).');

async function fromBearer(ctx: Ctx, header: string): Promise<OperatorAuth> {
  const token = ctx.config.operatorToken;
  if (!token || !safeEqual(header, `Bearer ${token}`)) throw new AppError(401, 'unauthenticated', 'The operator token is not valid.');
  if (!(await tokenEnabled(ctx))) throw tokenRefused();
  return { operatorId: null, role: 'admin', via: 'token', sessionId: null, actor: TOKEN_ACTOR };
}

async function fromSession(ctx: Ctx, request: FastifyRequest, token: string): Promise<OperatorAuth> {
  const { operator, sessionId } = await activeSession(ctx, token);
  if (!SAFE_METHODS.has(request.method)) {
    const sent = request.headers[OP_CSRF_HEADER];
    if (typeof sent !== 'string' || !safeEqual(sent, operatorCsrfFor(ctx, token))) {
      throw new AppError(403, 'csrf_failed', `Send the ${OP_CSRF_HEADER} header with the value of the ${OP_CSRF_COOKIE} cookie.`);
    }
  }
  return { operatorId: operator.id, role: operator.role, via: 'session', sessionId, actor: operatorActorOf(operator) };
}

/**
 * Operator routes: an operator session that passed TOTP (cookie `wm_op_session`), or the
 * bootstrap token as a bearer while no admin has turned it off. An account's session or API
 * key is never an operator. Handed to the HTTP layer by src/app.ts.
 */
export const operatorAuthenticator = (ctx: Ctx): OperatorAuthenticator => ({
  async authenticate(request) {
    const header = request.headers.authorization;
    if (header) return fromBearer(ctx, header);
    const token = request.cookies[OP_SESSION_COOKIE];
    return token ? fromSession(ctx, request, token) : null;
  },
  authorize(need, write, op) {
    if (!operatorMay(op.role, need, write)) {
      const required = need ?? (write ? 'trust_safety' : 'support');
      throw forbidden(`This needs an operator with the ${required} role or higher${need === null && write ? ' (support is read-only)' : ''}.`, { requiredOperatorRole: required });
    }
  },
  checkRole(role) {
    if (!isOperatorRole(role)) throw new Error(`Unknown operator role in an access rule: ${role}`);
  },
});
