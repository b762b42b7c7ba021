import { toPublicId } from '../../lib/ids.js';
import { presentMedium } from '../media/media.service.js';
import type { MessageRow } from './messages.service.js';

export const presentMessage = (m: MessageRow) => ({
  id: toPublicId('message', m.id), conversationId: m.conversationId ? toPublicId('conversation', m.conversationId) : null,
  contactId: m.contactId ? toPublicId('contact', m.contactId) : null, direction: m.direction, kind: m.kind, from: m.from, to: m.to, body: m.body,
  encoding: m.encoding, segments: m.segments, status: m.status, errorCode: m.errorCode, errorMessage: m.errorMessage, keyword: m.keyword,
  sendAt: m.sendAt?.toISOString() ?? null, createdAt: m.createdAt.toISOString(), sentAt: m.sentAt?.toISOString() ?? null, deliveredAt: m.deliveredAt?.toISOString() ?? null,
  media: (m.media ?? []).map(presentMedium),
});

export const presentHistory = (h: { status: string; errorCode: string | null; source: string; at: Date }) => ({
  status: h.status, errorCode: h.errorCode, source: h.source, at: h.at.toISOString(),
});
