import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import { placeHold } from '../trust-safety/holds.service.js';
import * as repo from './billing.repo.js';
import { countryOf } from './country.js';
import { afterDebit, isPrepaid } from './credits.service.js';
import { priceIndex, priceLines, resolvePrice, usageLines, type PricedLine } from './pricing.js';

/**
 * Metering (issue 13). Every billable event is metered in the transaction that makes it billable,
 * so it is counted exactly when that commits — never twice, never lost:
 * - an outbound text when the dispatcher records it `sent` (the one transition from queued that
 *   happens once per message: a re-claimed batch after a crash is recorded once, a message whose
 *   first outcome was lost is sent again with the same idempotency key and recorded once);
 * - an inbound text when it is stored `received` (a carrier's duplicate rolls back with its insert);
 * - a number-month by the monthly job, keyed (account, number, month).
 * A batch writes one counter upsert per (day, country, sender type, direction, unit) — a handful of
 * rows — plus, for a prepaid account, one ledger entry and the balance.
 */

export interface MeteredText { to: string; segments: number; mms: boolean }

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

async function meter(ctx: Ctx, tx: Db, accountId: string, number: string, direction: 'outbound' | 'inbound', texts: Array<{ country: string; segments: number; mms: boolean }>, knownType?: string): Promise<PricedLine[]> {
  if (!texts.length) return [];
  const lines = usageLines(texts, direction);
  const inputs = await repo.meteringInputs(tx, accountId, knownType ? null : number, [...new Set(lines.map((l) => l.country))], [...new Set(lines.map((l) => l.unit))]);
  const senderType = knownType ?? inputs.senderType ?? 'long_code';
  const priced = priceLines(lines, senderType, priceIndex(inputs.book), priceIndex(inputs.overrides));
  await repo.addUsage(tx, accountId, dayOf(ctx.now()), senderType, direction, priced, ctx.config.billingCurrency);
  const total = priced.reduce((s, l) => s + l.amountMicros, 0);
  if (total > 0 && isPrepaid(ctx, inputs.billing)) {
    const units = priced.reduce((s, l) => s + l.quantity, 0);
    await afterDebit(ctx, tx, accountId, total, `${units} ${direction} unit${units === 1 ? '' : 's'} (${texts.length} message${texts.length === 1 ? '' : 's'})`);
  }
  return priced;
}

/** Meters texts the dispatcher records as sent, in its recording transaction: all from one sending number of the account. */
export async function meterSent(ctx: Ctx, tx: Db, accountId: string, from: string, texts: MeteredText[]): Promise<void> {
  await meter(ctx, tx, accountId, from, 'outbound', texts.map((t) => ({ country: countryOf(t.to), segments: t.segments, mms: t.mms })));
}

/** Meters a received text in the transaction that stores it (the country is the sender's). */
export async function meterReceived(ctx: Ctx, tx: Db, accountId: string, t: { from: string; to: string; segments: number; mms: boolean; senderType?: string }): Promise<void> {
  await meter(ctx, tx, accountId, t.to, 'inbound', [{ country: countryOf(t.from), segments: t.segments, mms: t.mms }], t.senderType);
}

/**
 * The prepaid credits the dispatcher's hand-over may spend (micro-units): null when the account is
 * not prepaid (no limit, no lock, nothing more read: the billing row came with the account's holds
 * under the hold lock, messaging dispatch.repo.ts `gateAtHandOver`). A prepaid account's hand-overs
 * take its hand-over credit lock one at a time and read the balance again with what the others
 * reserved for texts handed over and not recorded yet (`reserveCredits`; `own`: this batch's message
 * ids), so batches handed over at once (the account's other numbers, other workers) spend the balance
 * once between them: together they overdraw by less than one text. With nothing left (balance at zero
 * or below) the hand-over lets only keyword replies go and `holdForCredits` places the 'credits' hold
 * after its transaction (the hold takes the hold lock exclusively); with the balance reserved by
 * others, it gives the rest back until they are recorded.
 */
export async function creditsAtHandOver(ctx: Ctx, tx: Db, accountId: string, b: { prepaid: boolean | null; balance: number } | null, own: readonly string[]): Promise<{ balance: number; reserved: number } | null> {
  if (!isPrepaid(ctx, b)) return null;
  const now = await repo.creditsAtHandOver(tx, accountId, own);
  // Switched off since the gate read it: no limit (switched on since: it read not prepaid and returned above — the next hand-over holds to it).
  if (!isPrepaid(ctx, now)) return null;
  return { balance: now?.balance ?? 0, reserved: now?.reserved ?? 0 };
}

/** Reserves, in the hand-over's transaction, what the texts a prepaid hand-over lets go will be charged (`textCosts`), until each is recorded. */
export const reserveCredits = (tx: Db, accountId: string, texts: ReadonlyArray<{ messageId: string; attempt: number; amountMicros: number }>) =>
  repo.reserveCredits(tx, accountId, texts);

/**
 * What each text would cost the account — at its own prices (override, price book, list), for the
 * sending number's type, exactly as the metering will charge it when the text is recorded sent: the
 * hand-over's bound on a prepaid balance. One read of the prices (no statement lock: nothing is
 * charged here). Before, the bound was the list price, so an account priced above it overdrew by
 * more than the one text that crosses zero.
 */
export async function textCosts(tx: Db, accountId: string, from: string, texts: readonly MeteredText[]): Promise<(t: MeteredText) => number> {
  const of = (t: MeteredText) => ({ country: countryOf(t.to), segments: t.segments, mms: t.mms });
  const lines = usageLines(texts.map(of), 'outbound');
  const inputs = await repo.meteringInputs(tx, accountId, from, [...new Set(lines.map((l) => l.country))], [...new Set(lines.map((l) => l.unit))], false);
  const senderType = inputs.senderType ?? 'long_code';
  const book = priceIndex(inputs.book);
  const overrides = priceIndex(inputs.overrides);
  return (t) => priceLines(usageLines([of(t)], 'outbound'), senderType, book, overrides).reduce((s, l) => s + l.amountMicros, 0);
}

/** Is the account prepaid with nothing left? One primary-key read (`holdForCredits` re-checks with it). */
export async function creditsExhausted(ctx: Ctx, tx: Db, accountId: string): Promise<boolean> {
  const b = await repo.balanceOf(tx, accountId);
  if (!isPrepaid(ctx, b)) return false;
  return (b?.balance ?? 0) <= 0;
}

/** Places the 'credits' hold on an account whose prepaid balance is exhausted (kept if one is active). */
export async function holdForCredits(ctx: Ctx, accountId: string): Promise<void> {
  await withTx(ctx.db, async (tx) => {
    // Re-checked in this transaction: a top-up may have landed in between.
    if (await creditsExhausted(ctx, tx, accountId)) await placeHold(tx, { accountId, kind: 'credits', reason: 'The prepaid credit balance is exhausted: top up to resume sending.', placedBy: 'billing' });
  });
}

export const NUMBER_MONTHS_JOB = 'billing.number_months';

/**
 * Number-months: each number an account held during `month` (YYYY-MM, default the current one and
 * the one before) is metered once — the key (account, number, month) makes reruns change nothing,
 * and a run reads only numbers not metered yet — on the month's first day, at its sender type's
 * price in the number's own country, debited from a prepaid balance in the same transaction. Run
 * daily, so a number bought mid-month is charged that month; every run also covers the month
 * before, so a number bought on a month's last day after that day's run (released or not) is
 * charged for it by the run of the 1st (00:11, before statements are issued at 01:21) — or, when
 * that run was missed, by the next run, on the next statement to be issued if that month's was.
 * After a longer outage, a run also meters the months it missed (up to CATCH_UP_MONTHS back) for
 * every number metered before them and every number bought since the oldest metered month began (a
 * number bought during the outage is charged for each month it was held, released since or not); a
 * number held before that and never metered is charged from the previous month on, never for its
 * past (numbers held before billing existed).
 */
export async function meterNumberMonths(ctx: Ctx, month?: string): Promise<number> {
  if (month) return meterMonth(ctx, month);
  const now = ctx.now();
  const monthAt = (back: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
  const previous = monthAt(1);
  // Months the job missed (a worker down for longer than a month): every month since the oldest metered one, at most
  // CATCH_UP_MONTHS back — each for numbers metered before it and numbers bought since the oldest metered month began
  // (the job was running then: every number held at that run was metered); one held before and never metered is
  // charged from the previous month on.
  const oldest = await repo.oldestNumberMonth(ctx.db, monthAt(CATCH_UP_MONTHS));
  const boughtSince = oldest ? new Date(`${oldest}-01T00:00:00Z`) : null;
  let metered = 0;
  for (let back = CATCH_UP_MONTHS; back >= 0; back--) {
    const m = monthAt(back);
    if (back >= 2 && (!oldest || m <= oldest)) continue;
    metered += await meterMonth(ctx, m, m < previous ? boughtSince : null);
  }
  return metered;
}

/** How many months back the daily number-month run catches up. */
export const CATCH_UP_MONTHS = 24;

/** Meters `month` for the numbers held during it; `boughtSince`: a missed month (see numbersHeld). */
async function meterMonth(ctx: Ctx, month: string, boughtSince: Date | null = null): Promise<number> {
  const start = new Date(`${month}-01T00:00:00Z`);
  const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  const heldUntil = end < ctx.now() ? end : ctx.now();
  let after: { accountId: string; id: string } | null = null;
  let metered = 0;
  for (;;) {
    const page = await repo.numbersHeld(ctx.db, month, start, heldUntil, after, 500, boughtSince);
    if (!page.length) return metered;
    for (const n of page) {
      const done = await withTx(ctx.db, async (tx) => {
        const country = countryOf(n.phone_number);
        const inputs = await repo.meteringInputs(tx, n.account_id, null, [country], ['number_month']);
        const [line] = priceLines([{ country, unit: 'number_month', quantity: 1 }], n.type, priceIndex(inputs.book), priceIndex(inputs.overrides));
        const fresh = await repo.insertNumberMonth(tx, { accountId: n.account_id, numberId: n.id, month, senderType: n.type, country, amountMicros: line.amountMicros, currency: ctx.config.billingCurrency });
        if (!fresh) return false;
        await repo.addUsage(tx, n.account_id, `${month}-01`, n.type, 'outbound', [line], ctx.config.billingCurrency, dayOf(ctx.now()));
        if (line.amountMicros > 0 && isPrepaid(ctx, inputs.billing)) await afterDebit(ctx, tx, n.account_id, line.amountMicros, `Phone number ${month}`);
        return true;
      });
      if (done) metered++;
    }
    const last = page[page.length - 1];
    after = { accountId: last.account_id, id: last.id };
  }
}

/**
 * The account's prices as billing charges them (its override, else the price book, else the list
 * price), for readers that price texts after the fact (analytics' rollup): two reads, then pure lookups.
 */
export async function accountPricer(db: Db, accountId: string): Promise<(to: string, senderType: string, mms: boolean) => number> {
  const book = priceIndex(await repo.listBook(db));
  const overrides = priceIndex(await repo.listOverrides(db, accountId));
  return (to, senderType, mms) => resolvePrice({ country: countryOf(to), senderType, unit: mms ? 'mms' : 'sms' }, book, overrides).priceMicros;
}
