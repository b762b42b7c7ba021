import { z } from 'zod';

// ---- requests ----
export const NoteIn = z.strictObject({
  body: z.string().max(5000).meta({ description: 'The note. Mention a member with @ and their name (e.g. "@Ana Lima"), first name or email name' }),
  mentionUserIds: z.array(z.string().max(100)).max(50).optional().meta({ description: 'Members to mention besides those named with @ in the body' }),
});
export const NotificationsQuery = z.strictObject({
  unread: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const MarkReadIn = z.strictObject({ ids: z.array(z.string().max(100)).max(200).optional(), all: z.boolean().optional() });

// ---- responses ----
const Person = z.object({ id: z.string(), name: z.string() });
export const NoteOut = z.object({
  id: z.string(),
  conversationId: z.string(),
  body: z.string(),
  author: Person.nullable(),
  mentions: z.array(Person),
  createdAt: z.string(),
}).meta({ id: 'Note' });

export const NotificationOut = z.object({
  id: z.string(),
  kind: z.string().meta({ description: 'mention: a note mentions you' }),
  read: z.boolean(),
  actor: Person.nullable(),
  conversationId: z.string().nullable(),
  noteId: z.string().nullable(),
  excerpt: z.string().nullable().meta({ description: 'The start of the note' }),
  contactName: z.string().nullable(),
  createdAt: z.string(),
}).meta({ id: 'Notification' });

export const NotificationsPage = z.object({ data: z.array(NotificationOut), unreadCount: z.number() }).meta({ id: 'NotificationsPage' });
export const UnreadCount = z.object({ unreadCount: z.number() });
