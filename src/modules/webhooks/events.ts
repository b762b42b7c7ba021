import { toPublicId, type IdKind } from '../../lib/ids.js';

/**
 * The public webhook events: outbox types mapped to a stable shape `{type, timestamp, data}`.
 * Ids in `data` are public (`msg_…`, `ct_…`); an internal uuid is never sent (a uuid under a key
 * this file does not know is left out). Outbox types not listed here are not published.
 */
export const WEBHOOK_EVENT_TYPES = [
  'message.created', 'message.status_changed', 'message.received', 'message.redacted', 'message.deleted',
  'contact.opted_out', 'contact.opted_in',
  'conversation.updated', 'conversation.assigned', 'conversation.note_added', 'conversation.labels_changed',
  'sla.warning', 'sla.breached', 'csat.sent', 'csat.answered',
  'campaign.launched', 'campaign.progress', 'campaign.paused', 'campaign.completed', 'campaign.canceled',
  'import.completed', 'import.failed',
  'data_request.received', 'data_request.completed', 'data_request.denied',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
export const TEST_EVENT_TYPE = 'webhook.test';

const PUBLISHED = new Set<string>(WEBHOOK_EVENT_TYPES);
export const isPublished = (type: string): type is WebhookEventType => PUBLISHED.has(type);
export const MESSAGE_TYPES = new Set(['message.created', 'message.status_changed', 'message.received']);
/** A message's body emptied, or the message deleted (Twilio-compatible API): its ids and state, never a body. */
const REMOVAL_TYPES = new Set(['message.redacted', 'message.deleted']);

/** Which kind of public id each id-holding key carries. */
const ID_KEYS: Record<string, IdKind> = {
  messageId: 'message', conversationId: 'conversation', contactId: 'contact', campaignId: 'campaign', noteId: 'note',
  userId: 'user', assigneeUserId: 'user', previousAssigneeUserId: 'user', authorUserId: 'user', mentionedUserIds: 'user',
  teamId: 'team', numberId: 'number', importId: 'import', dataRequestId: 'dataRequest',
  // conversation.labels_changed: the labels added and removed.
  added: 'label', removed: 'label',
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function publicValue(key: string, value: unknown): unknown {
  const kind = ID_KEYS[key];
  if (Array.isArray(value)) return value.map((v) => publicValue(key, v)).filter((v) => v !== undefined);
  if (typeof value === 'string' && UUID.test(value)) return kind ? toPublicId(kind, value) : undefined;
  if (value && typeof value === 'object') return publicData(value as Record<string, unknown>);
  return value;
}

/** A payload with every known id made public and every other internal uuid dropped. */
export function publicData(payload: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(payload)) {
    const p = publicValue(k, v);
    if (p !== undefined) out[k] = p;
  }
  return out;
}

/** What a message event says about its message (the public message shape at the time of the event). */
export interface MessageFacts {
  id: string; direction: string; from: string; to: string; body: string | null;
  contactId: string | null; conversationId: string | null; numberId: string | null; segments: number; createdAt: Date;
}

export interface SourceEvent { type: string; subjectId: string | null; payload: Record<string, unknown>; createdAt: Date }

/** The body of a webhook for one outbox event, or null when the type is not published. */
export function webhookBody(e: SourceEvent, message: MessageFacts | null): { type: WebhookEventType; timestamp: string; data: Record<string, unknown> } | null {
  if (!isPublished(e.type)) return null;
  const p = e.payload;
  if (p.erased === true) return { type: e.type, timestamp: e.createdAt.toISOString(), data: { erased: true } };
  if (REMOVAL_TYPES.has(e.type)) return { type: e.type, timestamp: e.createdAt.toISOString(), data: publicData({ messageId: e.subjectId, ...p }) };
  if (MESSAGE_TYPES.has(e.type)) {
    const { from: previous, status, errorCode, source, ...rest } = p;
    const data: Record<string, unknown> = {
      messageId: e.subjectId,
      ...(message ? { direction: message.direction, from: message.from, to: message.to, contactId: message.contactId, conversationId: message.conversationId, numberId: message.numberId, segments: message.segments } : {}),
      ...(e.type === 'message.received' && message ? { body: message.body } : {}),
      status, previousStatus: previous ?? null, errorCode: errorCode ?? null, source: source ?? null, ...rest,
    };
    return { type: e.type, timestamp: e.createdAt.toISOString(), data: publicData(data) };
  }
  const data: Record<string, unknown> = { ...p };
  if (e.type.startsWith('contact.') && message) data.phone = message.direction === 'inbound' ? message.from : message.to;
  return { type: e.type, timestamp: e.createdAt.toISOString(), data: publicData(data) };
}

/** The body of a "send test event" delivery. */
export const testBody = (now: Date, endpointPublicId: string) => ({
  type: TEST_EVENT_TYPE, timestamp: now.toISOString(), data: { endpointId: endpointPublicId, message: 'This is a test event from West Message.' },
});
