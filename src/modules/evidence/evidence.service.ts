import { PassThrough, Readable } from 'node:stream';
import yazl from 'yazl';
import type { Ctx } from '../../context.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext, OperatorAuth } from '../../http/auth.js';
import { notFound, unprocessable } from '../../lib/errors.js';
import { fromPublicId, toPublicId } from '../../lib/ids.js';
import { analysePhone } from '../../lib/phone.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import { findAccount } from '../accounts/account.service.js';
import { phoneHash } from '../consent/consent.service.js';
import { recordOperatorAudit } from '../operators/operator-audit.service.js';
import { newEvidencePdf, writeEvidencePdf } from './evidence-pdf.js';
import * as repo from './evidence.repo.js';
import type { Evidence, MessageWithHistory } from './evidence.types.js';

export type { Evidence, MessageWithHistory } from './evidence.types.js';

/**
 * Dispute evidence pack (issue 13): for one account and one phone number, what a business or
 * the operator needs to answer a TCPA complaint — the consent evidence (events, attestations),
 * every message to or from the number with its delivery history, STOP/HELP handling (keywords
 * received, replies, the suppression) and the audit entries about the contact. A ZIP (JSON files
 * + the PDF) or the printable PDF alone, streamed: messages are read a page at a time.
 */
export type EvidenceFormat = 'zip' | 'pdf';
const PAGE = 500;


function e164Of(phone: string, country: string): string {
  const p = analysePhone(phone, country);
  if ('problem' in p) throw unprocessable('invalid_phone', 'The phone number is not a valid phone number.', { field: 'phone', reason: p.problem });
  return p.e164;
}

async function gather(ctx: Ctx, account: { id: string; name: string }, e164: string): Promise<Evidence> {
  const q = ctx.database.query;
  const hash = phoneHash(ctx, e164);
  const [contacts, consent, attestations, suppression] = await Promise.all([
    repo.contactsByPhone(q, account.id, e164), repo.consentEvents(q, account.id, hash), repo.attestations(q, account.id), repo.suppression(q, account.id, hash),
  ]);
  const targets = contacts.flatMap((c) => [c.id, toPublicId('contact', c.id)]);
  const keywords: repo.MessageRow[] = [];
  for await (const page of pages(ctx, account.id, e164, false)) keywords.push(...page.filter((m) => m.keyword || m.kind === 'keyword_reply'));
  return {
    account: { id: toPublicId('account', account.id), name: account.name }, phone: e164, generatedAt: ctx.now(),
    contacts, consent, attestations, suppression, keywords, audit: await repo.auditAbout(q, account.id, targets),
  };
}

/** The number's messages, oldest first, a page at a time; with `history`, each with its status events. */
async function* pages(ctx: Ctx, accountId: string, e164: string, history = true): AsyncGenerator<MessageWithHistory[]> {
  let after: { at: Date; id: string } | null = null;
  for (;;) {
    const rows = await repo.messagesPage(ctx.database.query, accountId, e164, after, PAGE);
    if (!rows.length) return;
    const events = history ? await repo.messageHistories(ctx.database.query, accountId, rows.map((r) => r.id)) : [];
    const by = new Map<string, MessageWithHistory['history']>();
    for (const ev of events) {
      const list = by.get(ev.subject_id) ?? [];
      list.push({ status: String(ev.payload.status), errorCode: (ev.payload.errorCode as string | null) ?? null, source: String(ev.payload.source ?? 'api'), at: new Date(ev.created_at) });
      by.set(ev.subject_id, list);
    }
    yield rows.map((r) => ({ ...r, history: by.get(r.id) ?? [] }));
    if (rows.length < PAGE) return;
    const last = rows[rows.length - 1];
    after = { at: new Date(last.created_at), id: last.id };
  }
}

const publicMessage = (m: MessageWithHistory) => ({
  id: toPublicId('message', m.id), direction: m.direction, kind: m.kind, from: m.from, to: m.to, body: m.body, status: m.status, errorCode: m.error_code,
  keyword: m.keyword, segments: m.segments, provider: m.provider, createdAt: m.created_at, sentAt: m.sent_at, deliveredAt: m.delivered_at, history: m.history,
});

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

function readme(e: Evidence) {
  return [
    `Dispute evidence pack — ${e.phone}`, `Account: ${e.account.name} (${e.account.id})`, `Generated: ${e.generatedAt.toISOString()}`, '',
    'contacts.json          the contact records holding this number',
    'consent/events.json    every opt-in and opt-out recorded for the number (source, wording, IP, user agent, who recorded it)',
    'consent/attestations.json  the business\'s affirmations that its customers consented (at sign-up)',
    'stop-help.json         keywords received (STOP, START, HELP…), the replies sent, and the suppression',
    'messages.jsonl         every message to or from the number, one per line, each with its delivery history',
    'audit.json             the account\'s audit entries about the contact',
    'evidence.pdf           the same, printable', '',
  ].join('\n');
}

function zipOf(ctx: Ctx, accountId: string, e: Evidence): Readable {
  const zip = new yazl.ZipFile();
  const add = (name: string, text: string) => zip.addBuffer(Buffer.from(text), name, { mtime: e.generatedAt });
  add('README.txt', readme(e));
  add('contacts.json', json(e.contacts.map((c) => ({ id: toPublicId('contact', c.id), phone: c.phone, firstName: c.first_name, lastName: c.last_name, consentState: c.consent_state, createdAt: c.created_at }))));
  add('consent/events.json', json(e.consent.map((c) => ({ id: toPublicId('consentEvent', c.id), kind: c.kind, source: c.source, evidence: c.evidence, recordedBy: c.recorded_by, occurredAt: c.occurred_at, recordedAt: c.created_at }))));
  add('consent/attestations.json', json(e.attestations.map((a) => ({ wording: a.wording, attestedAt: a.attested_at, ip: a.ip, userAgent: a.user_agent }))));
  add('stop-help.json', json({
    suppressed: e.suppression ? { since: e.suppression.created_at, source: e.suppression.source, reason: e.suppression.reason } : null,
    keywords: e.keywords.map((m) => ({ id: toPublicId('message', m.id), direction: m.direction, kind: m.kind, keyword: m.keyword, body: m.body, status: m.status, at: m.created_at })),
  }));
  add('audit.json', json(e.audit.map((a) => ({ seq: Number(a.seq), action: a.action, actor: { type: a.actor_type, label: a.actor_label }, target: { type: a.target_type, id: a.target_id }, details: a.details, ip: a.ip, at: a.created_at }))));
  zip.addReadStreamLazy('messages.jsonl', { mtime: e.generatedAt }, (cb) => cb(null, Readable.from((async function* () {
    for await (const page of pages(ctx, accountId, e.phone)) yield page.map((m) => `${JSON.stringify(publicMessage(m))}\n`).join('');
  })())));
  zip.addReadStreamLazy('evidence.pdf', { mtime: e.generatedAt, compress: false }, (cb) => cb(null, pdfOf(ctx, accountId, e)));
  zip.end();
  return zip.outputStream as Readable;
}

function pdfOf(ctx: Ctx, accountId: string, e: Evidence): Readable {
  const doc = newEvidencePdf(e.phone, e.account.name);
  const out = new PassThrough();
  doc.pipe(out);
  writeEvidencePdf(doc, e, pages(ctx, accountId, e.phone)).then(() => doc.end(), (err) => out.destroy(err as Error));
  return out;
}

export interface EvidenceDownload { filename: string; contentType: string; stream: Readable }

async function build(ctx: Ctx, account: { id: string; name: string }, e164: string, format: EvidenceFormat): Promise<EvidenceDownload> {
  const e = await gather(ctx, account, e164);
  const base = `evidence-${e164.replace('+', '')}-${e.generatedAt.toISOString().slice(0, 10)}`;
  return format === 'pdf'
    ? { filename: `${base}.pdf`, contentType: 'application/pdf', stream: pdfOf(ctx, account.id, e) }
    : { filename: `${base}.zip`, contentType: 'application/zip', stream: zipOf(ctx, account.id, e) };
}

/** The business (owner/admin): its own account's evidence for a number; audited in its log. */
export async function evidenceForBusiness(ctx: Ctx, auth: AuthContext, phone: string, format: EvidenceFormat, meta: RequestMeta): Promise<EvidenceDownload> {
  const e164 = e164Of(phone, auth.account.defaultCountry);
  const download = await build(ctx, { id: auth.accountId, name: auth.account.name }, e164, format);
  await withTx(ctx.db, (tx) => recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'evidence.exported', meta, details: { format, phoneHash: phoneHash(ctx, e164) } }));
  return download;
}

/** The operator: any account's evidence for a number; recorded on the operators' audit chain. */
export async function evidenceForOperator(ctx: Ctx, op: OperatorAuth, accountPublicId: string, phone: string, format: EvidenceFormat, meta: RequestMeta): Promise<EvidenceDownload> {
  const id = fromPublicId('account', accountPublicId);
  const account = id ? await findAccount(ctx, id) : null;
  if (!account) throw notFound('Account');
  const e164 = e164Of(phone, account.defaultCountry);
  const download = await build(ctx, account, e164, format);
  await recordOperatorAudit(ctx, { operator: op, action: 'operator.evidence_exported', target: { type: 'account', id: account.id }, details: { format, phoneHash: phoneHash(ctx, e164) }, meta });
  return download;
}
