import { z } from 'zod';
import { nonJson } from '../../http/responses.js';

// ---- requests ----
export const ReadIn = z.strictObject({
  unread: z.boolean().optional().meta({ description: 'true: mark unread for me (until I open it again); default false: mark read' }),
});

export const PresenceIn = z.strictObject({
  state: z.enum(['viewing', 'typing', 'left']).meta({ description: 'Send `viewing` every few seconds while the conversation is open, `typing` while writing, `left` on leaving' }),
});

// ---- responses ----
export const ReadOut = z.object({ id: z.string(), unread: z.boolean() }).meta({ id: 'ConversationRead' });

export const PresenceOut = z.object({
  conversationId: z.string(),
  userId: z.string(),
  name: z.string(),
  state: z.enum(['viewing', 'typing']),
  since: z.string(),
}).meta({ id: 'ConversationPresence' });

export const PresenceList = z.object({ data: z.array(PresenceOut) });

export const InboxEvents = nonJson(
  ['text/event-stream'],
  'Server-sent events of every conversation of the account: each outbox event about a conversation (`message.received`, `message.status_changed`, `message.redacted`, `message.deleted`, `conversation.updated`, `conversation.assigned`, `conversation.note_added`, …) with `data` `{conversationId, messageId?, status?, previousStatus?}`, and `presence` events `{people: [{conversationId, userId, name, state}]}` when who is viewing or typing changes. Each event has an `id`: send it back as `Last-Event-ID` to resume.',
);
