import { z } from 'zod';
import { IsoDateTime } from '../../lib/dates.js';
import { nonJson } from '../../http/responses.js';
import { ConversationOut } from '../conversations/conversations.schema.js';
import { MASKABLE_FIELDS, PARTNER_PERMISSIONS } from './grant-rules.js';

const Id = z.string().min(1).max(100);
const Email = z.string().trim().max(254).pipe(z.email({ message: 'Enter a valid email address.' }));

export const PartnerCreateBody = z.object({
  name: z.string().trim().min(1).max(200),
  ownerEmail: Email.optional().meta({ description: 'Required with the operator token: the partner manager invited to own the organisation' }),
}).strict();

export const PartnerOut = z.object({ id: z.string(), name: z.string(), createdAt: z.string() }).meta({ id: 'Partner' });

const Hours = z.object({
  days: z.array(z.number().int().min(1).max(7)).min(1).max(7).meta({ description: '1 = Monday … 7 = Sunday' }),
  from: z.string().regex(/^\d\d:\d\d$/, 'HH:MM'),
  to: z.string().regex(/^\d\d:\d\d$/, 'HH:MM'),
}).strict();

const grantFields = {
  numberIds: z.array(Id).max(200).optional().meta({ description: 'The numbers (inboxes) whose conversations the partner works' }),
  teamIds: z.array(Id).max(100).optional().meta({ description: 'Only conversations of these teams (combined with numberIds: both must hold)' }),
  permissions: z.array(z.enum(PARTNER_PERMISSIONS)).max(4).meta({ description: 'Actions on top of reading the covered conversations; export, bulk download, consent evidence and settings are never grantable' }),
  maskedFields: z.array(z.enum(MASKABLE_FIELDS)).max(6).optional().meta({ description: 'Contact fields the partner sees hidden (phone keeps its last two digits)' }),
  expiresAt: IsoDateTime().nullable().optional(),
  hours: z.array(Hours).max(14).nullable().optional().meta({ description: "Weekly windows in the client's time zone; none: any time" }),
};

export const GrantBody = z.object({ partnerId: Id, ...grantFields }).strict();
export const GrantPatch = z.object({ ...grantFields, permissions: grantFields.permissions.optional() }).strict();

export const GrantOut = z.object({
  id: z.string(),
  partner: z.object({ id: z.string(), name: z.string() }),
  numberIds: z.array(z.string()),
  teamIds: z.array(z.string()),
  permissions: z.array(z.string()),
  maskedFields: z.array(z.string()),
  hours: z.array(z.object({ days: z.array(z.number()), from: z.string(), to: z.string() })).nullable(),
  expiresAt: z.string().nullable(),
  state: z.enum(['active', 'revoked', 'expired', 'outside_hours']),
  agents: z.array(z.object({ id: z.string(), name: z.string() })).meta({ description: "The partner's people assigned to this account" }),
  lastActivityAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  revokedAt: z.string().nullable(),
}).meta({ id: 'PartnerGrant' });

export const ServedClientOut = z.object({
  accountId: z.string(),
  accountName: z.string(),
  grantId: z.string(),
  permissions: z.array(z.string()),
  state: z.enum(['active', 'revoked', 'expired', 'outside_hours']),
  workable: z.boolean().meta({ description: 'The grant lets the caller in now (not expired, within its hours)' }),
}).meta({ id: 'ServedClient' });

export const PartnerClientsOut = z.object({
  partner: z.object({ id: z.string(), name: z.string() }),
  role: z.string().meta({ description: "The caller's role in the partner organisation" }),
  actingIn: z.string().nullable().meta({ description: 'The client account this session acts in; null: the partner account' }),
  clients: z.array(ServedClientOut),
}).meta({ id: 'PartnerClients' });

export const PartnerSwitchBody = z.object({ accountId: Id.meta({ description: 'A served client, or the partner account itself' }) }).strict();

export const AssignmentBody = z.object({ userId: Id, clientId: Id }).strict();
export const AssignmentOut = z.object({
  user: z.object({ id: z.string(), name: z.string() }),
  client: z.object({ id: z.string(), name: z.string() }),
  createdAt: z.string(),
}).meta({ id: 'PartnerAssignment' });

export const QueueEvents = nonJson(
  ['text/event-stream'],
  'Server-sent events of the combined queue: `queue.changed` `{clientId, conversationId, type}` for every change to a conversation of a client you work now, inside its grant (type: the outbox event, e.g. `message.received`, `conversation.assigned`); `clients.changed` `{clientIds}` when the clients you may work change (a grant revoked, expired or outside its hours, an assignment ended). No bodies or contact data: refetch GET /v1/partner/queue. Not resumable.',
);
export const QueueQuery = z.object({
  state: z.enum(['open', 'pending', 'snoozed', 'closed', 'all']).default('open'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const QueueItemOut = z.object({
  client: z.object({ id: z.string(), name: z.string() }),
  conversation: ConversationOut,
}).meta({ id: 'PartnerQueueItem' });
