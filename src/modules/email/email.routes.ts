import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { toPublicId } from '../../lib/ids.js';
import { listOutbox } from './email.service.js';

/** The operator's outbox: where email lands when no SMTP server is configured. */
export const emailRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/v1/operator/outbox', {
      config: { access: 'operator' },
      schema: {
        tags: ['operator'],
        summary: 'Email that was not sent through SMTP (the operator outbox)',
        response: { 200: z.object({ data: z.array(z.object({ id: z.string(), to: z.string(), subject: z.string(), text: z.string(), status: z.string(), createdAt: z.string() }).meta({ id: 'OutboxEmail' })) }) },
      },
    }, async () => {
      const rows = await listOutbox(ctx);
      return { data: rows.map((e) => ({ id: toPublicId('email', e.id), to: e.to, subject: e.subject, text: e.text, status: e.status, createdAt: e.createdAt.toISOString() })) };
    });
  };
