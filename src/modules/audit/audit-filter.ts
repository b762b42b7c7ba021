import { badRequest } from '../../lib/errors.js';
import { fromPublicId, toPublicId, type IdKind } from '../../lib/ids.js';
import type { AuditFilter } from './audit.repo.js';

/** Audit target and actor types whose ids are shown as typed public ids. */
export const PUBLIC_KINDS: Record<string, IdKind> = {
  account: 'account', user: 'user', api_key: 'apiKey', invitation: 'invitation', contact: 'contact', custom_field: 'customField',
  segment: 'segment', import: 'import', campaign: 'campaign', keyword: 'keyword', number: 'number', number_pool: 'pool',
  provider_connection: 'connection', signup_form: 'signupForm', conversation: 'conversation', audit: 'audit',
  transfer: 'transfer', legal_request: 'legalRequest',
  canned_reply: 'cannedReply', label: 'label', message: 'message',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The typed public id of an entry's actor or target (`ct_…`), or the id as stored for kinds without one. */
export const publicRef = (type: string, id: string) => (PUBLIC_KINDS[type] && UUID.test(id) ? toPublicId(PUBLIC_KINDS[type], id) : id);

/** The type and row id behind a typed public id (`ct_…` → contact), or null. */
export function fromTypedId(publicId: string): { type: string; id: string } | null {
  for (const [type, kind] of Object.entries(PUBLIC_KINDS)) {
    const id = fromPublicId(kind, publicId);
    if (id) return { type, id };
  }
  return null;
}

export interface AuditQueryIn {
  actor?: string;
  actorType?: string;
  action?: string;
  targetType?: string;
  target?: string;
  from?: string;
  to?: string;
}

/** A date-only `to` covers its whole day (UTC). */
const endOf = (v: string) => (v.length === 10 ? new Date(Date.parse(`${v}T00:00:00Z`) + 86_400_000 - 1) : new Date(v));

/**
 * The repository filter of the owner's query: typed public ids become row ids (a `target` id
 * also fixes the target type; an `actor` id the actor type). An id of no known kind is refused.
 */
export function auditFilterOf(q: AuditQueryIn): AuditFilter {
  const f: AuditFilter = {};
  if (q.actor) {
    const a = fromTypedId(q.actor);
    if (!a || !['user', 'api_key'].includes(a.type)) throw badRequest('invalid_actor', 'actor must be a user or API key id (usr_…, key_…).', { field: 'actor' });
    Object.assign(f, { actorType: a.type, actorId: a.id });
  }
  if (q.actorType) {
    if (f.actorType && f.actorType !== q.actorType) throw badRequest('invalid_actor', 'actor and actorType disagree.', { field: 'actorType' });
    f.actorType = q.actorType;
  }
  if (q.action) f.action = q.action;
  if (q.target) {
    const t = fromTypedId(q.target);
    if (!t) throw badRequest('invalid_target', 'target must be a typed id (ct_…, usr_…, cmp_…).', { field: 'target' });
    if (q.targetType && q.targetType !== t.type) throw badRequest('invalid_target', 'target and targetType disagree.', { field: 'targetType' });
    Object.assign(f, { targetType: t.type, targetId: t.id });
  } else if (q.targetType) f.targetType = q.targetType;
  if (q.from) f.from = new Date(q.from);
  if (q.to) f.to = endOf(q.to);
  if (f.from && f.to && f.from > f.to) throw badRequest('invalid_range', 'from is after to.', { field: 'from' });
  return f;
}
