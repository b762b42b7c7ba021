import type { Unit } from './pricing.js';
import { formatMicros } from './pricing.js';

/** A monthly statement (pure): usage lines from the counters, payments from the ledger, balances. */
export interface StatementLine { unit: Unit; country: string; senderType: string; quantity: number; unitPriceMicros: number | null; amountMicros: number }
export interface StatementPayment { at: Date; provider: string | null; reference: string | null; amountMicros: number }
export interface Statement {
  accountId: string; accountName: string; month: string; periodStart: string; periodEnd: string; currency: string; final: boolean;
  lines: StatementLine[]; usageTotalMicros: number; payments: StatementPayment[]; paymentsTotalMicros: number;
  openingBalanceMicros: number; closingBalanceMicros: number; prepaid: boolean;
}

/**
 * A statement as shown: a closed month's is `issued` once (stored, with its number and issue
 * date, never recomputed); the current month's is a live `preview` (no number, not an invoice).
 */
export type ShownStatement = Statement & { status: 'issued' | 'preview'; number: string | null; issuedAt: Date | null };

/** The number printed on an issued statement: WM-YYYYMM- and the account's public id tail (unique per account and month). */
export function statementNumber(month: string, accountPublicId: string): string {
  return `WM-${month.replace('-', '')}-${accountPublicId.replace(/^[a-z]+_/, '').slice(-10).toUpperCase()}`;
}

export const UNIT_LABEL: Record<Unit, string> = {
  sms: 'SMS segments sent', mms: 'MMS sent', inbound_sms: 'SMS segments received', inbound_mms: 'MMS received', number_month: 'Phone number (month)',
};
const UNIT_ORDER: Unit[] = ['sms', 'mms', 'inbound_sms', 'inbound_mms', 'number_month'];

/** The month's bounds (UTC) of 'YYYY-MM', or null when it is not a month. */
export function monthBounds(month: string): { start: Date; end: Date; startDay: string; endDay: string } | null {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) return null;
  const start = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  const end = new Date(Date.UTC(Number(m[1]), Number(m[2]), 1));
  return { start, end, startDay: start.toISOString().slice(0, 10), endDay: end.toISOString().slice(0, 10) };
}

/** Usage counters of a month folded into statement lines (one per unit, country and sender type), in a stable order. */
export function statementLines(rows: ReadonlyArray<{ unit: Unit; country: string; sender_type: string; quantity: number; amount_micros: number }>): StatementLine[] {
  const by = new Map<string, StatementLine>();
  for (const r of rows) {
    const k = `${r.unit}|${r.country}|${r.sender_type}`;
    const l = by.get(k) ?? { unit: r.unit, country: r.country, senderType: r.sender_type, quantity: 0, unitPriceMicros: null, amountMicros: 0 };
    l.quantity += r.quantity;
    l.amountMicros += r.amount_micros;
    by.set(k, l);
  }
  const lines = [...by.values()].map((l) => ({ ...l, unitPriceMicros: l.quantity && l.amountMicros % l.quantity === 0 ? l.amountMicros / l.quantity : null }));
  return lines.sort((a, b) => UNIT_ORDER.indexOf(a.unit) - UNIT_ORDER.indexOf(b.unit) || a.country.localeCompare(b.country) || a.senderType.localeCompare(b.senderType));
}

const csvCell = (v: string | number) => {
  const s = String(v);
  // A cell a spreadsheet would run as a formula is quoted with a leading apostrophe.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The statement as CSV: one row per line item, then payments, then totals (amounts as decimals of the currency). */
export function statementCsv(s: ShownStatement): string {
  const rows: Array<Array<string | number>> = [['section', 'description', 'country', 'sender_type', 'quantity', 'unit_price', 'amount', 'currency']];
  rows.push(['statement', s.number && s.issuedAt ? `Statement ${s.number} issued ${s.issuedAt.toISOString().slice(0, 10)}` : 'Preview: month in progress, not an invoice (amounts change until the month closes)', '', '', '', '', '', s.currency]);
  for (const l of s.lines) rows.push(['usage', UNIT_LABEL[l.unit], l.country, l.senderType, l.quantity, l.unitPriceMicros === null ? '' : formatMicros(l.unitPriceMicros, 6), formatMicros(l.amountMicros, 6), s.currency]);
  for (const p of s.payments) rows.push(['payment', `Top-up (${p.provider ?? 'manual'}${p.reference ? ` ${p.reference}` : ''}) ${p.at.toISOString().slice(0, 10)}`, '', '', '', '', formatMicros(p.amountMicros, 6), s.currency]);
  rows.push(['total', 'Usage total', '', '', '', '', formatMicros(s.usageTotalMicros, 6), s.currency]);
  rows.push(['total', 'Payments total', '', '', '', '', formatMicros(s.paymentsTotalMicros, 6), s.currency]);
  if (s.prepaid) {
    rows.push(['balance', 'Opening balance', '', '', '', '', formatMicros(s.openingBalanceMicros, 6), s.currency]);
    rows.push(['balance', 'Closing balance', '', '', '', '', formatMicros(s.closingBalanceMicros, 6), s.currency]);
  }
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
