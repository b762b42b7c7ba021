import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context.js';
import { caller } from '../../http/auth.js';
import { InboundDeliveryPage, InboundLogQuery } from './inbound-hooks.schema.js';
import { inboundDeliveryLog } from './inbound-log.service.js';
import { presentInboundDelivery } from './inbound-presenters.js';

const read = { role: 'admin', scope: 'account:read' } as const;

/** The log of Twilio-compatible inbound webhooks (the SMS URL itself is set on the number: PATCH /v1/numbers/:id {twilioSmsUrl}). */
export const twilioInboundRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/v1/twilio-inbound-deliveries', {
      config: { access: read },
      schema: {
        tags: ['twilio'], summary: "Log of inbound texts posted to numbers' Twilio SMS URLs, newest first, with every attempt and what the TwiML answer did",
        querystring: InboundLogQuery, response: { 200: InboundDeliveryPage },
      },
    }, async (request) => {
      const { page, attempts, nextCursor } = await inboundDeliveryLog(ctx, caller(request), request.query);
      return { data: page.map((d) => presentInboundDelivery(d, attempts)), nextCursor };
    });
  };
