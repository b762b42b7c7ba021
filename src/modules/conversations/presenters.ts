import { toPublicId } from '../../lib/ids.js';
import type { ConversationView } from './conversations.service.js';

export const presentConversation = (c: ConversationView) => ({
  id: toPublicId('conversation', c.id),
  status: c.status as 'open' | 'pending' | 'snoozed' | 'closed',
  snoozedUntil: c.snoozed_until?.toISOString() ?? null,
  assignee: c.assignee_user_id ? { id: toPublicId('user', c.assignee_user_id), name: c.assignee_name ?? '' } : null,
  team: c.team_id ? { id: toPublicId('team', c.team_id), name: c.team_name ?? '' } : null,
  needsReply: c.last_inbound_at !== null && (c.last_reply_at === null || c.last_reply_at < c.last_inbound_at),
  lastInboundAt: c.last_inbound_at?.toISOString() ?? null,
  unread: (c as { unread?: boolean }).unread ?? false,
  labels: (c.labels ?? []).map((l) => ({ id: toPublicId('label', l.id), name: l.name, color: l.color })),
  optedOut: c.consent_state === 'opted_out',
  contact: { id: toPublicId('contact', c.contact_id), phone: c.phone, firstName: c.first_name, lastName: c.last_name, consent: { state: c.consent_state as 'opted_in' | 'opted_out' | 'unknown' } },
  number: { id: toPublicId('number', c.number_id), phoneNumber: c.number_phone },
  lastMessage: c.last_body === null ? null : { body: c.last_body, direction: c.last_direction, status: c.last_status },
  lastMessageAt: c.last_message_at?.toISOString() ?? null,
  createdAt: c.created_at.toISOString(),
});
