import { stringify } from 'csv-stringify/sync';
import { withTx } from '../../db/tx.js';
import type { Ctx } from '../../context.js';
import type { AuthContext } from '../../http/auth.js';
import { escapeCsvCell } from '../../lib/csv.js';
import { unprocessable } from '../../lib/errors.js';
import { toPublicId } from '../../lib/ids.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import * as repo from './consent.repo.js';
import { phoneHash, recordConsent, type ConsentKind } from './consent.service.js';

/** The contact a consent request is about, already found (and access-checked) by the contacts module. */
export interface ContactRef { id: string; phone: string; consentState: string }

export interface ConsentRequest {
  kind: ConsentKind;
  source: 'api' | 'agent' | 'web_form';
  evidence: { wording?: string; ip?: string; userAgent?: string; url?: string; note?: string; occurredAt?: string };
}

/** Records an opt-in or opt-out for a contact. An opt-in must say what the person agreed to. */
export async function recordForContact(ctx: Ctx, auth: AuthContext, contact: ContactRef, body: ConsentRequest, meta: RequestMeta) {
  if (body.kind === 'opt_in' && !body.evidence.wording?.trim()) {
    throw unprocessable('evidence_required', 'An opt-in needs the wording the person agreed to (evidence.wording).', { field: 'evidence.wording' });
  }
  const { occurredAt, ...evidence } = body.evidence;
  await withTx(ctx.db, async (tx) => {
    await recordConsent(ctx, tx, auth.accountId, auth.actor, [{
      contactId: contact.id, phone: contact.phone, kind: body.kind, source: body.source,
      evidence: { ...evidence, userId: auth.userId, ip: evidence.ip ?? meta.ip, userAgent: evidence.userAgent ?? meta.userAgent },
      occurredAt: occurredAt ? new Date(occurredAt) : undefined,
    }]);
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: `consent.${body.kind}`, target: { type: 'contact', id: contact.id }, meta, details: { source: body.source } });
  });
}

type EventRow = repo.ConsentEventRow;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EVIDENCE_IDS = { importId: 'import', userId: 'user', messageId: 'message', confirmMessageId: 'message' } as const;

/** Evidence keeps row ids; the API shows the same public ids as everywhere else. */
function publicEvidence(evidence: Record<string, unknown>) {
  const out = { ...evidence };
  for (const [key, kind] of Object.entries(EVIDENCE_IDS)) {
    const v = out[key];
    if (typeof v === 'string' && UUID.test(v)) out[key] = toPublicId(kind, v);
  }
  return out;
}

export const presentEvent = (e: EventRow, phone: string | null) => ({
  id: toPublicId('consentEvent', e.id),
  contactId: e.contactId ? toPublicId('contact', e.contactId) : null,
  phone,
  phoneHash: e.phoneHash,
  kind: e.kind,
  source: e.source,
  evidence: publicEvidence(e.evidence),
  recordedBy: e.recordedBy,
  occurredAt: e.occurredAt.toISOString(),
});

export async function timeline(ctx: Ctx, auth: AuthContext, c: ContactRef) {
  const events = await repo.contactEvents(ctx.db, auth.accountId, c.id, phoneHash(ctx, c.phone));
  const suppressed = (await repo.suppressedHashes(ctx.db, auth.accountId, [phoneHash(ctx, c.phone)])).size > 0;
  return { state: c.consentState, suppressed, data: events.map((e) => presentEvent(e, c.phone)) };
}

const CSV_COLUMNS = ['event_id', 'contact_id', 'phone', 'phone_hash', 'kind', 'source', 'occurred_at', 'recorded_by', 'wording', 'ip', 'user_agent', 'url', 'import_id', 'message_id', 'note'];
const csvLine = (e: ReturnType<typeof presentEvent>) => {
  const ev = e.evidence as Record<string, unknown>;
  return [e.id, e.contactId, e.phone, e.phoneHash, e.kind, e.source, e.occurredAt, e.recordedBy, ev.wording, ev.ip, ev.userAgent, ev.url, ev.importId, ev.messageId, ev.note].map(escapeCsvCell);
};

/** Consent evidence of one contact or of the whole account, as CSV or JSON lines, streamed. */
export async function* exportEvidence(ctx: Ctx, auth: AuthContext, format: 'csv' | 'json', meta: RequestMeta, contact?: ContactRef): AsyncGenerator<string> {
  const contactPublicId = contact ? toPublicId('contact', contact.id) : null;
  await withTx(ctx.db, (tx) => recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'consent.exported', meta, details: { format, contact: contactPublicId ?? 'all' } }));
  if (format === 'csv') yield stringify([CSV_COLUMNS]);
  else yield `{"generatedAt":${JSON.stringify(ctx.now().toISOString())},"account":${JSON.stringify(toPublicId('account', auth.accountId))},"events":[`;
  let first = true;
  const emit = (e: ReturnType<typeof presentEvent>) => {
    const out = format === 'csv' ? stringify([csvLine(e)]) : `${first ? '' : ','}\n${JSON.stringify(e)}`;
    first = false;
    return out;
  };
  if (contact) {
    for (const e of (await timeline(ctx, auth, contact)).data) yield emit(e);
  } else {
    let after: string | null = null;
    for (;;) {
      const page = await repo.accountEventsPage(ctx.db, auth.accountId, after, 1000);
      if (!page.length) break;
      yield page.map((r) => emit(presentEvent(r.event, r.phone))).join('');
      after = page[page.length - 1].event.id;
    }
  }
  if (format === 'json') yield '\n]}\n';
}
