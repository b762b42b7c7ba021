import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { caller } from '../../http/auth.js';
import { pageOf } from '../../http/responses.js';
import { IdParams } from '../contacts/contacts.schema.js';
import { MediaIds, MediaUrls, MessageOut } from './messaging.schema.js';
import * as messages from './messages.service.js';
import { presentMessage } from './presenters.js';

const tags = ['conversations'];
const read = { role: 'viewer', scope: 'messages:read' } as const;
const write = { role: 'agent', scope: 'messages:write' } as const;
// Partner callers (a client's grant): the grant's conversations only, masked; replying needs `reply`.
const partnerRead = { ...read, partner: { can: 'read', conversation: 'id', mask: true } } as const;
// A partner's agent replies in a client's conversation through the grant; the partner organisation's own account sends nothing (businessOnly).
const partnerReply = { ...write, businessOnly: true, partner: { can: 'reply', conversation: 'id', mask: true } } as const;

/** The messages of a conversation: they belong to messaging, which depends on conversations (never the reverse). */
export const conversationMessagesRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/v1/conversations/:id/messages', {
      config: { access: partnerRead },
      schema: { tags, summary: "A conversation's messages, oldest first", params: IdParams, querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(200) }), response: { 200: pageOf(MessageOut) } },
    }, async (request) => ({
      data: (await messages.conversationMessages(ctx, caller(request).accountId, request.params.id, request.query.limit)).map(presentMessage),
      nextCursor: null,
    }));

    app.post('/v1/conversations/:id/messages', {
      config: { access: partnerReply },
      schema: { tags, summary: 'Reply in a conversation', params: IdParams, body: z.object({ body: z.string().max(5000), smartEncoding: z.boolean().optional(), mediaUrls: MediaUrls.optional(), mediaIds: MediaIds.optional() }), response: { 201: MessageOut } },
    }, async (request, reply) =>
      reply.status(201).send(presentMessage(await messages.replyInConversation(ctx, caller(request), request.params.id, request.body))),
    );
  };
