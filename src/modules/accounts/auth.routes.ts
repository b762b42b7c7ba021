import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { NoContent } from '../../http/responses.js';
import { SESSION_COOKIE, caller, clearSessionCookies, csrfFor, requestMeta } from '../../http/auth.js';
import { startSession } from './session-reply.js';
import {
  EmailChangedOut, LoginBody, PasswordChangeBody, ResetConfirmBody, ResetRequestBody, SessionOut, SignupAcceptedOut, SignupBody, SignupConfirmedOut, SwitchBody, TokenBody,
} from './accounts.schema.js';
import { fromPublicId } from '../../lib/ids.js';
import * as auth from './auth.service.js';
import { confirmEmailChange } from './email-change.service.js';
import { confirmSignup, requestSignup } from './signup.service.js';
import { presentAccount, presentUser } from './presenters.js';
import { policyAcceptanceRequired } from '../policies/policies.service.js';

const tags = ['auth'];
const signedIn = { role: 'viewer' } as const;

export const authRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/v1/auth/signup', {
      config: { access: 'public' },
      schema: { tags, summary: 'Sign up a business and its owner: mails a confirmation link (the same answer for every email)', body: SignupBody, response: { 202: SignupAcceptedOut } },
    }, async (request, reply) => {
      await requestSignup(ctx, request.body, requestMeta(request));
      return reply.status(202).send({ ok: true as const });
    });

    app.post('/v1/auth/signup/confirm', {
      config: { access: 'public' },
      schema: { tags, summary: 'Confirm a sign-up with the emailed token (creates the account; starts a session for a new login)', body: TokenBody, response: { 201: SignupConfirmedOut } },
    }, async (request, reply) => {
      const r = await confirmSignup(ctx, request.body.token, requestMeta(request));
      if (!r.session) return reply.status(201).send({ account: presentAccount(r.account), user: presentUser(r.user), csrfToken: null, existingLogin: true });
      return reply.status(201).send({ ...startSession(ctx, request, reply, { ...r, session: r.session }), existingLogin: false });
    });

    app.post('/v1/auth/email-change/confirm', {
      config: { access: 'public' },
      schema: { tags, summary: 'Apply a new email address with the token mailed to it', body: TokenBody, response: { 200: EmailChangedOut } },
    }, async (request) => confirmEmailChange(ctx, request.body.token, requestMeta(request)));

    app.post('/v1/auth/login', { config: { access: 'public' }, schema: { tags, summary: 'Sign in (starts a session)', body: LoginBody, response: { 200: SessionOut } } }, async (request, reply) => {
      const r = await auth.login(ctx, request.body.email, request.body.password, requestMeta(request));
      return { ...startSession(ctx, request, reply, r), policyAcceptanceRequired: await policyAcceptanceRequired(ctx.db, { via: 'session', user: r.user }) };
    });

    app.post('/v1/auth/switch', { config: { access: signedIn }, schema: { tags, summary: 'Act in another account you belong to (this session)', body: SwitchBody, response: { 200: SessionOut } } }, async (request) => {
      const r = await auth.switchAccount(ctx, caller(request), fromPublicId('account', request.body.accountId), requestMeta(request));
      return { account: presentAccount(r.account), user: presentUser(r.user), csrfToken: csrfFor(ctx.config.secretKey, request.cookies[SESSION_COOKIE] ?? '') };
    });

    app.post('/v1/auth/logout', { config: { access: { ...signedIn, partner: { can: 'self' } } }, schema: { tags, summary: 'Sign out (ends this session)', response: { 204: NoContent } } }, async (request, reply) => {
      await auth.logout(ctx, caller(request), requestMeta(request));
      clearSessionCookies(reply);
      return reply.status(204).send();
    });

    app.post('/v1/auth/password', { config: { access: signedIn }, schema: { tags, summary: 'Change your password', body: PasswordChangeBody, response: { 204: NoContent } } }, async (request, reply) => {
      await auth.changePassword(ctx, caller(request), request.body.currentPassword, request.body.newPassword, requestMeta(request));
      return reply.status(204).send();
    });

    app.post('/v1/auth/password-reset/request', { config: { access: 'public' }, schema: { tags, summary: 'Email a password-reset link', body: ResetRequestBody, response: { 202: z.object({ ok: z.literal(true) }).meta({ description: 'Accepted (the same answer whether or not the email is known)' }) } } }, async (request, reply) => {
      await auth.requestPasswordReset(ctx, request.body.email, requestMeta(request));
      return reply.status(202).send({ ok: true });
    });

    app.post('/v1/auth/password-reset/confirm', { config: { access: 'public' }, schema: { tags, summary: 'Set a new password with a reset token', body: ResetConfirmBody, response: { 204: NoContent } } }, async (request, reply) => {
      await auth.confirmPasswordReset(ctx, request.body.token, request.body.password, requestMeta(request));
      return reply.status(204).send();
    });
  };
