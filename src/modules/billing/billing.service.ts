import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import type { OperatorAuth } from '../../http/auth.js';
import type { RequestMeta } from '../../lib/actor.js';
import { notFound, unprocessable } from '../../lib/errors.js';
import { toPublicId } from '../../lib/ids.js';
import { recordOperatorAudit } from '../operators/operator-audit.service.js';
import * as repo from './billing.repo.js';
import { accountOrThrow, balanceView, isPrepaid } from './credits.service.js';
import { formatMicros, listPrice, SENDER_TYPES, UNITS, type PriceEntry, type Unit } from './pricing.js';
import { statementPdf } from './statement-pdf.js';
import { monthBounds, statementCsv, statementLines, statementNumber, type ShownStatement, type Statement, type StatementPayment } from './statement.js';

// ---- the business's view ----

const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (day: string, n: number) => dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));

/** Usage of days [from, to] (inclusive, UTC) by day and unit, with totals; at most 366 days. */
export async function usageReport(ctx: Ctx, accountId: string, q: { from?: string; to?: string }) {
  const to = q.to ?? dayOf(ctx.now());
  const from = q.from ?? addDays(to, -29);
  if (from > to) throw unprocessable('invalid_range', '"from" is after "to".', { field: 'from' });
  if (Date.parse(to) - Date.parse(from) > 366 * 86_400_000) throw unprocessable('range_too_long', 'At most 366 days at a time.', { field: 'from' });
  const rows = await repo.usageBetween(ctx.db, accountId, from, addDays(to, 1));
  const days = new Map<string, Record<Unit, number> & { amountMicros: number }>();
  for (let d = from; d <= to; d = addDays(d, 1)) days.set(d, { sms: 0, mms: 0, inbound_sms: 0, inbound_mms: 0, number_month: 0, amountMicros: 0 });
  const totals: Record<Unit, number> = { sms: 0, mms: 0, inbound_sms: 0, inbound_mms: 0, number_month: 0 };
  let amount = 0;
  for (const r of rows) {
    const d = days.get(r.day)!;
    d[r.unit] += r.quantity;
    d.amountMicros += r.amount_micros;
    totals[r.unit] += r.quantity;
    amount += r.amount_micros;
  }
  return {
    from, to, currency: ctx.config.billingCurrency,
    days: [...days.entries()].map(([day, d]) => ({ day, sms: d.sms, mms: d.mms, inboundSms: d.inbound_sms, inboundMms: d.inbound_mms, numberMonths: d.number_month, amountMicros: d.amountMicros, amount: formatMicros(d.amountMicros, 4) })),
    byCountry: statementLines(rows).map((l) => ({ unit: l.unit, country: l.country, senderType: l.senderType, quantity: l.quantity, amountMicros: l.amountMicros })),
    totals: { sms: totals.sms, mms: totals.mms, inboundSms: totals.inbound_sms, inboundMms: totals.inbound_mms, numberMonths: totals.number_month, amountMicros: amount, amount: formatMicros(amount, 4) },
  };
}

/** The account's balance and its recent ledger (top-ups and usage debits), newest first. */
export async function billingOverview(ctx: Ctx, accountId: string) {
  const entries = await repo.entriesBetween(ctx.db, accountId, new Date(0), new Date(ctx.now().getTime() + 86_400_000), null, 50);
  return { ...(await balanceView(ctx, accountId)), entries: entries.map(presentEntry) };
}

const presentEntry = (e: repo.EntryRow) => ({
  id: toPublicId('creditEntry', e.id), kind: e.kind, amountMicros: e.amount_micros, amount: formatMicros(e.amount_micros, 4), balanceAfterMicros: e.balance_after_micros,
  currency: e.currency, provider: e.provider, reference: e.provider_ref, description: e.description, createdAt: e.created_at.toISOString(),
});

/**
 * The months with a statement: every month from the one the account opened in to this one, newest
 * first — a month without usage has its (empty) statement too, as statementOf answers. No cap: one
 * short entry a month, and an old account's first statements stay listed.
 */
export async function statementMonths(ctx: Ctx, accountId: string): Promise<string[]> {
  const now = ctx.now();
  const opened = (await accountOrThrow(ctx, accountId)).createdAt;
  const out: string[] = [];
  for (let i = 0; ; i++) {
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1)).toISOString().slice(0, 7);
    if (i > 0 && monthBounds(month)!.end <= opened) break;
    out.push(month);
  }
  return out;
}

/**
 * A month is closed for statements a while after its end (UTC): usage metered in a transaction
 * that started before midnight has committed by then. Until then its statement is a preview.
 */
export const STATEMENT_ISSUE_GRACE_MS = 15 * 60_000;
const isClosed = (ctx: Ctx, month: string) => monthBounds(month)!.end.getTime() + STATEMENT_ISSUE_GRACE_MS <= ctx.now().getTime();

/** The statements list: months newest first, whether each is final, and an issued one's number. */
export async function statementList(ctx: Ctx, accountId: string) {
  const [months, numbers] = await Promise.all([statementMonths(ctx, accountId), repo.statementNumbers(ctx.db, accountId)]);
  return months.map((month) => ({ month, final: isClosed(ctx, month), number: numbers.get(month) ?? null }));
}

type BillingAccount = Awaited<ReturnType<typeof accountOrThrow>>;

/** A month's statement computed from the account's metered usage, payments and balances as they are now. */
async function computeStatement(ctx: Ctx, db: Db, account: BillingAccount, month: string): Promise<Statement> {
  const b = monthBounds(month)!;
  const accountId = account.id;
  // One after another on `db`, a transaction (a client runs one query at a time: pg warns about, and pg@9 refuses,
  // queries queued on a busy client): the issuing one, or a preview's read-only snapshot (statementOf).
  const usage = await repo.usageBetween(db, accountId, b.startDay, b.endDay);
  // Every payment of the month (a cap dropped the oldest from the list and the total).
  const payments = await repo.entriesBetween(db, accountId, b.start, b.end, ['topup'], null);
  const opening = await repo.balanceAt(db, accountId, b.start);
  const closing = await repo.balanceAt(db, accountId, b.end);
  const billing = await repo.billingRow(db, accountId);
  const lines = statementLines(usage);
  const paid = payments.reverse().map((p) => ({ at: p.created_at, provider: p.provider, reference: p.provider_ref, amountMicros: p.amount_micros }));
  return {
    accountId: toPublicId('account', accountId), accountName: account.name, month, periodStart: b.startDay, periodEnd: addDays(b.endDay, -1), currency: ctx.config.billingCurrency,
    final: isClosed(ctx, month), lines, usageTotalMicros: lines.reduce((s, l) => s + l.amountMicros, 0), payments: paid, paymentsTotalMicros: paid.reduce((s, p) => s + p.amountMicros, 0),
    openingBalanceMicros: opening, closingBalanceMicros: closing, prepaid: isPrepaid(ctx, billing),
  };
}

const fromStored = (r: repo.StoredStatement): ShownStatement => {
  const c = r.content as unknown as Omit<Statement, 'payments'> & { payments: Array<Omit<StatementPayment, 'at'> & { at: string }> };
  return { ...c, payments: c.payments.map((p) => ({ ...p, at: new Date(p.at) })), final: true, status: 'issued', number: r.statement_no, issuedAt: r.issued_at };
};

/**
 * A closed month's statement as issued: the stored one, else computed now and stored once — the
 * key (account, month) makes concurrent first views and the month-close job end with one
 * statement, and every caller reads back the one that was stored. It is computed and stored under
 * the account's statement lock (exclusive; metering and ledger entries take it shared): usage and
 * top-ups whose transaction was in flight are on it, those written after it are counted on the next
 * statement (addUsage, applyEntry).
 */
async function issuedStatement(ctx: Ctx, account: BillingAccount, month: string): Promise<ShownStatement> {
  const stored = await repo.findStatement(ctx.db, account.id, month);
  if (stored) return fromStored(stored);
  await withTx(ctx.db, async (tx) => {
    await repo.lockStatements(tx, account.id);
    if (await repo.findStatement(tx, account.id, month)) return;
    const s = await computeStatement(ctx, tx, account, month);
    await repo.insertStatement(tx, account.id, {
      month, number: statementNumber(month, s.accountId), issuedAt: ctx.now(), currency: s.currency, usageTotalMicros: s.usageTotalMicros, paymentsTotalMicros: s.paymentsTotalMicros,
      openingBalanceMicros: s.openingBalanceMicros, closingBalanceMicros: s.closingBalanceMicros,
      content: { ...s, final: true, payments: s.payments.map((p) => ({ ...p, at: p.at.toISOString() })) },
    });
  });
  return fromStored((await repo.findStatement(ctx.db, account.id, month))!);
}

/**
 * The account's statement for a month (YYYY-MM): a closed month's as issued (issued at its first
 * view when the month-close job has not done it yet) — never recomputed; the current month's a
 * live preview of its metered usage, payments and balances. No statement for a month that ended
 * before the account existed, nor for one to come.
 */
export async function statementOf(ctx: Ctx, db: Db, accountId: string, month: string): Promise<ShownStatement> {
  const b = monthBounds(month);
  if (!b) throw unprocessable('invalid_month', 'A month is YYYY-MM.', { field: 'month' });
  if (b.start > ctx.now()) throw notFound('Statement');
  const account = await accountOrThrow(ctx, accountId);
  if (b.end <= account.createdAt) throw notFound('Statement');
  if (isClosed(ctx, month)) return issuedStatement(ctx, account, month);
  // A preview reads in one snapshot: the payments listed and the balances shown are of the same moment.
  const preview = await withTx(db, (tx) => computeStatement(ctx, tx, account, month), { isolationLevel: 'repeatable read', accessMode: 'read only' });
  return { ...preview, status: 'preview', number: null, issuedAt: null };
}

/** A statement as the API shows it (dates as ISO strings). */
export const presentStatement = (s: ShownStatement) => ({
  ...s, payments: s.payments.map((p) => ({ ...p, at: p.at.toISOString() })), issuedAt: s.issuedAt?.toISOString() ?? null,
});

/** A statement as a file to download. */
export async function statementFile(ctx: Ctx, accountId: string, month: string, format: 'csv' | 'pdf'): Promise<{ filename: string; body: string | Buffer }> {
  const s = await statementOf(ctx, ctx.db, accountId, month);
  return { filename: `statement-${s.number ?? `${s.month}-preview`}.${format}`, body: format === 'csv' ? statementCsv(s) : await statementPdf(s) };
}

export const ISSUE_STATEMENTS_JOB = 'billing.issue_statements';

/**
 * Month close: issues `month`'s statement (default: the previous month) of every account with
 * usage or ledger entries in it, a page at a time; accounts without activity get theirs at first
 * view. Idempotent (issued ones are skipped, the key keeps one per account and month); nothing
 * before the month has closed.
 */
export async function issueClosedStatements(ctx: Ctx, month?: string): Promise<number> {
  const now = ctx.now();
  const m = month ?? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  const b = monthBounds(m);
  if (!b || !isClosed(ctx, m)) return 0;
  let after: string | null = null;
  let issued = 0;
  for (;;) {
    const page = await repo.accountsToIssue(ctx.db, m, b.startDay, b.endDay, b.start, b.end, after, 200);
    if (!page.length) return issued;
    for (const accountId of page) {
      const account = await accountOrThrow(ctx, accountId);
      await issuedStatement(ctx, account, m);
      issued++;
    }
    after = page[page.length - 1];
  }
}

// ---- price book (operators) ----

function checkEntry(ctx: Ctx, e: { country: string; senderType: string; unit: string; price: string; currency?: string }): PriceEntry {
  const country = e.country === '*' ? '*' : e.country.toUpperCase();
  if (country !== '*' && !/^[A-Z]{2}$/.test(country)) throw unprocessable('invalid_country', 'A country is an ISO 3166 two-letter code or "*".', { field: 'country' });
  if (e.senderType !== '*' && !SENDER_TYPES.includes(e.senderType as never)) throw unprocessable('invalid_sender_type', `A sender type is one of ${SENDER_TYPES.join(', ')} or "*".`, { field: 'senderType' });
  if (!UNITS.includes(e.unit as Unit)) throw unprocessable('invalid_unit', `A unit is one of ${UNITS.join(', ')}.`, { field: 'unit' });
  if (e.currency && e.currency !== ctx.config.billingCurrency) throw unprocessable('currency_mismatch', `Prices are in ${ctx.config.billingCurrency} (BILLING_CURRENCY).`, { field: 'currency' });
  const m = /^(\d{1,9})(?:\.(\d{1,6}))?$/.exec(e.price);
  if (!m) throw unprocessable('invalid_price', 'A price is a decimal amount ≥ 0 with at most 6 places, e.g. "0.0079".', { field: 'price' });
  return { country, senderType: e.senderType, unit: e.unit as Unit, priceMicros: Number(m[1]) * 1_000_000 + Number((m[2] ?? '').padEnd(6, '0')) };
}

const presentPrice = (ctx: Ctx, e: PriceEntry & { updatedAt?: Date; updatedBy?: string | null }) => ({
  country: e.country, senderType: e.senderType, unit: e.unit, priceMicros: e.priceMicros, price: formatMicros(e.priceMicros, 6), currency: ctx.config.billingCurrency,
  updatedAt: e.updatedAt?.toISOString() ?? null, updatedBy: e.updatedBy ?? null,
});

/** The price book: the operator's entries, and the built-in list prices they override (for the main countries). */
export async function priceBook(ctx: Ctx) {
  const entries = await repo.listBook(ctx.db);
  const list = ['US', 'CA', 'GB', '*'].flatMap((country) => UNITS.map((unit) => ({ country, senderType: 'long_code', unit, priceMicros: listPrice({ country, senderType: 'long_code', unit }) })));
  return { currency: ctx.config.billingCurrency, entries: entries.map((e) => presentPrice(ctx, e)), listPrices: list.map((e) => presentPrice(ctx, e)) };
}

type EntryInput = { country: string; senderType: string; unit: string; price: string; currency?: string };

export async function setBookPrice(ctx: Ctx, op: OperatorAuth, input: EntryInput, meta: RequestMeta) {
  const e = checkEntry(ctx, input);
  await withTx(ctx.db, async (tx) => {
    await repo.upsertBook(tx, e, ctx.config.billingCurrency, op.actor.label ?? op.operatorId);
    await recordOperatorAudit(ctx, { operator: op, action: 'billing.price_set', target: { type: 'price_book', id: `${e.country}/${e.senderType}/${e.unit}` }, details: { price: formatMicros(e.priceMicros, 6), currency: ctx.config.billingCurrency }, meta }, tx);
  });
  return priceBook(ctx);
}

export async function removeBookPrice(ctx: Ctx, op: OperatorAuth, key: { country: string; senderType: string; unit: string }, meta: RequestMeta) {
  const e = checkEntry(ctx, { ...key, price: '0' });
  await withTx(ctx.db, async (tx) => {
    if (!(await repo.deleteBook(tx, e))) throw notFound('Price book entry');
    await recordOperatorAudit(ctx, { operator: op, action: 'billing.price_removed', target: { type: 'price_book', id: `${e.country}/${e.senderType}/${e.unit}` }, meta }, tx);
  });
  return priceBook(ctx);
}

export async function accountPrices(ctx: Ctx, accountId: string | null) {
  const account = await accountOrThrow(ctx, accountId);
  return { currency: ctx.config.billingCurrency, overrides: (await repo.listOverrides(ctx.db, account.id)).map((e) => presentPrice(ctx, e)) };
}

export async function setOverride(ctx: Ctx, op: OperatorAuth, accountId: string | null, input: EntryInput, meta: RequestMeta) {
  const account = await accountOrThrow(ctx, accountId);
  const e = checkEntry(ctx, input);
  await withTx(ctx.db, async (tx) => {
    await repo.upsertOverride(tx, account.id, e, ctx.config.billingCurrency, op.actor.label ?? op.operatorId);
    await recordOperatorAudit(ctx, { operator: op, action: 'billing.override_set', target: { type: 'account', id: toPublicId('account', account.id) }, details: { country: e.country, senderType: e.senderType, unit: e.unit, price: formatMicros(e.priceMicros, 6) }, meta }, tx);
  });
  return accountPrices(ctx, account.id);
}

export async function removeOverride(ctx: Ctx, op: OperatorAuth, accountId: string | null, key: { country: string; senderType: string; unit: string }, meta: RequestMeta) {
  const account = await accountOrThrow(ctx, accountId);
  const e = checkEntry(ctx, { ...key, price: '0' });
  await withTx(ctx.db, async (tx) => {
    if (!(await repo.deleteOverride(tx, account.id, e))) throw notFound('Price override');
    await recordOperatorAudit(ctx, { operator: op, action: 'billing.override_removed', target: { type: 'account', id: toPublicId('account', account.id) }, details: { country: e.country, senderType: e.senderType, unit: e.unit }, meta }, tx);
  });
  return accountPrices(ctx, account.id);
}

/** The billing section of an account's detail in the operator console: balance, prepaid state, this month's usage. */
export async function billingSection(ctx: Ctx, accountId: string) {
  const now = ctx.now();
  const from = `${now.toISOString().slice(0, 7)}-01`;
  const usage = await usageReport(ctx, accountId, { from, to: dayOf(now) });
  return { ...(await balanceView(ctx, accountId)), month: usage.totals };
}
