import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { caller } from '../../http/auth.js';
import { toPublicId } from '../../lib/ids.js';
import { carriersOfAccount } from './subprocessors.service.js';

const CarrierShareOut = z.object({
  provider: z.string().meta({ description: 'twilio | smpp | simulator' }),
  connectionId: z.string().nullable().meta({ description: 'The provider connection; null for the built-in simulator\'s numbers' }),
  connectionName: z.string().nullable(),
  connectionDeleted: z.boolean(),
  outbound: z.number().int().meta({ description: 'Messages handed to this carrier' }),
  inbound: z.number().int().meta({ description: 'Messages received through this carrier' }),
  firstAt: z.string(), lastAt: z.string(),
}).meta({ id: 'CarrierShare' });

/** Settings → Sub-processors: which carriers received this account's messages (the public list is /v1/legal/subprocessors). */
export const accountSubprocessorRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/v1/account/subprocessors', {
      config: { access: { role: 'viewer', scope: 'account:read' } },
      schema: {
        tags: ['account'], summary: "The carriers (sub-processors) that received or delivered this account's messages, from each message's record",
        response: { 200: z.object({ carriers: z.array(CarrierShareOut), publicList: z.string() }) },
      },
    }, async (request) => {
      const rows = await carriersOfAccount(ctx, caller(request).accountId);
      return {
        carriers: rows.map((r) => ({
          ...r, connectionId: r.connectionId ? toPublicId('connection', r.connectionId) : null, firstAt: r.firstAt.toISOString(), lastAt: r.lastAt.toISOString(),
        })),
        publicList: '/legal/subprocessors',
      };
    });
  };
