import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta, type AuthContext } from '../../http/auth.js';
import { NoContent, pageOf } from '../../http/responses.js';
import { openEventStream } from '../../http/sse.js';
import { toPublicId } from '../../lib/ids.js';
import { IdParams } from '../contacts/contacts.schema.js';
import * as grants from './grants.service.js';
import * as workspace from './workspace.service.js';
import { streamQueue } from './queue-stream.service.js';
import type { GrantRow } from './grants.service.js';
import { presentAssignment, presentGrant, presentPartner, presentQueueItem, presentServedClient } from './presenters.js';
import {
  AssignmentBody, AssignmentOut, GrantBody, GrantOut, GrantPatch, PartnerClientsOut, PartnerCreateBody, PartnerOut, PartnerSwitchBody, QueueEvents, QueueItemOut, QueueQuery,
} from './partners.schema.js';

const tags = ['partners'];
const clientAdmin = { role: 'admin', scope: 'account:write' } as const;
const clientRead = { role: 'admin', scope: 'account:read' } as const;
/** The partner's people, in the partner account or acting in a client (their own session's business). */
const partnerSelf = { role: 'viewer', partner: { can: 'self' } } as const;
const partnerManager = { role: 'admin', scope: 'account:write' } as const;

export const partnersRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    const present = async (auth: AuthContext, r: { grant: GrantRow; partnerName: string }) =>
      presentGrant(r.grant, r.partnerName, grants.stateOf(r.grant, auth.account.timeZone, ctx.now()), await grants.agentsOf(ctx, r.grant.partnerId, auth.accountId));

    app.post('/v1/partners', {
      config: { access: { role: 'admin', scope: 'account:write', orOperator: true } },
      schema: { tags, summary: 'Create an outsourcing partner organisation (the operator, inviting its owner; or a partner manager, who owns it)', body: PartnerCreateBody, response: { 201: PartnerOut } },
    }, async (request, reply) => reply.status(201).send(presentPartner(await workspace.createPartner(ctx, request.auth, request.body, requestMeta(request)))));

    app.get('/v1/partners', { config: { access: clientRead }, schema: { tags, summary: 'The outsourcing partners this account works with (it has granted access to)', description: 'Not a directory of every partner: a new partner is found by the id it gives you (GET /v1/partners/:id).', response: { 200: pageOf(PartnerOut) } } }, async (request) => ({
      data: (await workspace.listPartners(ctx, caller(request))).map(presentPartner), nextCursor: null,
    }));

    app.get('/v1/partners/:id', { config: { access: clientRead }, schema: { tags, summary: 'An outsourcing partner by the id it gave you (to grant it access)', params: IdParams, response: { 200: PartnerOut } } }, async (request) =>
      presentPartner(await workspace.findPartner(ctx, request.params.id)));

    app.post('/v1/partner-grants', { config: { access: clientAdmin }, schema: { tags, summary: 'Grant a partner scoped, time-boxed access to this account', body: GrantBody, response: { 201: GrantOut } } }, async (request, reply) => {
      const auth = caller(request);
      return reply.status(201).send(await present(auth, await grants.createGrant(ctx, auth, request.body, requestMeta(request))));
    });

    app.get('/v1/partner-grants', { config: { access: clientRead }, schema: { tags, summary: "This account's grants to partners (revoked ones too)", response: { 200: pageOf(GrantOut) } } }, async (request) => {
      const auth = caller(request);
      return { data: await Promise.all((await grants.listGrants(ctx, auth)).map((r) => present(auth, r))), nextCursor: null };
    });

    app.get('/v1/partner-grants/:id', { config: { access: clientRead }, schema: { tags, summary: 'A grant', params: IdParams, response: { 200: GrantOut } } }, async (request) => {
      const auth = caller(request);
      return present(auth, await grants.getGrant(ctx, auth, request.params.id));
    });

    app.patch('/v1/partner-grants/:id', { config: { access: clientAdmin }, schema: { tags, summary: "Change a grant (the partner's next request sees it)", params: IdParams, body: GrantPatch, response: { 200: GrantOut } } }, async (request) => {
      const auth = caller(request);
      return present(auth, await grants.changeGrant(ctx, auth, request.params.id, request.body, requestMeta(request)));
    });

    app.delete('/v1/partner-grants/:id', { config: { access: clientAdmin }, schema: { tags, summary: "Revoke a grant at once (the partner's people lose access on their next request)", params: IdParams, response: { 204: NoContent } } }, async (request, reply) => {
      await grants.revokeGrant(ctx, caller(request), request.params.id, requestMeta(request));
      return reply.status(204).send();
    });

    app.get('/v1/partner/clients', { config: { access: partnerSelf }, schema: { tags, summary: 'The client accounts your partner organisation serves (the account switcher)', response: { 200: PartnerClientsOut } } }, async (request) => {
      const self = await workspace.partnerSelf(ctx, caller(request));
      const clients = await workspace.servedClients(ctx, self);
      return {
        partner: { id: toPublicId('account', self.partnerId), name: self.partnerName }, role: self.role,
        actingIn: self.actingIn ? toPublicId('account', self.actingIn) : null,
        clients: clients.map(presentServedClient),
      };
    });

    app.post('/v1/partner/switch', { config: { access: partnerSelf }, schema: { tags, summary: 'Act in a served client account, or back in the partner account (this session)', body: PartnerSwitchBody, response: { 200: z.object({ actingIn: z.string() }) } } }, async (request) => {
      const id = await workspace.switchTo(ctx, caller(request), request.body.accountId, requestMeta(request));
      return { actingIn: toPublicId('account', id) };
    });

    app.get('/v1/partner/queue', { config: { access: partnerSelf }, schema: { tags, summary: 'Conversations of every client you work now, each within its grant (masked as its grant says)', querystring: QueueQuery, response: { 200: pageOf(QueueItemOut) } } }, async (request) => ({
      data: (await workspace.combinedQueue(ctx, caller(request), request.query)).map(presentQueueItem), nextCursor: null,
    }));

    const streams = new Set<() => void>();
    app.addHook('preClose', async () => { for (const end of streams) end(); });
    app.get('/v1/partner/queue/stream', { config: { access: partnerSelf }, schema: { tags, summary: 'Live updates of the combined queue (server-sent events)', response: { 200: QueueEvents } } }, async (request, reply) =>
      streamQueue(ctx, caller(request), () => openEventStream(request, reply, streams)),
    );

    app.get('/v1/partner/assignments', { config: { access: { role: 'viewer', scope: 'account:read' } }, schema: { tags, summary: "Which of the partner's people work which client", response: { 200: pageOf(AssignmentOut) } } }, async (request) => ({
      data: (await workspace.listAssignments(ctx, caller(request))).map(presentAssignment), nextCursor: null,
    }));

    app.post('/v1/partner/assignments', { config: { access: partnerManager }, schema: { tags, summary: 'Assign a partner agent to a client (partner managers)', body: AssignmentBody, response: { 204: NoContent } } }, async (request, reply) => {
      await workspace.assign(ctx, caller(request), request.body, requestMeta(request));
      return reply.status(204).send();
    });

    app.delete('/v1/partner/assignments', { config: { access: partnerManager }, schema: { tags, summary: 'Take a partner agent off a client (partner managers)', querystring: AssignmentBody, response: { 204: NoContent } } }, async (request, reply) => {
      await workspace.assign(ctx, caller(request), request.query, requestMeta(request), true);
      return reply.status(204).send();
    });
  };
