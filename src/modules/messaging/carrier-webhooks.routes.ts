import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { nonJson } from '../../http/responses.js';
import { handleCarrierWebhook } from './carrier-webhooks.service.js';

const Params = z.object({ kind: z.enum(['twilio', 'simulator']), token: z.string().min(1).max(200), which: z.enum(['status', 'inbound']) });
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/**
 * Carrier callbacks (receipts and inbound texts) at each connection's webhook URLs. Bodies are
 * kept raw: verifying a carrier's signature needs exactly what it sent. Public: the token in the
 * URL and the carrier's signature are the authentication.
 */
export const carrierWebhookRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    app.post('/webhooks/:kind/:token/:which', {
      config: { access: 'public', rateLimit: false },
      schema: {
        tags: ['webhooks'], summary: "A carrier's status callback or inbound text (signature-checked)", security: [], params: Params,
        response: { 200: nonJson(['text/xml'], 'An empty TwiML response') },
      },
    }, async (request, reply) => {
      const { kind, token, which } = request.params;
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      await handleCarrierWebhook(ctx, kind, token, which, { url: `${ctx.config.publicUrl}${request.url}`, method: request.method, headers: request.headers, rawBody });
      return reply.type('text/xml').send(EMPTY_TWIML);
    });
  };
