import { toPublicId } from '../../lib/ids.js';
import type { NoteView } from './notes.service.js';
import type { NotificationRow } from './notifications.service.js';

export const presentNote = ({ note: n, mentions }: NoteView) => ({
  id: toPublicId('note', n.id),
  conversationId: toPublicId('conversation', n.conversation_id),
  body: n.body,
  author: n.author_user_id ? { id: toPublicId('user', n.author_user_id), name: n.author_name ?? '' } : null,
  mentions: mentions.map((m) => ({ id: toPublicId('user', m.id), name: m.name })),
  createdAt: n.created_at.toISOString(),
});

const EXCERPT = 140;
export const presentNotification = (x: NotificationRow) => ({
  id: toPublicId('notification', x.id),
  kind: x.kind,
  read: x.read_at !== null,
  actor: x.actor_user_id ? { id: toPublicId('user', x.actor_user_id), name: x.actor_name ?? '' } : null,
  conversationId: x.conversation_id ? toPublicId('conversation', x.conversation_id) : null,
  noteId: x.note_id ? toPublicId('note', x.note_id) : null,
  excerpt: x.note_body === null ? null : x.note_body.length > EXCERPT ? `${x.note_body.slice(0, EXCERPT - 1)}…` : x.note_body,
  contactName: [x.contact_first_name, x.contact_last_name].filter(Boolean).join(' ') || x.contact_phone,
  createdAt: x.created_at.toISOString(),
});
