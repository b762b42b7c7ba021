import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { unauthenticated } from '../../lib/errors.js';
import { evidenceForBusiness, evidenceForOperator, type EvidenceDownload } from './evidence.service.js';

const Query = z.object({
  phone: z.string().trim().min(3).max(40).meta({ description: 'The phone number the complaint is about (E.164, or national in the account\'s country)' }),
  format: z.enum(['zip', 'pdf']).default('zip'),
});
const Download = z.any().meta({ description: 'A ZIP (JSON files + evidence.pdf) or the printable PDF' });

const send = (reply: import('fastify').FastifyReply, d: EvidenceDownload) =>
  reply.type(d.contentType).header('content-disposition', `attachment; filename="${d.filename}"`).header('cache-control', 'no-store').send(d.stream);

/** Dispute evidence packs (issue 13): the business's own, and the operator's for any account. */
export const evidenceRoutes = (ctx: Ctx): FastifyPluginAsyncZod => async (app) => {
  app.get('/v1/evidence', {
    config: { access: { role: 'admin', scope: 'contacts:export' } },
    schema: { tags: ['consent'], summary: 'Dispute evidence pack for a phone number (consent, messages with delivery history, STOP/HELP, audit): ZIP or PDF', querystring: Query, response: { 200: Download } },
  }, async (request, reply) => send(reply, await evidenceForBusiness(ctx, caller(request), request.query.phone, request.query.format, requestMeta(request))));

  app.get('/v1/operator/accounts/:id/evidence', {
    config: { access: 'operator' },
    schema: { tags: ['operator'], summary: "Dispute evidence pack of an account's phone number (recorded on the operators' audit chain)", params: z.object({ id: z.string().min(1).max(100) }), querystring: Query, response: { 200: Download } },
  }, async (request, reply) => {
    if (!request.operator) throw unauthenticated();
    return send(reply, await evidenceForOperator(ctx, request.operator, request.params.id, request.query.phone, request.query.format, requestMeta(request)));
  });
};
