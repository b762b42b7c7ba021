import { pdfDocument } from '../../lib/pdf.js';
import { formatMicros } from './pricing.js';
import { UNIT_LABEL, type ShownStatement } from './statement.js';

/** The statement as a printable PDF (pdfkit, built-in Helvetica: no font files). */
export function statementPdf(s: ShownStatement): Promise<Buffer> {
  // An issued statement's file carries its issue date, not the time it was downloaded.
  const doc = pdfDocument({ size: 'A4', margin: 50, info: { Title: `Statement ${s.number ?? `${s.month} (preview)`}`, Author: 'West Message', ...(s.issuedAt ? { CreationDate: s.issuedAt } : {}) } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  // Exact (micro-units, up to 6 decimals), trailing zeros trimmed to 4: a 0.00795 price rounded to 0.0080 made a line's
  // quantity × unit price disagree with its amount, and amounts that do not add up to the total.
  const exact = (m: number) => formatMicros(m, 6).replace(/(\.\d{4}\d*?)0+$/, '$1');
  const money = (m: number) => `${exact(m)} ${s.currency}`;
  doc.fontSize(18).text(s.status === 'issued' ? 'West Message — statement' : 'West Message — statement preview', { continued: false });
  doc.moveDown(0.3).fontSize(10).fillColor('#444')
    .text(`Account: ${s.accountName}`)
    .text(`Period: ${s.periodStart} to ${s.periodEnd} (UTC)${s.status === 'issued' ? '' : ' — month in progress: a preview, not an invoice'}`)
    .text(s.number && s.issuedAt ? `Statement no. ${s.number}, issued ${s.issuedAt.toISOString().slice(0, 10)}` : `Month: ${s.month}`);
  doc.moveDown().fillColor('#000').fontSize(12).text('Usage');
  doc.moveDown(0.3).fontSize(9);
  const cols = [50, 230, 280, 350, 420, 480];
  const row = (cells: string[], bold = false) => {
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica');
    cells.forEach((c, i) => doc.text(c, cols[i], y, { width: (cols[i + 1] ?? 545) - cols[i] - 4, align: i >= 3 ? 'right' : 'left' }));
    doc.moveDown(0.2);
    if (doc.y > 760) doc.addPage();
  };
  row(['Item', 'Country', 'Type', 'Quantity', 'Unit price', 'Amount'], true);
  if (!s.lines.length) row(['No usage this period', '', '', '', '', '']);
  for (const l of s.lines) row([UNIT_LABEL[l.unit], l.country, l.senderType.replace('_', ' '), String(l.quantity), l.unitPriceMicros === null ? 'various' : exact(l.unitPriceMicros), exact(l.amountMicros)]);
  row(['Usage total', '', '', '', '', money(s.usageTotalMicros)], true);
  doc.x = 50;
  doc.moveDown().font('Helvetica').fontSize(12).text('Payments', 50);
  doc.moveDown(0.3).fontSize(9);
  if (!s.payments.length) row(['No payments this period', '', '', '', '', '']);
  for (const p of s.payments) row([`Top-up ${p.at.toISOString().slice(0, 10)}`, '', p.provider ?? '', '', p.reference ?? '', exact(p.amountMicros)]);
  row(['Payments total', '', '', '', '', money(s.paymentsTotalMicros)], true);
  if (s.prepaid) {
    doc.moveDown();
    row(['Opening balance', '', '', '', '', money(s.openingBalanceMicros)]);
    row(['Closing balance', '', '', '', '', money(s.closingBalanceMicros)], true);
  }
  doc.end();
  return done;
}
