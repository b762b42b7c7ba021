import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { NoContent, pageOf } from '../../http/responses.js';
import { WEBHOOK_EVENT_TYPES } from './events.js';
import * as service from './endpoints.service.js';
import { presentDelivery, presentEndpoint } from './presenters.js';
import {
  CreatedEndpointOut, DeliveryOut, DeliveryPage, EndpointBody, EndpointOut, EndpointPatch, EventTypesOut, IdParams, LogQuery, ReplayBody, ReplayOut, RotateBody, SecretOut,
} from './webhooks.schema.js';

const tags = ['webhooks'];
const read = { role: 'admin', scope: 'account:read' } as const;
const write = { role: 'admin', scope: 'account:write' } as const;

export const webhooksRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/v1/webhook-endpoints/event-types', { config: { access: read }, schema: { tags, summary: 'The event types an endpoint can receive', response: { 200: EventTypesOut } } },
      async () => ({ data: [...WEBHOOK_EVENT_TYPES] }));

    app.post('/v1/webhook-endpoints', { config: { access: write }, schema: { tags, summary: 'Create a webhook endpoint (its secret is shown once)', body: EndpointBody, response: { 201: CreatedEndpointOut } } },
      async (request, reply) => {
        const { row, secret } = await service.createEndpoint(ctx, caller(request), request.body, requestMeta(request));
        return reply.status(201).send({ ...presentEndpoint(row, ctx.now()), secret });
      });

    app.get('/v1/webhook-endpoints', { config: { access: read }, schema: { tags, summary: 'List webhook endpoints', response: { 200: pageOf(EndpointOut) } } },
      async (request) => ({ data: (await service.listEndpoints(ctx, caller(request))).map((e) => presentEndpoint(e, ctx.now())), nextCursor: null }));

    app.get('/v1/webhook-endpoints/:id', { config: { access: read }, schema: { tags, summary: 'A webhook endpoint', params: IdParams, response: { 200: EndpointOut } } },
      async (request) => presentEndpoint(await service.getEndpoint(ctx, caller(request), request.params.id), ctx.now()));

    app.patch('/v1/webhook-endpoints/:id', { config: { access: write }, schema: { tags, summary: 'Change a webhook endpoint (URL, event types, description, on/off)', params: IdParams, body: EndpointPatch, response: { 200: EndpointOut } } },
      async (request) => presentEndpoint(await service.updateEndpoint(ctx, caller(request), request.params.id, request.body, requestMeta(request)), ctx.now()));

    app.delete('/v1/webhook-endpoints/:id', { config: { access: write }, schema: { tags, summary: 'Delete a webhook endpoint', params: IdParams, response: { 204: NoContent } } },
      async (request, reply) => {
        await service.deleteEndpoint(ctx, caller(request), request.params.id, requestMeta(request));
        return reply.status(204).send();
      });

    app.get('/v1/webhook-endpoints/:id/secret', { config: { access: write }, schema: { tags, summary: 'Reveal the endpoint\'s signing secret (audited)', params: IdParams, response: { 200: SecretOut } } },
      async (request) => ({ secret: await service.revealSecret(ctx, caller(request), request.params.id, requestMeta(request)) }));

    app.post('/v1/webhook-endpoints/:id/rotate-secret', {
      config: { access: write },
      schema: { tags, summary: 'Rotate the signing secret (the old one keeps signing beside it during the overlap)', params: IdParams, body: RotateBody, response: { 200: CreatedEndpointOut } },
    }, async (request) => {
      const hours = request.body.overlapHours;
      const { row, secret } = await service.rotateSecret(ctx, caller(request), request.params.id, hours === undefined ? undefined : hours * 3_600_000, requestMeta(request));
      return { ...presentEndpoint(row, ctx.now()), secret };
    });

    app.post('/v1/webhook-endpoints/:id/test', { config: { access: write }, schema: { tags, summary: 'Send a test event (webhook.test) to the endpoint', params: IdParams, response: { 202: DeliveryOut } } },
      async (request, reply) => reply.status(202).send(presentDelivery(await service.sendTest(ctx, caller(request), request.params.id), [])));

    app.get('/v1/webhook-endpoints/:id/deliveries', { config: { access: read }, schema: { tags, summary: 'The endpoint\'s delivery log, newest first, with every attempt', params: IdParams, querystring: LogQuery, response: { 200: DeliveryPage } } },
      async (request) => {
        const { page, attempts, nextCursor } = await service.deliveryLog(ctx, caller(request), request.params.id, request.query);
        return { data: page.map((d) => presentDelivery(d, attempts)), nextCursor };
      });

    app.post('/v1/webhook-endpoints/:id/replay', { config: { access: write }, schema: { tags, summary: 'Send again every delivery since a time (at most 10,000)', params: IdParams, body: ReplayBody, response: { 202: ReplayOut } } },
      async (request, reply) => reply.status(202).send({ queued: await service.replaySince(ctx, caller(request), request.params.id, new Date(request.body.since), requestMeta(request)) }));

    app.post('/v1/webhook-deliveries/:id/replay', { config: { access: write }, schema: { tags, summary: 'Send one delivery again (same webhook-id and body)', params: IdParams, response: { 202: DeliveryOut } } },
      async (request, reply) => reply.status(202).send(presentDelivery(await service.replayDelivery(ctx, caller(request), request.params.id, requestMeta(request)), [])));
  };
