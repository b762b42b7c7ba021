import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { caller, requestMeta } from '../../http/auth.js';
import { isUniqueViolation } from '../../db/errors.js';
import { AppError, badRequest, notFound } from '../../lib/errors.js';
import { fromPublicId, toPublicId } from '../../lib/ids.js';
import { recordAudit } from '../audit/audit.service.js';
import { IdParams } from '../contacts/contacts.schema.js';
import * as messages from '../messaging/messages.repo.js';
import { presentMessage } from '../messaging/messaging.routes.js';
import { sendMessage } from '../messaging/send.service.js';
import * as repo from './conversations.repo.js';

const tags = ['conversations'];
const read = { role: 'viewer', scope: 'messages:read' } as const;
const write = { role: 'agent', scope: 'messages:write' } as const;

const present = (c: repo.ConversationView) => ({
  id: toPublicId('conversation', c.id),
  status: c.status,
  optedOut: c.consent_state === 'opted_out',
  contact: { id: toPublicId('contact', c.contact_id), phone: c.phone, firstName: c.first_name, lastName: c.last_name, consent: { state: c.consent_state } },
  number: { id: toPublicId('number', c.number_id), phoneNumber: c.number_phone },
  lastMessage: c.last_body === null ? null : { body: c.last_body, direction: c.last_direction, status: c.last_status },
  lastMessageAt: c.last_message_at?.toISOString() ?? null,
  createdAt: c.created_at.toISOString(),
});

const encodeCursor = (c: repo.ConversationView) => Buffer.from(`${(c.last_message_at ?? c.created_at).toISOString()}|${c.id}`).toString('base64url');
function decodeCursor(s?: string) {
  if (!s) return null;
  const [iso, id] = Buffer.from(s, 'base64url').toString().split('|');
  const at = new Date(iso);
  if (Number.isNaN(at.getTime()) || !/^[0-9a-f-]{36}$/.test(id ?? '')) throw badRequest('invalid_cursor', 'The cursor is not valid; start from the first page.');
  return { at, id };
}

async function conversationOf(ctx: Ctx, accountId: string, publicId: string) {
  const id = fromPublicId('conversation', publicId);
  const c = id ? await repo.findConversation(ctx.database.query, accountId, id) : null;
  if (!c) throw notFound('Conversation');
  return c;
}

export const conversationsRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    const streams = new Set<() => void>();
    // preClose: onClose would only run after in-flight requests end, and a stream never does.
    app.addHook('preClose', async () => { for (const end of streams) end(); });

    app.get('/v1/conversations', {
      config: { access: read },
      schema: { tags, querystring: z.object({ status: z.enum(['open', 'closed']).default('open'), cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }) },
    }, async (request) => {
      const { status, cursor, limit } = request.query;
      const rows = await repo.listConversations(ctx.database.query, caller(request).accountId, status, decodeCursor(cursor), limit + 1);
      const page = rows.slice(0, limit);
      return { data: page.map(present), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]) : null };
    });

    app.get('/v1/conversations/:id', { config: { access: read }, schema: { tags, params: IdParams } }, async (request) =>
      present(await conversationOf(ctx, caller(request).accountId, request.params.id)),
    );

    app.get('/v1/conversations/:id/messages', {
      config: { access: read },
      schema: { tags, params: IdParams, querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(200) }) },
    }, async (request) => {
      const auth = caller(request);
      const c = await conversationOf(ctx, auth.accountId, request.params.id);
      const rows = await messages.conversationMessages(ctx.db, auth.accountId, c.id, request.query.limit);
      return { data: rows.reverse().map(presentMessage), nextCursor: null };
    });

    app.post('/v1/conversations/:id/messages', {
      config: { access: write },
      schema: { tags, params: IdParams, body: z.object({ body: z.string().max(5000), smartEncoding: z.boolean().optional() }) },
    }, async (request, reply) => {
      const auth = caller(request);
      const c = await conversationOf(ctx, auth.accountId, request.params.id);
      if (c.status !== 'open') throw new AppError(409, 'conversation_closed', 'Reopen the conversation to reply in it.');
      const m = await sendMessage(ctx, auth, { from: toPublicId('number', c.number_id), to: c.phone, body: request.body.body, smartEncoding: request.body.smartEncoding });
      return reply.status(201).send(presentMessage(m));
    });

    app.patch('/v1/conversations/:id', { config: { access: write }, schema: { tags, params: IdParams, body: z.object({ status: z.enum(['open', 'closed']) }) } }, async (request) => {
      const auth = caller(request);
      const c = await conversationOf(ctx, auth.accountId, request.params.id);
      const alreadyOpen = (id: string | null) =>
        new AppError(409, 'conversation_already_open', 'This contact already has an open conversation on this number.', { id: id ? toPublicId('conversation', id) : null });
      if (request.body.status === 'open' && c.status !== 'open') {
        const { rows: [open] } = await ctx.database.query<{ id: string }>(
          `select id from conversations where account_id = $1 and contact_id = $2 and number_id = $3 and status = 'open'`, [auth.accountId, c.contact_id, c.number_id]);
        if (open) throw alreadyOpen(open.id);
      }
      await ctx.db.transaction(async (tx) => {
        try {
          await repo.setStatus(tx as Db, auth.accountId, c.id, request.body.status);
        } catch (err) {
          if (isUniqueViolation(err, 'conversations_open_uq')) throw alreadyOpen(null); // opened meanwhile
          throw err;
        }
        await recordAudit(tx as Db, { accountId: auth.accountId, actor: auth.actor, action: `conversation.${request.body.status === 'open' ? 'reopened' : 'closed'}`, target: { type: 'conversation', id: c.id }, meta: requestMeta(request) });
      });
      return present((await repo.findConversation(ctx.database.query, auth.accountId, c.id))!);
    });

    /** Server-sent events: the conversation's new messages, status changes and consent changes. */
    app.get('/v1/conversations/:id/stream', { config: { access: read }, schema: { tags, params: IdParams } }, async (request, reply) => {
      const auth = caller(request);
      const c = await conversationOf(ctx, auth.accountId, request.params.id);
      const lastId = Number(request.headers['last-event-id']);
      let cursor = Number.isFinite(lastId) && lastId > 0 ? lastId : await repo.latestEventId(ctx.database.query, auth.accountId);
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      reply.raw.write(': connected\n\n');
      let open = true;
      const end = () => {
        open = false;
        reply.raw.end();
      };
      streams.add(end);
      request.raw.on('close', () => { open = false; streams.delete(end); });
      while (open) {
        try {
          for (const e of await repo.conversationEvents(ctx.database.query, auth.accountId, c.id, c.contact_id, cursor)) {
            cursor = e.id;
            const payload = { ...e.payload, messageId: e.payload.messageId ? toPublicId('message', String(e.payload.messageId)) : undefined, contactId: undefined };
            reply.raw.write(`id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(payload)}\n\n`);
          }
        } catch {
          if (open) end();
        }
        await new Promise((r) => setTimeout(r, 400));
      }
    });
  };
