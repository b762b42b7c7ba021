import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { SESSION_COOKIE, caller, csrfFor, requestMeta } from '../../http/auth.js';
import { fromPublicId, toPublicId } from '../../lib/ids.js';
import {
  AccountOut, AccountPatch, IdParams, InvitationLookupOut, InvitationOut, InviteAcceptBody, InviteBody, MeOut, ProfileOut, ProfilePatch, RoleBody,
  SessionOut, TransferBody, UserOut,
} from './accounts.schema.js';
import { startSession } from './session-reply.js';
import { pageParams } from '../../http/pagination.js';
import { NoContent, pageOf } from '../../http/responses.js';
import type { Role } from './roles.js';
import * as authService from './auth.service.js';
import { policyAcceptanceRequired } from '../policies/policies.service.js';
import { presentAccount, presentMembership, presentUser } from './presenters.js';
import * as profile from './profile.service.js';
import * as team from './team.service.js';

const tags = ['account'];
const read = { role: 'viewer', scope: 'account:read' } as const;
const manage = { role: 'admin', scope: 'account:write' } as const;

const presentInvitation = (i: { id: string; email: string; role: string; expiresAt: Date; createdAt: Date }) => ({
  id: toPublicId('invitation', i.id), email: i.email, role: i.role as Role, expiresAt: i.expiresAt.toISOString(), createdAt: i.createdAt.toISOString(),
});

export const accountRoutes =
  (ctx: Ctx, ports: { memberReleased?: team.MemberReleasedPort } = {}): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/v1/me', {
      // Partner callers (acting in a client through a grant) read who they are too.
      config: { access: { ...read, partner: { can: 'self' } } },
      schema: { tags, summary: 'The caller: account, user and CSRF token', response: { 200: MeOut } },
    }, async (request) => {
      const auth = caller(request);
      const { account, user } = profile.me(auth);
      const token = auth.via === 'session' ? request.cookies[SESSION_COOKIE] : undefined;
      const memberships = (await authService.membershipsOf(ctx, auth)).map(presentMembership);
      return {
        account: presentAccount(account), user: user ? presentUser(user) : null, csrfToken: token ? csrfFor(ctx.config.secretKey, token) : null, memberships,
        policyAcceptanceRequired: await policyAcceptanceRequired(ctx.db, auth),
        partner: auth.partner ? { id: toPublicId('account', auth.partner.partnerId), name: auth.partner.partnerName, permissions: auth.partner.permissions, maskedFields: auth.partner.maskedFields } : null,
      };
    });

    app.patch('/v1/me', { config: { access: { role: 'viewer' } }, schema: { tags, summary: 'Update your profile (a new email is applied from the link mailed to it)', body: ProfilePatch, response: { 200: ProfileOut } } }, async (request) => {
      const r = await profile.updateProfile(ctx, caller(request), request.body, requestMeta(request));
      return { user: presentUser(r.user), pendingEmail: r.pendingEmail };
    });

    app.get('/v1/account', { config: { access: read }, schema: { tags, summary: 'The account (with its Twilio-compatible account SID)', response: { 200: z.object({ account: AccountOut }) } } }, async (request) => ({
      account: presentAccount(caller(request).account),
    }));

    app.patch('/v1/account', { config: { access: manage }, schema: { tags, summary: 'Update the business details', body: AccountPatch, response: { 200: z.object({ account: AccountOut }) } } }, async (request) => {
      const account = await profile.updateAccount(ctx, caller(request), request.body, requestMeta(request));
      return { account: presentAccount(account) };
    });

    app.get('/v1/members', { config: { access: read }, schema: { tags, summary: 'List members, oldest first', querystring: z.object(pageParams()), response: { 200: pageOf(UserOut) } } }, async (request) => {
      const page = await team.membersPage(ctx, caller(request), request.query);
      return { data: page.data.map(presentUser), nextCursor: page.nextCursor };
    });

    app.patch('/v1/members/:id', { config: { access: manage }, schema: { tags, summary: "Change a member's role", params: IdParams, body: RoleBody, response: { 200: UserOut } } }, async (request) => {
      const user = await team.changeRole(ctx, caller(request), fromPublicId('user', request.params.id), request.body.role, requestMeta(request), ports.memberReleased);
      return presentUser(user);
    });

    app.delete('/v1/members/:id', { config: { access: manage }, schema: { tags, summary: 'Remove a member', params: IdParams, response: { 204: NoContent } } }, async (request, reply) => {
      await team.removeMember(ctx, caller(request), fromPublicId('user', request.params.id), requestMeta(request), ports.memberReleased);
      return reply.status(204).send();
    });

    app.post('/v1/account/transfer-ownership', { config: { access: { role: 'owner', scope: 'account:write' } }, schema: { tags, summary: 'Transfer ownership to another member', body: TransferBody, response: { 204: NoContent } } }, async (request, reply) => {
      await team.transferOwnership(ctx, caller(request), fromPublicId('user', request.body.userId), requestMeta(request));
      return reply.status(204).send();
    });

    app.post('/v1/invitations', { config: { access: manage }, schema: { tags, summary: 'Invite someone by email', body: InviteBody, response: { 201: InvitationOut } } }, async (request, reply) => {
      const inv = await team.invite(ctx, caller(request), request.body.email, request.body.role, requestMeta(request));
      return reply.status(201).send(presentInvitation(inv));
    });

    app.get('/v1/invitations', { config: { access: manage }, schema: { tags, summary: 'List pending invitations, newest first', querystring: z.object(pageParams()), response: { 200: pageOf(InvitationOut) } } }, async (request) => {
      const page = await team.invitationsPage(ctx, caller(request), request.query);
      return { data: page.data.map(presentInvitation), nextCursor: page.nextCursor };
    });

    app.delete('/v1/invitations/:id', { config: { access: manage }, schema: { tags, summary: 'Revoke an invitation', params: IdParams, response: { 204: NoContent } } }, async (request, reply) => {
      await team.revokeInvitation(ctx, caller(request), fromPublicId('invitation', request.params.id), requestMeta(request));
      return reply.status(204).send();
    });

    app.get('/v1/invitations/lookup', {
      config: { access: 'public' },
      schema: { tags, summary: 'Look up an invitation by its token', querystring: z.object({ token: z.string().min(10).max(200) }), response: { 200: InvitationLookupOut } },
    }, async (request) => {
      const { invitation, account, existingLogin } = await team.lookupInvitation(ctx, request.query.token);
      return { email: invitation.email, role: invitation.role as Role, accountName: account.name, existingLogin };
    });

    app.post('/v1/invitations/accept', { config: { access: 'public' }, schema: { tags, summary: 'Accept an invitation (creates the login, starts a session)', body: InviteAcceptBody, response: { 201: SessionOut } } }, async (request, reply) => {
      const r = await team.acceptInvitation(ctx, request.body, requestMeta(request), request.auth?.via === 'session' ? request.auth.userId : null);
      return reply.status(201).send(startSession(ctx, request, reply, r));
    });
  };

