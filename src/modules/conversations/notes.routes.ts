import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { pageOf } from '../../http/responses.js';
import { fromPublicId } from '../../lib/ids.js';
import { IdParams } from '../contacts/contacts.schema.js';
import { presentNote, presentNotification } from './notes.presenters.js';
import { MarkReadIn, NoteIn, NoteOut, NotificationsPage, NotificationsQuery, UnreadCount } from './notes.schema.js';
import * as notes from './notes.service.js';
import * as notifications from './notifications.service.js';

const read = { role: 'viewer', scope: 'messages:read' } as const;
const write = { role: 'agent', scope: 'messages:write' } as const;
const signedIn = { role: 'viewer' } as const;

/** Internal notes of a conversation, and the member's in-app notifications (mentions). */
export const notesRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/v1/conversations/:id/notes', {
      // Partner callers: the notes of a conversation their grant covers; writing one needs `notes`.
      config: { access: { ...read, partner: { can: 'read', conversation: 'id', mask: true } } },
      schema: { tags: ['conversations'], summary: "A conversation's internal notes, oldest first (never sent to the customer)", params: IdParams, response: { 200: pageOf(NoteOut) } },
    }, async (request) => ({ data: (await notes.listNotes(ctx, caller(request).accountId, request.params.id)).map(presentNote), nextCursor: null }));

    app.post('/v1/conversations/:id/notes', {
      config: { access: { ...write, partner: { can: 'notes', conversation: 'id', mask: true } } },
      schema: { tags: ['conversations'], summary: 'Add an internal note; @mentioned members are notified in the app and by email', params: IdParams, body: NoteIn, response: { 201: NoteOut } },
    }, async (request, reply) => {
      const { body, mentionUserIds } = request.body;
      const ids = mentionUserIds?.map((p) => fromPublicId('user', p) ?? 'invalid');
      return reply.status(201).send(presentNote(await notes.addNote(ctx, caller(request), request.params.id, { body, mentionUserIds: ids }, requestMeta(request))));
    });

    app.get('/v1/notifications', {
      config: { access: signedIn },
      schema: { tags: ['notifications'], summary: 'Your notifications in this account, newest first, with the unread count', querystring: NotificationsQuery, response: { 200: NotificationsPage } },
    }, async (request) => {
      const r = await notifications.listNotifications(ctx, caller(request), request.query);
      return { data: r.data.map(presentNotification), unreadCount: r.unreadCount };
    });

    app.post('/v1/notifications/read', {
      config: { access: signedIn },
      schema: { tags: ['notifications'], summary: 'Mark notifications read (ids, or all: true)', body: MarkReadIn, response: { 200: UnreadCount } },
    }, async (request) => notifications.markNotificationsRead(ctx, caller(request), request.body));
  };
