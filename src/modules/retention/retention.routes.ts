import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { RetentionBody, RetentionOut, RetentionPreview } from './retention.schema.js';
import { getRetention, previewRetention, updateRetention } from './retention.service.js';

const tags = ['retention'];
const read = { role: 'admin', scope: 'account:read' } as const;
const manage = { role: 'admin', scope: 'account:write' } as const;

/** Data retention (issue 10): the account's rules, and a dry run of the daily job. */
export const retentionRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/v1/retention', {
      config: { access: read },
      schema: { tags, summary: "The account's data retention rules", response: { 200: RetentionOut } },
    }, async (request) => getRetention(ctx.db, caller(request).accountId));

    app.put('/v1/retention', {
      config: { access: manage },
      schema: { tags, summary: "Set the account's data retention rules (null keeps the data)", body: RetentionBody, response: { 200: RetentionOut } },
    }, async (request) => updateRetention(ctx, caller(request), request.body, requestMeta(request)));

    app.get('/v1/retention/preview', {
      config: { access: read },
      schema: { tags, summary: 'Dry run: what the daily retention job would redact, delete and erase now', response: { 200: RetentionPreview } },
    }, async (request) => previewRetention(ctx, caller(request).accountId));
  };
