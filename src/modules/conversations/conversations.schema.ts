import { z } from 'zod';
import { IsoDateTime } from '../../lib/dates.js';
import { nonJson } from '../../http/responses.js';

const STATES = ['open', 'pending', 'snoozed', 'closed'] as const;
const isoDateTime = IsoDateTime();

// ---- requests ----
export const ConversationListQuery = z.strictObject({
  state: z.enum([...STATES, 'all']).optional().meta({ description: 'Default open' }),
  status: z.enum([...STATES, 'all']).optional().meta({ description: 'Older name of state' }),
  assignee: z.string().max(100).optional().meta({ description: '`me`, `none` (unassigned) or a user id' }),
  team: z.string().max(100).optional().meta({ description: '`mine` (the teams I am in) or a team id' }),
  label: z.string().max(100).optional(),
  numberId: z.string().max(100).optional(),
  contactId: z.string().max(100).optional(),
  since: isoDateTime.optional(),
  until: isoDateTime.optional(),
  unread: z.enum(['true', 'false']).optional().meta({ description: 'Only conversations unread (true) or read (false) by me' }),
  search: z.string().max(200).optional().meta({ description: 'Words in a message, or part of the contact\'s name, email or number; case and accents do not matter' }),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const ConversationStateIn = z.strictObject({
  status: z.enum(STATES),
  snoozedUntil: isoDateTime.nullable().optional().meta({ description: 'With status snoozed: when it wakes; without it, it wakes when the customer texts' }),
});

// ---- responses (named: they become components of the OpenAPI document and the web app's types) ----
export const ConversationCounts = z.object({
  open: z.number(), pending: z.number(), snoozed: z.number(), closed: z.number(),
  unread: z.number().meta({ description: 'Open conversations unread by me' }),
  needsReply: z.number().meta({ description: 'Open conversations whose customer texted last' }),
  mine: z.number().meta({ description: 'Open conversations assigned to me' }),
  unassigned: z.number().meta({ description: 'Open conversations assigned to nobody' }),
}).meta({ id: 'ConversationCounts' });

export const ConversationOut = z.object({
  id: z.string(),
  status: z.enum(STATES).meta({ description: 'open | pending | snoozed | closed' }),
  snoozedUntil: z.string().nullable(),
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  team: z.object({ id: z.string(), name: z.string() }).nullable(),
  needsReply: z.boolean().meta({ description: 'The customer texted last and nobody has answered yet' }),
  unread: z.boolean().meta({ description: 'The customer texted since I last opened it (or I marked it unread)' }),
  lastInboundAt: z.string().nullable(),
  labels: z.array(z.object({ id: z.string(), name: z.string(), color: z.string() })),
  optedOut: z.boolean(),
  contact: z.object({
    id: z.string(), phone: z.string(), firstName: z.string().nullable(), lastName: z.string().nullable(),
    consent: z.object({ state: z.enum(['opted_in', 'opted_out', 'unknown']) }),
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
