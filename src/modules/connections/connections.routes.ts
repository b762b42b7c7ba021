import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { NoContent, pageOf } from '../../http/responses.js';
import { IdParams } from '../contacts/contacts.schema.js';
import { ConnectionOut, CreateConnectionBody, PatchConnectionBody } from './connections.schema.js';
import * as service from './connections.service.js';

const tags = ['provider-connections'];
const read = { role: 'viewer', scope: 'account:read' } as const;
const manage = { role: 'admin', scope: 'account:write' } as const;

export const connectionsRoutes =
  (ctx: Ctx, deps: service.ConnectionDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/v1/provider-connections', {
      config: { access: { ...manage, businessOnly: true } },
      schema: {
        tags, summary: 'Connect a carrier account (tested on save)',
        description: 'The connection is stored even when its test fails (status `error` with the reason), so credentials can be fixed later. Credentials are encrypted at rest and never returned.',
        body: CreateConnectionBody, response: { 201: ConnectionOut },
      },
    }, async (request, reply) => reply.status(201).send(await service.createConnection(ctx, deps, caller(request), request.body, requestMeta(request))));

    app.get('/v1/provider-connections', { config: { access: read }, schema: { tags, summary: 'List provider connections', response: { 200: pageOf(ConnectionOut) } } }, async (request) => ({
      data: await service.listConnections(ctx, deps, caller(request).accountId), nextCursor: null,
    }));

    app.get('/v1/provider-connections/:id', { config: { access: read }, schema: { tags, summary: 'Get a provider connection', params: IdParams, response: { 200: ConnectionOut } } }, async (request) =>
      service.getConnection(ctx, deps, caller(request).accountId, request.params.id),
    );

    app.patch('/v1/provider-connections/:id', {
      config: { access: manage },
      schema: { tags, summary: 'Rename, change settings, rotate credentials, disable or enable', description: 'New credentials or settings replace the stored ones and are tested again.', params: IdParams, body: PatchConnectionBody, response: { 200: ConnectionOut } },
    }, async (request) => service.updateConnection(ctx, deps, caller(request), request.params.id, request.body, requestMeta(request)));

    app.post('/v1/provider-connections/:id/test', { config: { access: manage }, schema: { tags, summary: 'Test the connection again', params: IdParams, response: { 200: ConnectionOut } } }, async (request) =>
      service.retestConnection(ctx, deps, caller(request), request.params.id, requestMeta(request)),
    );

    app.delete('/v1/provider-connections/:id', {
      config: { access: manage },
      schema: { tags, summary: 'Delete a connection without numbers (409 connection_in_use otherwise)', params: IdParams, response: { 204: NoContent } },
    }, async (request, reply) => {
      await service.deleteConnection(ctx, deps, caller(request), request.params.id, requestMeta(request));
      return reply.status(204).send();
    });
  };
