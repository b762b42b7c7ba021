import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { DataRequestIn, DataRequestOut, DataRequestPage, DataRequestPatch, DataRequestQuery, PrivacyPageOut } from './data-requests.schema.js';
import * as svc from './data-requests.service.js';
import type { DataRequestPorts } from './data-requests.types.js';

const tags = ['data-requests'];
/** Requests name people and their data: owners and admins only (viewers and agents never see them). */
const manage = { role: 'admin', scope: 'contacts:write' } as const;
const read = { role: 'admin', scope: 'contacts:read' } as const;
const IdParams = z.object({ id: z.string().max(100) });

export const dataRequestRoutes =
  (ctx: Ctx, ports: DataRequestPorts): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/v1/data-requests', {
      config: { access: read },
      schema: { tags, summary: 'The privacy request queue, soonest due first (overdue ones flagged, never dropped)', querystring: DataRequestQuery, response: { 200: DataRequestPage } },
    }, async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return svc.listRequests(ctx, caller(request), request.query);
    });

    app.get('/v1/data-requests/page', {
      config: { access: read },
      schema: { tags, summary: 'The address of the business\'s public privacy page', response: { 200: PrivacyPageOut } },
    }, async (request) => ({ url: await svc.privacyPageUrl(ctx, caller(request).accountId) }));

    app.post('/v1/data-requests', {
      config: { access: manage },
      schema: { tags, summary: 'Log a request received by phone or email (due date from the regime: GDPR one month, CCPA 45 days)', body: DataRequestIn, response: { 201: DataRequestOut } },
    }, async (request, reply) => reply.status(201).send(await svc.createRequest(ctx, caller(request), request.body, requestMeta(request))));

    app.get('/v1/data-requests/:id', {
      config: { access: read },
      schema: { tags, summary: 'One request with its status trail', params: IdParams, response: { 200: DataRequestOut } },
    }, async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return svc.getRequest(ctx, caller(request), request.params.id);
    });

    app.patch('/v1/data-requests/:id', {
      config: { access: manage },
      schema: {
        tags, summary: 'Move a request forward (completed runs its outcome: deletion erases the person; denied needs a reason), or extend its due date once',
        params: IdParams, body: DataRequestPatch, response: { 200: DataRequestOut },
      },
    }, async (request) => svc.patchRequest(ctx, ports, caller(request), request.params.id, request.body, requestMeta(request)));
  };
