import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { EvidenceFile, EvidenceFormat } from './consent.schema.js';
import { caller, requestMeta } from '../../http/auth.js';
import { pageOf } from '../../http/responses.js';
import { sendStream } from '../../http/stream.js';
import { SuppressionOut } from './consent.schema.js';
import * as evidence from './consent-evidence.service.js';
import { listSuppressions } from './consent.service.js';

const tags = ['consent'];
const read = { role: 'viewer', scope: 'contacts:read' } as const;
const exportAccess = { role: 'admin', scope: 'contacts:export' } as const;

export const consentRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/v1/consent/export', { config: { access: exportAccess }, schema: { tags, summary: 'Download all consent evidence of the account', querystring: EvidenceFormat, response: { 200: EvidenceFile } } }, async (request, reply) => {
      const { format } = request.query;
      return sendStream(reply, format, 'consent-evidence', evidence.exportEvidence(ctx, caller(request), format, requestMeta(request)));
    });

    app.get('/v1/suppressions', {
      config: { access: read },
      schema: {
        tags,
        summary: 'List suppressed (opted-out) numbers',
        querystring: z.object({ cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: pageOf(SuppressionOut) },
      },
    }, async (request) => {
      const { cursor, limit } = request.query;
      const rows = await listSuppressions(ctx.db, caller(request).accountId, cursor ?? null, limit + 1);
      const page = rows.slice(0, limit);
      return {
        data: page.map((s) => ({ phone: s.phone, phoneHash: s.phoneHash, source: s.source, reason: s.reason, createdAt: s.createdAt.toISOString() })),
        nextCursor: rows.length > limit ? page[page.length - 1].phoneHash : null,
      };
    });
  };
