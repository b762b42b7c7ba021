import { toPublicId } from '../../lib/ids.js';
import { presentConversation } from '../conversations/presenters.js';
import type { ConversationView } from '../conversations/conversations.service.js';
import { maskPayload, type GrantState } from './grant-rules.js';
import type { GrantRow } from './partners.repo.js';

export const presentPartner = (p: { id: string; name: string; createdAt: Date }) => ({ id: toPublicId('account', p.id), name: p.name, createdAt: p.createdAt.toISOString() });

export const presentGrant = (g: GrantRow, partnerName: string, state: GrantState, agents: Array<{ userId: string; userName: string }>) => ({
  id: toPublicId('partnerGrant', g.id),
  partner: { id: toPublicId('account', g.partnerId), name: partnerName },
  numberIds: g.numberIds.map((n) => toPublicId('number', n)),
  teamIds: g.teamIds.map((t) => toPublicId('team', t)),
  permissions: g.permissions,
  maskedFields: g.maskedFields,
  hours: g.hours ?? null,
  expiresAt: g.expiresAt?.toISOString() ?? null,
  state,
  agents: agents.map((a) => ({ id: toPublicId('user', a.userId), name: a.userName })),
  lastActivityAt: g.lastActivityAt?.toISOString() ?? null,
  createdAt: g.createdAt.toISOString(),
  updatedAt: g.updatedAt.toISOString(),
  revokedAt: g.revokedAt?.toISOString() ?? null,
});

export const presentServedClient = (c: { grant: GrantRow; clientName: string; state: GrantState; workable: boolean }) => ({
  accountId: toPublicId('account', c.grant.accountId),
  accountName: c.clientName,
  grantId: toPublicId('partnerGrant', c.grant.id),
  permissions: c.grant.permissions,
  state: c.state,
  workable: c.workable,
});

export const presentAssignment = (a: { userId: string; userName: string; clientAccountId: string; clientName: string; createdAt: Date }) => ({
  user: { id: toPublicId('user', a.userId), name: a.userName },
  client: { id: toPublicId('account', a.clientAccountId), name: a.clientName },
  createdAt: a.createdAt.toISOString(),
});

/** A queue entry: the conversation as its client's grant lets the partner see it. */
export const presentQueueItem = (i: { client: { id: string; name: string }; maskedFields: string[]; conversation: ConversationView }) => ({
  client: { id: toPublicId('account', i.client.id), name: i.client.name },
  conversation: maskPayload(presentConversation(i.conversation), i.maskedFields) as ReturnType<typeof presentConversation>,
});
