import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { openEventStream } from '../../http/sse.js';
import { pageOf } from '../../http/responses.js';
import { IdParams } from '../contacts/contacts.schema.js';
import { ConversationCounts, ConversationEvents, ConversationListQuery, ConversationOut, ConversationStateIn } from './conversations.schema.js';
import * as conversations from './conversations.service.js';
import * as live from './inbox-live.service.js';
import { presentConversation as present } from './presenters.js';

const tags = ['conversations'];
const lastEventIdOf = (h: string | string[] | undefined) => (Array.isArray(h) ? h[0] : h) || undefined;
const read = { role: 'viewer', scope: 'messages:read' } as const;
const write = { role: 'agent', scope: 'messages:write' } as const;
// Partner callers (a client's grant, src/modules/partners) opt in per route: the grant's conversations only, masked.
const partnerList = { ...read, partner: { can: 'read', mask: true } } as const;
const partnerRead = { ...read, partner: { can: 'read', conversation: 'id', mask: true } } as const;
const partnerClose = { ...write, partner: { can: 'close', conversation: 'id', mask: true } } as const;

export const conversationsRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    const streams = new Set<() => void>();
    // preClose: onClose would only run after in-flight requests end, and a stream never does.
    app.addHook('preClose', async () => { for (const end of streams) end(); });

    app.get('/v1/conversations', {
      config: { access: partnerList },
      schema: {
        tags,
        summary: 'List conversations, most recent first',
        description: 'Narrow by state, assignee (`me`, `none` or a user id), team, label, number, contact and last activity. `status` is the older name of `state`.',
        querystring: ConversationListQuery,
        response: { 200: pageOf(ConversationOut) },
      },
    }, async (request) => {
      const { cursor, limit, status, unread, ...q } = request.query;
      const auth = caller(request);
      const page = await live.listForViewer(ctx, auth, conversations.filterOf(auth, { ...q, state: q.state ?? status ?? 'open' }), { cursor, limit, unread });
      return { data: page.data.map(present), nextCursor: page.nextCursor };
    });

    app.get('/v1/conversations/counts', {
      config: { access: partnerList },
      schema: { tags, summary: 'How many conversations are in each state (optionally narrowed like the list)', querystring: ConversationListQuery.omit({ cursor: true, limit: true, state: true, status: true }), response: { 200: ConversationCounts } },
    }, async (request) => {
      const auth = caller(request);
      const { unread: _, ...q } = request.query;
      return live.inboxCounts(ctx, auth, conversations.filterOf(auth, q));
    });

    app.get('/v1/conversations/:id', { config: { access: partnerRead }, schema: { tags, summary: 'Get a conversation', params: IdParams, response: { 200: ConversationOut } } }, async (request) =>
      present(await live.getForViewer(ctx, caller(request), request.params.id)),
    );

    app.patch('/v1/conversations/:id', { config: { access: partnerClose }, schema: { tags, summary: 'Change the state of a conversation: open, pending, snoozed (until a time, or until the customer texts) or closed', params: IdParams, body: ConversationStateIn, response: { 200: ConversationOut } } }, async (request) =>
      present(await conversations.setConversationStatus(ctx, caller(request), request.params.id, request.body.status, requestMeta(request), request.body.snoozedUntil)),
    );

    /** Server-sent events: the conversation's new messages, status changes and consent changes. */
    app.get('/v1/conversations/:id/stream', { config: { access: partnerRead }, schema: { tags, summary: "Live updates of a conversation (server-sent events)", params: IdParams, response: { 200: ConversationEvents } } }, async (request, reply) =>
      conversations.streamConversation(ctx, caller(request).accountId, request.params.id, lastEventIdOf(request.headers['last-event-id']), () => openEventStream(request, reply, streams)),
    );
  };
