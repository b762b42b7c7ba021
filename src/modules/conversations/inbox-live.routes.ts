import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context.js';
import { caller } from '../../http/auth.js';
import { openEventStream } from '../../http/sse.js';
import { IdParams } from '../contacts/contacts.schema.js';
import { InboxEvents, PresenceIn, PresenceList, ReadIn, ReadOut } from './inbox-live.schema.js';
import * as live from './inbox-live.service.js';
import { streamInbox } from './inbox-stream.service.js';
import { toPublicId } from '../../lib/ids.js';

const tags = ['conversations'];
const read = { role: 'viewer', scope: 'messages:read' } as const;
// Partner callers (a client's grant): the stream is restricted to the grant (inbox-stream.service); the rest names a covered conversation.
const partnerStream = { ...read, partner: { can: 'read' } } as const;
const partnerRead = { ...read, partner: { can: 'read', conversation: 'id' } } as const;
const lastEventIdOf = (h: string | string[] | undefined) => (Array.isArray(h) ? h[0] : h) || undefined;

/** The inbox's live layer: the account stream, read marks and presence (who is viewing or typing). */
export const inboxLiveRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    const streams = new Set<() => void>();
    app.addHook('preClose', async () => { for (const end of streams) end(); });

    app.get('/v1/conversations/stream', {
      config: { access: partnerStream },
      schema: { tags, summary: 'Live updates of every conversation of the account (server-sent events)', response: { 200: InboxEvents } },
    }, async (request, reply) =>
      streamInbox(ctx, caller(request), lastEventIdOf(request.headers['last-event-id']), () => openEventStream(request, reply, streams)),
    );

    app.post('/v1/conversations/:id/read', {
      config: { access: partnerRead },
      schema: { tags, summary: 'Mark a conversation read (or, with `unread: true`, unread) for me', params: IdParams, body: ReadIn, response: { 200: ReadOut } },
    }, async (request) => {
      const c = await live.markConversation(ctx, caller(request), request.params.id, !request.body.unread);
      return { id: toPublicId('conversation', c.id), unread: c.unread };
    });

    app.post('/v1/conversations/:id/presence', {
      config: { access: partnerRead },
      schema: { tags, summary: 'Heartbeat: I am viewing (or typing in, or have left) this conversation; answers who is there now', params: IdParams, body: PresenceIn, response: { 200: PresenceList } },
    }, async (request) => ({ data: await live.heartbeat(ctx, caller(request), request.params.id, request.body.state) }));

    app.get('/v1/conversations/:id/presence', {
      config: { access: partnerRead },
      schema: { tags, summary: 'Who is viewing or typing in this conversation now', params: IdParams, response: { 200: PresenceList } },
    }, async (request) => ({ data: await live.conversationPresence(ctx, caller(request), request.params.id) }));
  };
