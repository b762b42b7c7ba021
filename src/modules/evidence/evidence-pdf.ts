import { pdfDocument } from '../../lib/pdf.js';
import type { Evidence, MessageWithHistory } from './evidence.types.js';

/**
 * The printable evidence pack (pdfkit, pure JS, standard fonts): written page by page to a
 * stream as the messages are read, never held whole. The number is in the document's title.
 */
const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '—');

export async function writeEvidencePdf(doc: PDFKit.PDFDocument, e: Evidence, messages: AsyncIterable<MessageWithHistory[]>): Promise<void> {
  const h = (text: string) => doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).text(text).font('Helvetica').fontSize(9).moveDown(0.3);
  const line = (text: string) => doc.text(text, { width: 500 });
  doc.font('Helvetica-Bold').fontSize(16).text('Dispute evidence pack');
  doc.font('Helvetica').fontSize(10).text(`Account: ${e.account.name} (${e.account.id})`).text(`Phone number: ${e.phone}`).text(`Generated: ${iso(e.generatedAt)}`);

  h('1. Contact records');
  if (!e.contacts.length) line('No contact record holds this number (it may have been erased; consent events are kept by a hashed number).');
  for (const c of e.contacts) line(`${c.id} — ${[c.first_name, c.last_name].filter(Boolean).join(' ') || 'no name'} — consent: ${c.consent_state} — created ${iso(c.created_at)}`);

  h('2. Consent evidence');
  if (!e.consent.length) line('No consent event recorded for this number.');
  for (const c of e.consent) line(`${iso(c.occurred_at)} ${c.kind} via ${c.source}${c.recorded_by ? ` by ${c.recorded_by}` : ''} — ${JSON.stringify(c.evidence)}`);
  doc.moveDown(0.3);
  line("The business's consent attestations (sign-up):");
  for (const a of e.attestations) line(`${iso(a.attested_at)} from ${a.ip ?? 'unknown IP'}: "${a.wording}"`);

  h('3. STOP / HELP handling');
  line(e.suppression ? `Suppressed since ${iso(e.suppression.created_at)} (source: ${e.suppression.source}${e.suppression.reason ? `, ${e.suppression.reason}` : ''}).` : 'Not suppressed.');
  for (const k of e.keywords) line(`${iso(k.created_at)} ${k.direction === 'inbound' ? `received keyword ${k.keyword?.word ?? ''} (${k.keyword?.kind ?? ''})` : 'sent keyword reply'}: "${k.body ?? ''}" — ${k.status}`);
  if (!e.keywords.length) line('No keyword (STOP, START, HELP…) received from this number.');

  h('4. Messages and their delivery history');
  let n = 0;
  for await (const page of messages) {
    for (const m of page) {
      n++;
      doc.font('Helvetica-Bold').text(`${iso(m.created_at)} ${m.direction} ${m.from} → ${m.to} (${m.kind}, ${m.segments} segment${m.segments === 1 ? '' : 's'}) — ${m.status}${m.error_code ? ` ${m.error_code}` : ''}`, { width: 500 });
      doc.font('Helvetica');
      line(m.body ?? '(body redacted by retention)');
      for (const s of m.history) line(`    ${iso(s.at)} ${s.status}${s.errorCode ? ` (${s.errorCode})` : ''} — ${s.source}`);
      doc.moveDown(0.3);
    }
  }
  if (!n) line('No message to or from this number.');

  h('5. Audit entries about this contact');
  if (!e.audit.length) line('No audit entry.');
  for (const a of e.audit) line(`#${a.seq} ${iso(a.created_at)} ${a.action} by ${a.actor_label ?? a.actor_type}${a.ip ? ` from ${a.ip}` : ''}`);
}

export function newEvidencePdf(phone: string, accountName: string): PDFKit.PDFDocument {
  return pdfDocument({
    size: 'A4', margin: 48, compress: true,
    info: { Title: `Dispute evidence ${phone}`, Subject: `Consent, messages, STOP/HELP handling and audit entries for ${phone}`, Author: 'West Message', Keywords: phone, Creator: accountName.replace(/[^\x20-\x7e]/g, '?') },
  });
}
