import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { NoContent } from '../../http/responses.js';
import { IdParams } from '../contacts/contacts.schema.js';
import { PoolBody, PoolOut, PoolPatch } from './pools.schema.js';
import * as pools from './pools.service.js';

const tags = ['numbers'];
const read = { role: 'viewer', scope: 'messages:read' } as const;
const manage = { role: 'admin', scope: 'account:write' } as const;

/** Number pools (issue 9): campaigns send from a pool, each recipient always from the same number. */
export const poolsRoutes =
  (ctx: Ctx, deps: pools.PoolDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/v1/number-pools', {
      config: { access: manage },
      schema: { tags, summary: 'Create a number pool', body: PoolBody, response: { 201: PoolOut } },
    }, async (request, reply) => reply.status(201).send(await pools.createPool(ctx, caller(request), request.body, requestMeta(request))));

    app.get('/v1/number-pools', {
      config: { access: read },
      schema: { tags, summary: 'List number pools', response: { 200: z.object({ data: z.array(PoolOut) }) } },
    }, async (request) => ({ data: await pools.listPools(ctx, caller(request)) }));

    app.get('/v1/number-pools/:id', {
      config: { access: read },
      schema: { tags, summary: 'A number pool with its numbers', params: IdParams, response: { 200: PoolOut } },
    }, async (request) => pools.getPool(ctx, caller(request), request.params.id));

    app.patch('/v1/number-pools/:id', {
      config: { access: manage },
      schema: { tags, summary: 'Rename a pool or replace its numbers (recipients of a number that left get another when next texted)', params: IdParams, body: PoolPatch, response: { 200: PoolOut } },
    }, async (request) => pools.updatePool(ctx, caller(request), request.params.id, request.body, requestMeta(request)));

    app.delete('/v1/number-pools/:id', {
      config: { access: manage },
      schema: { tags, summary: 'Delete a pool (409 pool_in_use while a campaign that has not ended sends from it)', params: IdParams, response: { 204: NoContent } },
    }, async (request, reply) => {
      await pools.deletePool(ctx, deps, caller(request), request.params.id, requestMeta(request));
      return reply.status(204).send();
    });
  };
