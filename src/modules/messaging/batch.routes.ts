import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { caller } from '../../http/auth.js';
import { IsoDateTime } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { MAX_BATCH, sendBatch, type BatchItem } from './batch.service.js';
import { MediaIds, MediaUrls, MessageOut } from './messaging.schema.js';
import { presentMessage } from './presenters.js';

const send = { role: 'agent', scope: 'messages:write', businessOnly: true } as const;

/** What a recipient's message may set; the batch's top-level fields are the defaults of every recipient. */
const Fields = {
  from: z.string().max(100).optional().meta({ description: 'A number of the account (E.164 or pn_…); default: its first number' }),
  body: z.string().max(5000).optional(), smartEncoding: z.boolean().optional(), sendAt: IsoDateTime().optional(),
  mediaUrls: MediaUrls.optional(), mediaIds: MediaIds.optional(),
};
const BatchMessage = z.object({ to: z.string().max(64), ...Fields }).strict();
const BatchBody = z.object({
  ...Fields,
  messages: z.array(BatchMessage).min(1).max(MAX_BATCH).meta({ description: `The recipients, 1–${MAX_BATCH}: each \`to\`, and any field that differs from the batch's` }),
}).strict().superRefine((b, ctx) => {
  if (b.body !== undefined) return;
  b.messages.forEach((m, i) => {
    if (m.body === undefined) ctx.addIssue({ code: 'custom', path: ['messages', i, 'body'], message: 'give a body here or for the whole batch' });
  });
});
const BatchResultOut = z.object({
  index: z.number().int().meta({ description: 'The position of the recipient in `messages`' }),
  status: z.enum(['queued', 'scheduled', 'refused']),
  message: MessageOut.optional().meta({ description: 'The queued or scheduled message' }),
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()) }).optional()
    .meta({ description: 'Why the recipient was refused (the codes of POST /v1/messages: invalid_phone, recipient_opted_out, …)' }),
}).meta({ id: 'BatchSendResult' });
const BatchOut = z.object({
  results: z.array(BatchResultOut).meta({ description: 'One per recipient, in the order of `messages`' }),
  queued: z.number().int(), scheduled: z.number().int(), refused: z.number().int(),
}).meta({ id: 'BatchSendResults' });

export const batchRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/v1/messages/batch', {
      config: { access: send, rateLimitCost: (request) => (request.body as { messages: unknown[] }).messages.length },
      // Counted before validation so a batch over the maximum is a plain 400 whatever else is wrong with it.
      preValidation: async (request) => {
        const n = (request.body as { messages?: unknown } | null)?.messages;
        if (Array.isArray(n) && n.length > MAX_BATCH) throw new AppError(400, 'batch_too_large', `A batch carries at most ${MAX_BATCH} recipients (this one has ${n.length}).`, { field: 'messages', max: MAX_BATCH, count: n.length });
      },
      schema: {
        tags: ['messages'], summary: `Send (or schedule) texts to up to ${MAX_BATCH} recipients in one request`,
        description: [
          `Each entry of \`messages\` is one text, with the fields of \`POST /v1/messages\`; fields given at the top level (\`body\`, \`from\`, \`sendAt\`, \`smartEncoding\`, \`mediaUrls\`, \`mediaIds\`) apply to every entry that does not give its own (one body to many: \`{body, messages:[{to}, {to}]}\`).`,
          'Every recipient goes through the same checks as a single send (number, consent and opt-outs, quiet hours for scheduled marketing, sender identification) and is answered on its own, in order: `queued`, `scheduled` or `refused` with the error a single send would give. A refused recipient never stops the others.',
          '**200** when every recipient was accepted, **207** when at least one was refused (the body has the same shape). More than 1,000 recipients is a **400** `batch_too_large` and sends nothing.',
          'With an `Idempotency-Key` header a retried batch sends nobody twice: each accepted recipient answers with its first message; a recipient refused the first time is tried again; an entry that changed is refused (`idempotency_key_reused`).',
          'Each recipient counts against the API key\'s rate limit (a batch larger than the burst needs a full bucket and leaves it in debt).',
        ].join('\n\n'),
        body: BatchBody, response: { 200: BatchOut, 207: BatchOut },
      },
    }, async (request, reply) => {
      const key = request.headers['idempotency-key'];
      if (key !== undefined && (typeof key !== 'string' || key.length < 1 || key.length > 200)) {
        throw new AppError(400, 'invalid_idempotency_key', 'Idempotency-Key must be 1–200 characters.');
      }
      const { messages, ...shared } = request.body;
      const items = messages.map((m): BatchItem => ({ ...shared, ...m, body: m.body ?? shared.body ?? '' }));
      const results = await sendBatch(ctx, caller(request), items, key as string | undefined, (err) => request.log.error({ err }, 'batch send: a recipient failed'));
      const count = (s: string) => results.filter((r) => r.status === s).length;
      const out = {
        results: results.map((r) => (r.status === 'refused' ? r : { index: r.index, status: r.status, message: presentMessage(r.message) })),
        queued: count('queued'), scheduled: count('scheduled'), refused: count('refused'),
      };
      return reply.status(out.refused ? 207 : 200).send(out);
    });
  };
