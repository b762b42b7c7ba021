import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { DestinationsBody, DestinationsOut } from './destinations.schema.js';
import { destinationsOf, setDestinations } from './destinations.service.js';

const tags = ['account'];

/** Settings → Destinations: the countries this account may text (its own always; others once allowed). */
export const destinationsRoutes = (ctx: Ctx): FastifyPluginAsyncZod => async (app) => {
  app.get('/v1/account/destinations', {
    config: { access: { role: 'viewer', scope: 'account:read' } },
    schema: { tags, summary: 'Destination countries texts may go to', response: { 200: DestinationsOut } },
  }, async (request) => destinationsOf(caller(request)));

  app.put('/v1/account/destinations', {
    config: { access: { role: 'admin', scope: 'account:write' } },
    schema: { tags, summary: "Set the countries allowed besides the account's own (fraud at the door: off by default)", body: DestinationsBody, response: { 200: DestinationsOut } },
  }, async (request) => setDestinations(ctx, caller(request), request.body, requestMeta(request)));
};
