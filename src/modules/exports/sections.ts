import type { Db } from '../../db/client.js';
import { toPublicId, type IdKind } from '../../lib/ids.js';
import { presentAccount, presentMembership, presentUser } from '../accounts/presenters.js';
import { auditRowsFor, type NamedAuditRow } from '../audit/audit.service.js';
import { publicRef } from '../audit/audit-filter.js';
import { presentCampaign, presentRecipient } from '../campaigns/presenters.js';
import { presentEvent } from '../consent/consent-evidence.service.js';
import { EXPORT_COLUMNS, presentContact, presentField } from '../contacts/presenters.js';
import { presentImport } from '../imports/presenters.js';
import { presentNumber } from '../messaging/numbers.service.js';
import { presentMessage } from '../messaging/presenters.js';
import { sources, type ExportScope, type Source } from './sources.repo.js';

/** A file pair of the ZIP (`<name>.json`, and `<name>.csv` when `csv` is set), read page by page. */
export interface Section {
  name: string;
  applies(s: ExportScope): boolean;
  count(db: Db, s: ExportScope): Promise<number>;
  pages(db: Db, s: ExportScope, pageSize: number): AsyncGenerator<object[]>;
  /** The CSV's header and row of one presented item (null: JSON only). Some headers depend on the account (custom fields). */
  csv: ((db: Db, s: ExportScope) => Promise<Csv>) | null;
}
export interface Csv { header: string[]; row(item: object): unknown[] }

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;
const pid = (kind: IdKind, id: string | null | undefined) => (id ? toPublicId(kind, id) : null);

/**
 * Rows of a source, presented, page by page. The next page is already being read while the caller
 * writes this one (the database and this process work at the same time; two pages in memory at most).
 */
export async function* pagesOf<R>(src: Source<R>, present: (r: R) => object, db: Db, s: ExportScope, pageSize: number): AsyncGenerator<object[]> {
  let next: Promise<R[]> | null = src.page(db, s, null, pageSize);
  try {
    while (next) {
      const rows: R[] = await next;
      next = rows.length === pageSize ? src.page(db, s, src.cursor(rows[rows.length - 1]), pageSize) : null;
      if (rows.length) yield rows.map(present);
    }
  } finally {
    void next?.catch(() => undefined); // abandoned (the export stopped): no unhandled rejection
  }
}

/** A CSV of fixed columns, each a dot path into the presented item (objects become JSON text). */
const columns = (...paths: string[]) => {
  const steps = paths.map((p) => p.split('.'));
  const cell = (v: unknown) => (v !== null && typeof v === 'object' && !(Array.isArray(v) && v.every((x) => typeof x !== 'object')) ? JSON.stringify(v) : v);
  return async (): Promise<Csv> => ({
    header: paths.map((p) => p.replace(/\./g, '_')),
    row: (item) => steps.map((keys) => {
      let v: unknown = item;
      for (const k of keys) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
      return cell(v);
    }),
  });
};

type AppliesSource<R> = Source<R> & { applies(s: ExportScope): boolean };
function section<R>(name: string, src: AppliesSource<R>, present: (r: R) => object, csv: Section['csv']): Section {
  return { name, applies: (s) => src.applies(s), count: (db, s) => src.count(db, s), pages: (db, s, n) => pagesOf(src, present, db, s, n), csv };
}

/** Audit entries as GET /v1/audit-events shows them (typed public ids, the target's current name). */
export const presentAuditEntry = (e: NamedAuditRow) => ({
  id: toPublicId('audit', e.id), action: e.action,
  actor: { type: e.actorType, id: e.actorId ? publicRef(e.actorType, e.actorId) : null, label: e.actorLabel },
  target: e.targetType && e.targetId ? { type: e.targetType, id: publicRef(e.targetType, e.targetId), name: e.targetName } : null,
  ip: e.ip, userAgent: e.userAgent, createdAt: e.createdAt.toISOString(), details: JSON.parse(e.details) as Record<string, unknown>,
});

/** The audit log through the audit module (its pages name each target), newest first; a person's own: their actions. */
const auditSection: Section = {
  name: 'audit_log',
  applies: () => true,
  count: (db, s) => sources.audit.count(db, s),
  async *pages(db, s, pageSize) {
    const filter = s.userId ? { actorType: 'user', actorId: s.userId } : {};
    let page: object[] = [];
    for await (const e of auditRowsFor(db, s.accountId, filter, Number.MAX_SAFE_INTEGER, pageSize)) {
      page.push(presentAuditEntry(e));
      if (page.length >= pageSize) {
        yield page;
        page = [];
      }
    }
    if (page.length) yield page;
  },
  csv: null,
};

type RowOf<S> = S extends Source<infer R> ? R : never;

/** Every section, in the order of the ZIP. A user's own export keeps those that apply to one person. */
export const SECTIONS: Section[] = [
  section('account', sources.account, presentAccount, null),
  section('members', sources.members, (m) => presentUser(m as Parameters<typeof presentUser>[0]), columns('id', 'name', 'email', 'phone', 'role', 'createdAt')),
  section('memberships', sources.memberships, (m) => ({ ...presentMembership(m), createdAt: m.createdAt.toISOString() }), columns('accountId', 'accountName', 'role', 'createdAt')),
  section('sessions', sources.sessions, (r: RowOf<typeof sources.sessions>) => ({
    id: toPublicId('session', r.id), accountId: toPublicId('account', r.accountId), ip: r.ip, userAgent: r.userAgent,
    createdAt: iso(r.createdAt), lastSeenAt: iso(r.lastSeenAt), expiresAt: iso(r.expiresAt), revokedAt: iso(r.revokedAt),
  }), columns('id', 'accountId', 'ip', 'userAgent', 'createdAt', 'lastSeenAt', 'expiresAt', 'revokedAt')),
  section('sign_ins', sources.signIns, (r: RowOf<typeof sources.signIns>) => ({
    outcome: r.outcome, method: r.method, ip: r.ip, userAgent: r.userAgent, at: r.at.toISOString(),
  }), columns('at', 'outcome', 'method', 'ip', 'userAgent')),
  section('invitations', sources.invitations, (r: RowOf<typeof sources.invitations>) => ({
    id: toPublicId('invitation', r.id), email: r.email, role: r.role, invitedBy: pid('user', r.invitedBy), createdAt: r.createdAt.toISOString(),
    expiresAt: iso(r.expiresAt), acceptedAt: iso(r.acceptedAt), revokedAt: iso(r.revokedAt),
  }), columns('id', 'email', 'role', 'invitedBy', 'createdAt', 'expiresAt', 'acceptedAt', 'revokedAt')),
  section('consent_attestations', sources.consentAttestations, (r: RowOf<typeof sources.consentAttestations>) => ({
    userId: pid('user', r.userId), wording: r.wording, attestedAt: r.attestedAt.toISOString(), ip: r.ip, userAgent: r.userAgent,
  }), columns('userId', 'wording', 'attestedAt', 'ip', 'userAgent')),
  section('policy_acceptances', sources.policyAcceptances, (r: RowOf<typeof sources.policyAcceptances>) => ({
    documentId: r.documentId, acceptedAt: iso(r.acceptedAt), ip: r.ip, userAgent: r.userAgent,
  }), columns('documentId', 'acceptedAt', 'ip', 'userAgent')),
  section('api_keys', sources.apiKeys, (k: RowOf<typeof sources.apiKeys>) => ({
    id: toPublicId('apiKey', k.id), name: k.name, prefix: k.prefix, role: k.role, scopes: k.scopes, createdBy: pid('user', k.createdBy),
    createdAt: iso(k.createdAt), lastUsedAt: iso(k.lastUsedAt), revokedAt: iso(k.revokedAt),
  }), columns('id', 'name', 'prefix', 'role', 'scopes', 'createdBy', 'createdAt', 'lastUsedAt', 'revokedAt')),
  section('custom_fields', sources.customFields, presentField, columns('id', 'key', 'label', 'type', 'choices', 'createdAt')),
  section('contacts', sources.contacts, presentContact, contactsCsv),
  section('consent_events', sources.consentEvents, (r) => presentEvent(r.e, r.phone),
    columns('id', 'contactId', 'phone', 'phoneHash', 'kind', 'source', 'occurredAt', 'recordedBy', 'evidence')),
  section('suppressions', sources.suppressions, (s: RowOf<typeof sources.suppressions>) => ({
    phone: s.phone, phoneHash: s.phoneHash, source: s.source, reason: s.reason, createdAt: s.createdAt.toISOString(),
  }), columns('phone', 'phoneHash', 'source', 'reason', 'createdAt')),
  section('messages', sources.messages, presentMessage, columns(
    'id', 'conversationId', 'contactId', 'direction', 'kind', 'from', 'to', 'body', 'encoding', 'segments', 'status', 'errorCode', 'errorMessage',
    'sendAt', 'createdAt', 'sentAt', 'deliveredAt', 'media')),
  section('conversations', sources.conversations, (c: RowOf<typeof sources.conversations>) => ({
    id: toPublicId('conversation', c.id), contactId: toPublicId('contact', c.contactId), numberId: toPublicId('number', c.numberId), status: c.status,
    lastMessageAt: iso(c.lastMessageAt), lastInboundAt: iso(c.lastInboundAt), createdAt: c.createdAt.toISOString(),
  }), columns('id', 'contactId', 'numberId', 'status', 'lastMessageAt', 'lastInboundAt', 'createdAt')),
  section('conversation_notes', sources.conversationNotes, (n: RowOf<typeof sources.conversationNotes>) => ({
    id: toPublicId('note', n.id), conversationId: toPublicId('conversation', n.conversationId), authorId: pid('user', n.authorUserId), body: n.body,
    mentionedUserIds: n.mentionedUserIds.map((u) => toPublicId('user', u)), createdAt: n.createdAt.toISOString(),
  }), columns('id', 'conversationId', 'authorId', 'body', 'mentionedUserIds', 'createdAt')),
  section('campaigns', sources.campaigns, (c) => presentCampaign(c, null), columns('id', 'name', 'status', 'body', 'from', 'audience', 'schedule', 'createdAt')),
  section('campaign_recipients', sources.campaignRecipients, (r: RowOf<typeof sources.campaignRecipients>) => ({
    campaignId: toPublicId('campaign', r.campaignId),
    ...presentRecipient({ contact_id: r.contactId, status: r.status, reason: r.reason, message_id: r.messageId, scheduled_for: r.scheduledFor, variant: r.variant }),
  }), columns('campaignId', 'contactId', 'status', 'reason', 'messageId', 'scheduledFor', 'variant')),
  section('imports', sources.imports, (r) => presentImport(r.imp, r.filename),
    columns('id', 'status', 'filename', 'total', 'processed', 'inserted', 'updated', 'skipped', 'failed', 'error', 'createdAt', 'finishedAt')),
  section('import_errors', sources.importErrors, (r: RowOf<typeof sources.importErrors>) => ({
    importId: toPublicId('import', r.importId), row: r.rowNumber, column: r.column, reason: r.reason, value: r.value,
  }), columns('importId', 'row', 'column', 'reason', 'value')),
  section('numbers', sources.numbers, presentNumber, columns('id', 'phoneNumber', 'provider', 'type', 'mps', 'createdAt')),
  section('links', sources.links, (l: RowOf<typeof sources.links>) => ({
    code: l.code, url: l.url, domain: l.domain, campaignId: toPublicId('campaign', l.campaignId), messageId: toPublicId('message', l.messageId),
    contactId: toPublicId('contact', l.contactId), createdAt: iso((l as { createdAt?: Date }).createdAt),
  }), columns('code', 'url', 'domain', 'campaignId', 'messageId', 'contactId', 'createdAt')),
  section('link_clicks', sources.linkClicks, (c: RowOf<typeof sources.linkClicks>) => ({
    code: c.code, campaignId: toPublicId('campaign', c.campaignId), contactId: toPublicId('contact', c.contactId), clickedAt: c.clickedAt.toISOString(), ip: c.ip, userAgent: c.userAgent,
  }), columns('code', 'campaignId', 'contactId', 'clickedAt', 'ip', 'userAgent')),
  section('media', sources.media, (m: RowOf<typeof sources.media>) => ({
    id: toPublicId('media', m.id), contactId: pid('contact', m.contactId), source: m.source, contentType: m.contentType, size: m.size, sha256: m.sha256,
    filename: m.filename, createdBy: pid('user', m.createdBy), createdAt: m.createdAt.toISOString(),
  }), columns('id', 'contactId', 'source', 'contentType', 'size', 'sha256', 'filename', 'createdBy', 'createdAt')),
  section('support_inquiries', sources.supportInquiries, (t: RowOf<typeof sources.supportInquiries>) => ({
    id: toPublicId('inquiry', t.id), kind: t.kind, subject: t.subject, status: t.status, userId: pid('user', t.userId), createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString(),
  }), columns('id', 'kind', 'subject', 'status', 'userId', 'createdAt', 'updatedAt')),
  section('support_messages', sources.supportMessages, (m: RowOf<typeof sources.supportMessages>) => ({
    inquiryId: toPublicId('inquiry', m.ticketId), author: m.author, userId: pid('user', m.userId), body: m.body, createdAt: m.createdAt.toISOString(),
  }), columns('inquiryId', 'author', 'userId', 'body', 'createdAt')),
  { ...auditSection, csv: columns('id', 'createdAt', 'action', 'actor.type', 'actor.id', 'actor.label', 'target.type', 'target.id', 'target.name', 'ip', 'userAgent', 'details') },
];

/** The contacts CSV is the contacts export's (custom fields as `field:<key>` columns). */
async function contactsCsv(db: Db, s: ExportScope): Promise<Csv> {
  const keys: string[] = [];
  for await (const page of pagesOf(sources.customFields, (f) => f, db, s, 500)) keys.push(...(page as Array<{ key: string }>).map((f) => f.key));
  return {
    header: [...EXPORT_COLUMNS, ...keys.map((k) => `field:${k}`)],
    // The columns of EXPORT_COLUMNS (the contacts CSV export), read from the presented contact.
    row: (item) => {
      const c = item as ReturnType<typeof presentContact>;
      return [c.id, c.phone, c.firstName, c.lastName, c.email, c.tags, c.consent.state, c.timeZone, c.phoneType, c.country, c.createdAt, ...keys.map((k) => c.fields[k] ?? null)];
    },
  };
}

export const sectionsFor = (s: ExportScope) => SECTIONS.filter((x) => x.applies(s));
