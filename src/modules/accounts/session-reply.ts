import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx } from '../../context.js';
import { csrfFor, setSessionCookies } from '../../http/auth.js';
import type { AccountRow, UserRow } from './accounts.repo.js';
import { presentAccount, presentUser } from './presenters.js';
import type { NewSession } from './sessions.service.js';

/** Sets the session cookies of a new session and answers with the session's account, user and CSRF token. */
export function startSession(ctx: Ctx, request: FastifyRequest, reply: FastifyReply, r: { account: AccountRow; user: UserRow; session: NewSession }) {
  setSessionCookies(ctx, request, reply, r.session.token, r.session.expiresAt);
  return { account: presentAccount(r.account), user: presentUser(r.user), csrfToken: csrfFor(ctx.config.secretKey, r.session.token) };
}
