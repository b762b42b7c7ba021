import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { openEventStream } from '../../http/sse.js';
import { pageOf } from '../../http/responses.js';
import { IdParams } from '../contacts/contacts.schema.js';
import { ConversationEvents, ConversationOut } from './conversations.schema.js';
import * as conversations from './conversations.service.js';
import { presentConversation as present } from './presenters.js';

const tags = ['conversations'];
const lastEventIdOf = (h: string | string[] | undefined) => (Array.isArray(h) ? h[0] : h) || undefined;
const read = { role: 'viewer', scope: 'messages:read' } as const;
const write = { role: 'agent', scope: 'messages:write' } as const;

export const conversationsRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    const streams = new Set<() => void>();
    // preClose: onClose would only run after in-flight requests end, and a stream never does.
    app.addHook('preClose', async () => { for (const end of streams) end(); });

    app.get('/v1/conversations', {
      config: { access: read },
      schema: {
        tags,
        summary: 'List conversations, most recent first',
        querystring: z.object({ status: z.enum(['open', 'closed']).default('open'), cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: pageOf(ConversationOut) },
      },
    }, async (request) => {
      const page = await conversations.listConversations(ctx, caller(request).accountId, request.query);
      return { data: page.data.map(present), nextCursor: page.nextCursor };
    });

    app.get('/v1/conversations/:id', { config: { access: read }, schema: { tags, summary: 'Get a conversation', params: IdParams, response: { 200: ConversationOut } } }, async (request) =>
      present(await conversations.getConversation(ctx, caller(request).accountId, request.params.id)),
    );

    app.patch('/v1/conversations/:id', { config: { access: write }, schema: { tags, summary: 'Close or reopen a conversation', params: IdParams, body: z.object({ status: z.enum(['open', 'closed']) }), response: { 200: ConversationOut } } }, async (request) =>
      present(await conversations.setConversationStatus(ctx, caller(request), request.params.id, request.body.status, requestMeta(request))),
    );

    /** Server-sent events: the conversation's new messages, status changes and consent changes. */
    app.get('/v1/conversations/:id/stream', { config: { access: read }, schema: { tags, summary: "Live updates of a conversation (server-sent events)", params: IdParams, response: { 200: ConversationEvents } } }, async (request, reply) =>
      conversations.streamConversation(ctx, caller(request).accountId, request.params.id, lastEventIdOf(request.headers['last-event-id']), () => openEventStream(request, reply, streams)),
    );
  };
