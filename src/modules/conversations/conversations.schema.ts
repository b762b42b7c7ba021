import { z } from 'zod';
import { nonJson } from '../../http/responses.js';

// ---- responses (named: they become components of the OpenAPI document and the web app's types) ----
export const ConversationOut = z.object({
  id: z.string(),
  status: z.string().meta({ description: 'open | closed' }),
  optedOut: z.boolean(),
  contact: z.object({
    id: z.string(), phone: z.string(), firstName: z.string().nullable(), lastName: z.string().nullable(),
    consent: z.object({ state: z.string() }),
  }),
  number: z.object({ id: z.string(), phoneNumber: z.string() }),
  lastMessage: z.object({ body: z.string(), direction: z.string().nullable(), status: z.string().nullable() }).nullable(),
  lastMessageAt: z.string().nullable(),
  createdAt: z.string(),
}).meta({ id: 'Conversation' });

export const ConversationEvents = nonJson(
  ['text/event-stream'],
  'Server-sent events: `message.created`, `message.status`, `consent.changed`… Each event has an `id` (send it back as `Last-Event-ID` to resume) and JSON `data`.',
);
