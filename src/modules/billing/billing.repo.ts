import { txQuery, type Db } from '../../db/client.js';
import { pgArray } from '../../db/pg-array.js';
import type { PriceEntry, PricedLine, Unit } from './pricing.js';

export interface BillingRow {
  account_id: string; prepaid: boolean | null; balance_micros: number; currency: string;
  low_balance_micros: number | null; low_notified_at: Date | null;
}

const num = (v: unknown) => Number(v ?? 0);
const mapBilling = (r: Record<string, unknown> | null | undefined): BillingRow | null => r ? {
  account_id: String(r.account_id), prepaid: (r.prepaid as boolean | null) ?? null, balance_micros: num(r.balance_micros), currency: String(r.currency),
  low_balance_micros: r.low_balance_micros == null ? null : num(r.low_balance_micros), low_notified_at: r.low_notified_at ? new Date(r.low_notified_at as string) : null,
} : null;
const mapEntries = (rows: Array<Record<string, unknown>>): PriceEntry[] =>
  rows.map((r) => ({ country: String(r.country), senderType: String(r.sender_type), unit: r.unit as Unit, priceMicros: num(r.price_micros) }));

/** The account's statement lock (transaction-scoped advisory lock): shared by metering and every ledger entry (applyEntry), exclusive while a statement is issued. */
const STATEMENT_LOCK = (fn: string, account: string) => `${fn}(hashtextextended('billing_statement:' || ${account}::uuid::text, 0))`;

/**
 * Takes the account's statement lock exclusively for the transaction that issues a statement: it
 * waits for metering transactions and ledger entries (top-ups) in flight (committed, the statement
 * counts them) and holds back new ones until the statement is stored (they then see it and count on
 * the next one).
 */
export async function lockStatements(tx: Db, accountId: string): Promise<void> {
  await txQuery(tx)(`select ${STATEMENT_LOCK('pg_advisory_xact_lock', '$1')}`, [accountId]);
}

export interface MeteringInputs { senderType: string | null; billing: BillingRow | null; book: PriceEntry[]; overrides: PriceEntry[] }

/**
 * Everything a metered batch needs, in one read: the sending number's type (by its number, live),
 * the account's billing row, and the price book and override entries that can apply (its countries
 * and '*', its units). The same read takes the account's statement lock shared until the metering
 * transaction ends (see lockStatements), so its usage is counted before a statement is issued or
 * sees the issued one (addUsage, the transaction's next statement). `lock` false: the prices only
 * (a hand-over's bound, which charges nothing).
 */
export async function meteringInputs(tx: Db, accountId: string, number: string | null, countries: string[], units: Unit[], lock = true): Promise<MeteringInputs> {
  const cs = pgArray([...countries, '*']);
  const us = pgArray(units);
  const { rows: [r] } = await txQuery(tx)<{ sender_type: string | null; billing: Record<string, unknown> | null; book: Array<Record<string, unknown>>; overrides: Array<Record<string, unknown>> }>(
    `select ${lock ? STATEMENT_LOCK('pg_advisory_xact_lock_shared', '$1') : 'null'} as statement_lock,
       (select type from phone_numbers where account_id = $1 and phone_number = $2 and released_at is null limit 1) as sender_type,
       (select to_jsonb(b) from billing_accounts b where b.account_id = $1) as billing,
       coalesce((select jsonb_agg(to_jsonb(p)) from price_book p where p.country = any($3::text[]) and p.unit = any($4::text[])), '[]'::jsonb) as book,
       coalesce((select jsonb_agg(to_jsonb(o)) from price_overrides o where o.account_id = $1 and o.country = any($3::text[]) and o.unit = any($4::text[])), '[]'::jsonb) as overrides`,
    [accountId, number, cs, us],
  );
  return { senderType: r.sender_type, billing: mapBilling(r.billing), book: mapEntries(r.book), overrides: mapEntries(r.overrides) };
}

/**
 * Adds priced usage to the account's counters of `day` (one statement, one upsert per line). Usage
 * of a month whose statement was issued already — a number-month metered late, or a text metered
 * at a time in that month (a clock behind, a transaction committing late) — is counted on `today`,
 * or on the first day after the account's last issued statement when `today` is in an issued month
 * too, so the next statement to be issued charges it: every unit is on exactly one statement.
 */
export async function addUsage(tx: Db, accountId: string, day: string, senderType: string, direction: 'outbound' | 'inbound', lines: PricedLine[], currency: string, today: string = day): Promise<void> {
  if (!lines.length) return;
  // Upserted in one order, (country, unit), whatever the batch's: two metering transactions of the account (batches
  // recorded at once, their countries met in opposite orders) would otherwise lock the same counters in opposite
  // orders and deadlock — one recording rolled back, its texts sent but not recorded.
  const sorted = [...lines].sort((x, y) => (x.country < y.country ? -1 : x.country > y.country ? 1 : x.unit < y.unit ? -1 : x.unit > y.unit ? 1 : 0));
  await txQuery(tx)(
    `insert into usage_counters as c (account_id, day, country, sender_type, direction, unit, quantity, amount_micros, currency)
     select $1, case when exists (select 1 from billing_statements s where s.account_id = $1 and s.month = to_char($2::date, 'YYYY-MM'))
       then greatest($10::date, (select ((max(s.month) || '-01')::date + interval '1 month')::date from billing_statements s where s.account_id = $1))
       else $2::date end, u.country, $3, $4, u.unit, u.quantity, u.amount, $5
     from unnest($6::text[], $7::text[], $8::bigint[], $9::bigint[]) as u(country, unit, quantity, amount)
     order by u.country, u.unit
     on conflict (account_id, day, country, sender_type, direction, unit)
     do update set quantity = c.quantity + excluded.quantity, amount_micros = c.amount_micros + excluded.amount_micros, updated_at = now()`,
    [accountId, day, senderType, direction, currency, pgArray(sorted.map((l) => l.country)), pgArray(sorted.map((l) => l.unit)),
      pgArray(sorted.map((l) => l.quantity)), pgArray(sorted.map((l) => l.amountMicros)), today],
  );
}

/**
 * Applies a signed amount to the account's balance and appends its ledger entry (one statement):
 * the balance row is created at the first entry. Returns the balance before and after, and the row.
 * A top-up whose (provider, provider_ref) was recorded already changes nothing (null).
 * Every entry takes the account's statement lock shared (as metering does; a metering transaction
 * holds it already) with its balance update, so a statement being issued waits for entries in flight
 * and reads the ledger with none committing. The entry is stamped when it is written — holding the
 * balance row, so entries' times follow their balances — and never in or before a month whose
 * statement was issued (one written after its month's statement — a transaction that began before
 * midnight, a clock behind — is on the next statement to be issued, as late usage is, and the
 * balance carried from the issued statement stays what it showed).
 */
export async function applyEntry(tx: Db, e: {
  id: string; accountId: string; kind: 'topup' | 'usage' | 'adjustment'; amountMicros: number; currency: string;
  provider?: string | null; providerRef?: string | null; description?: string | null; createdBy?: string | null;
}): Promise<{ before: number; after: number; row: BillingRow } | null> {
  const q = txQuery(tx);
  if (e.providerRef) {
    const { rows } = await q(`select 1 from credit_entries where account_id = $1 and provider = $2 and provider_ref = $3`, [e.accountId, e.provider ?? null, e.providerRef]);
    if (rows.length) return null;
  }
  const { rows: [b] } = await q<Record<string, unknown>>(
    `with statement_lock as (select ${STATEMENT_LOCK('pg_advisory_xact_lock_shared', '$1')})
     insert into billing_accounts as b (account_id, balance_micros, currency) select $1::uuid, $2::bigint, $3::text from statement_lock
     on conflict (account_id) do update set balance_micros = b.balance_micros + excluded.balance_micros, updated_at = now()
     returning *`,
    [e.accountId, e.amountMicros, e.currency],
  );
  const row = mapBilling(b)!;
  await q(
    `insert into credit_entries (id, account_id, kind, amount_micros, balance_after_micros, currency, provider, provider_ref, description, created_by, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, greatest(clock_timestamp(),
       (select ((max(s.month) || '-01')::timestamp + interval '1 month') at time zone 'UTC' from billing_statements s where s.account_id = $2)))`,
    [e.id, e.accountId, e.kind, e.amountMicros, row.balance_micros, e.currency, e.provider ?? null, e.providerRef ?? null, e.description ?? null, e.createdBy ?? null],
  );
  return { before: row.balance_micros - e.amountMicros, after: row.balance_micros, row };
}

/** A reservation counts while its message is still queued under the claim that reserved it (same attempt, lease running). */
const LIVE_RESERVATION = `exists (select 1 from messages m where m.account_id = r.account_id and m.id = r.message_id and m.attempts = r.attempt
  and m.status in ('scheduled', 'queued') and m.claimed_until > now())`;

/**
 * A prepaid hand-over's view of the account's credits, one at a time: takes the account's
 * hand-over credit lock (transaction-scoped, exclusive; only prepaid hand-overs take it, and
 * nothing else), then — a statement of its own, so on PostgreSQL its snapshot includes what the
 * hand-over before it reserved and committed — reads the balance and the credit reserved for the
 * account's other texts not recorded yet (`own`: this batch's, reserved already when a failover hands
 * it over again), and removes the reservations that no longer count.
 */
export async function creditsAtHandOver(tx: Db, accountId: string, own: readonly string[]): Promise<{ prepaid: boolean | null; balance: number; reserved: number } | null> {
  const q = txQuery(tx);
  await q(`select pg_advisory_xact_lock(hashtextextended('billing_handover:' || $1::text, 0))`, [accountId]);
  const { rows: [r] } = await q<{ prepaid: boolean | null; balance_micros: unknown; reserved: unknown }>(
    `with gone as (delete from credit_reservations r where r.account_id = $1 and not ${LIVE_RESERVATION} returning 1)
     select b.prepaid, b.balance_micros,
       (select coalesce(sum(r.amount_micros), 0) from credit_reservations r where r.account_id = $1 and r.message_id <> all($2::uuid[]) and ${LIVE_RESERVATION}) as reserved
     from (select 1) one left join billing_accounts b on b.account_id = $1`,
    [accountId, pgArray(own)],
  );
  return r.balance_micros == null ? null : { prepaid: r.prepaid, balance: num(r.balance_micros), reserved: num(r.reserved) };
}

/** Reserves credit for texts a prepaid hand-over lets go (their claim's attempt, what each will be charged), in its transaction. */
export async function reserveCredits(tx: Db, accountId: string, texts: ReadonlyArray<{ messageId: string; attempt: number; amountMicros: number }>): Promise<void> {
  if (!texts.length) return;
  await txQuery(tx)(
    `insert into credit_reservations (account_id, message_id, attempt, amount_micros)
     select $1, u.id, u.attempt, u.amount from unnest($2::uuid[], $3::int[], $4::bigint[]) as u(id, attempt, amount)
     on conflict (account_id, message_id, attempt) do update set amount_micros = excluded.amount_micros`,
    [accountId, pgArray(texts.map((t) => t.messageId)), pgArray(texts.map((t) => t.attempt)), pgArray(texts.map((t) => t.amountMicros))],
  );
}

export async function billingRow(db: Db, accountId: string): Promise<BillingRow | null> {
  const { rows: [r] } = await txQuery(db)<Record<string, unknown>>(`select * from billing_accounts where account_id = $1`, [accountId]);
  return mapBilling(r);
}

/** The account's billing row for a hand-over decision (prepaid, balance): one primary-key read. */
export async function balanceOf(tx: Db, accountId: string): Promise<{ prepaid: boolean | null; balance: number } | null> {
  const { rows: [r] } = await txQuery(tx)<{ prepaid: boolean | null; balance_micros: unknown }>(`select prepaid, balance_micros from billing_accounts where account_id = $1`, [accountId]);
  return r ? { prepaid: r.prepaid, balance: num(r.balance_micros) } : null;
}

export async function saveSettings(tx: Db, accountId: string, currency: string, s: { prepaid?: boolean | null; lowBalanceMicros?: number | null }): Promise<BillingRow> {
  const { rows: [r] } = await txQuery(tx)<Record<string, unknown>>(
    `insert into billing_accounts as b (account_id, currency, prepaid, low_balance_micros) values ($1, $2, $3, $4)
     on conflict (account_id) do update set
       prepaid = case when $5 then excluded.prepaid else b.prepaid end,
       low_balance_micros = case when $6 then excluded.low_balance_micros else b.low_balance_micros end, updated_at = now()
     returning *`,
    [accountId, currency, s.prepaid ?? null, s.lowBalanceMicros ?? null, s.prepaid !== undefined, s.lowBalanceMicros !== undefined],
  );
  return mapBilling(r)!;
}

export async function setLowNotified(tx: Db, accountId: string, at: Date | null): Promise<void> {
  await txQuery(tx)(`update billing_accounts set low_notified_at = $2 where account_id = $1`, [accountId, at?.toISOString() ?? null]);
}

// ---- price book and overrides ----

export async function listBook(db: Db): Promise<Array<PriceEntry & { currency: string; updatedAt: Date; updatedBy: string | null }>> {
  const { rows } = await txQuery(db)<Record<string, unknown>>(`select * from price_book order by country = '*', country, sender_type, unit`);
  return rows.map((r) => ({ ...mapEntries([r])[0], currency: String(r.currency), updatedAt: new Date(r.updated_at as string), updatedBy: (r.updated_by as string | null) ?? null }));
}

export async function upsertBook(tx: Db, e: PriceEntry, currency: string, by: string | null): Promise<void> {
  await txQuery(tx)(
    `insert into price_book (country, sender_type, unit, price_micros, currency, updated_by) values ($1, $2, $3, $4, $5, $6)
     on conflict (country, sender_type, unit) do update set price_micros = excluded.price_micros, currency = excluded.currency, updated_by = excluded.updated_by, updated_at = now()`,
    [e.country, e.senderType, e.unit, e.priceMicros, currency, by],
  );
}

export async function deleteBook(tx: Db, k: { country: string; senderType: string; unit: string }): Promise<boolean> {
  const { rows } = await txQuery(tx)(`delete from price_book where country = $1 and sender_type = $2 and unit = $3 returning 1`, [k.country, k.senderType, k.unit]);
  return rows.length > 0;
}

export async function listOverrides(db: Db, accountId: string): Promise<PriceEntry[]> {
  const { rows } = await txQuery(db)<Record<string, unknown>>(`select * from price_overrides where account_id = $1 order by country = '*', country, sender_type, unit`, [accountId]);
  return mapEntries(rows);
}

export async function upsertOverride(tx: Db, accountId: string, e: PriceEntry, currency: string, by: string | null): Promise<void> {
  await txQuery(tx)(
    `insert into price_overrides (account_id, country, sender_type, unit, price_micros, currency, updated_by) values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (account_id, country, sender_type, unit) do update set price_micros = excluded.price_micros, currency = excluded.currency, updated_by = excluded.updated_by, updated_at = now()`,
    [accountId, e.country, e.senderType, e.unit, e.priceMicros, currency, by],
  );
}

export async function deleteOverride(tx: Db, accountId: string, k: { country: string; senderType: string; unit: string }): Promise<boolean> {
  const { rows } = await txQuery(tx)(`delete from price_overrides where account_id = $1 and country = $2 and sender_type = $3 and unit = $4 returning 1`, [accountId, k.country, k.senderType, k.unit]);
  return rows.length > 0;
}

// ---- usage, ledger, statements ----

export interface UsageRow { day: string; country: string; sender_type: string; direction: string; unit: Unit; quantity: number; amount_micros: number; currency: string }

/** The account's counters for days in [from, to) (YYYY-MM-DD), by day. */
export async function usageBetween(db: Db, accountId: string, from: string, to: string): Promise<UsageRow[]> {
  const { rows } = await txQuery(db)<Record<string, unknown>>(
    `select day::text as day, country, sender_type, direction, unit, quantity, amount_micros, currency from usage_counters
     where account_id = $1 and day >= $2::date and day < $3::date order by day, unit, country, sender_type`,
    [accountId, from, to],
  );
  return rows.map((r) => ({ day: String(r.day).slice(0, 10), country: String(r.country), sender_type: String(r.sender_type), direction: String(r.direction), unit: r.unit as Unit,
    quantity: num(r.quantity), amount_micros: num(r.amount_micros), currency: String(r.currency) }));
}

export interface EntryRow { id: string; kind: string; amount_micros: number; balance_after_micros: number; currency: string; provider: string | null; provider_ref: string | null; description: string | null; created_by: string | null; created_at: Date }

/** Ledger entries in [from, to), newest first; `limit` null: all of them (a statement's payments). */
export async function entriesBetween(db: Db, accountId: string, from: Date, to: Date, kinds: string[] | null, limit: number | null): Promise<EntryRow[]> {
  const { rows } = await txQuery(db)<Record<string, unknown>>(
    `select * from credit_entries where account_id = $1 and created_at >= $2 and created_at < $3 and ($4::text[] is null or kind = any($4::text[]))
     order by created_at desc, id desc limit $5`,
    [accountId, from.toISOString(), to.toISOString(), kinds ? pgArray(kinds) : null, limit],
  );
  return rows.map((r) => ({ id: String(r.id), kind: String(r.kind), amount_micros: num(r.amount_micros), balance_after_micros: num(r.balance_after_micros), currency: String(r.currency),
    provider: (r.provider as string | null) ?? null, provider_ref: (r.provider_ref as string | null) ?? null, description: (r.description as string | null) ?? null,
    created_by: (r.created_by as string | null) ?? null, created_at: new Date(r.created_at as string) }));
}

/** The balance after the last entry before `at` (0 when none). */
export async function balanceAt(db: Db, accountId: string, at: Date): Promise<number> {
  const { rows: [r] } = await txQuery(db)<{ b: unknown }>(
    `select balance_after_micros as b from credit_entries where account_id = $1 and created_at < $2 order by created_at desc, id desc limit 1`, [accountId, at.toISOString()]);
  return r ? num(r.b) : 0;
}

// ---- number-months ----

export interface LiveNumber { account_id: string; id: string; phone_number: string; type: string }

/**
 * Numbers held during a month (created before its end, not released before its start) and not
 * metered for it yet, a page in (account_id, id) order after `after`; `boughtSince` (a catch-up of a
 * missed month): only numbers metered for an earlier month or bought at or after `boughtSince` (when
 * the job was metering numbers already) — a catch-up never charges a number held before billing for
 * its past, and charges one bought during the outage for every month it was held. The billing module reads the
 * messaging module's phone_numbers here directly (messaging depends on billing, not the reverse),
 * as the dispatcher reads sending_holds.
 */
export async function numbersHeld(db: Db, month: string, monthStart: Date, monthEnd: Date, after: { accountId: string; id: string } | null, limit: number, boughtSince: Date | null = null): Promise<LiveNumber[]> {
  const { rows } = await txQuery(db)<LiveNumber>(
    `select p.account_id, p.id, p.phone_number, p.type from phone_numbers p
     where p.created_at < $2 and (p.released_at is null or p.released_at >= $1) and ($3::uuid is null or (p.account_id, p.id) > ($3::uuid, $4::uuid))
       and not exists (select 1 from number_months m where m.account_id = p.account_id and m.number_id = p.id and m.month = $6)
       and ($7::timestamptz is null or p.created_at >= $7::timestamptz
         or exists (select 1 from number_months m where m.account_id = p.account_id and m.number_id = p.id and m.month < $6))
     order by p.account_id, p.id limit $5`,
    [monthStart.toISOString(), monthEnd.toISOString(), after?.accountId ?? null, after?.id ?? null, limit, month, boughtSince?.toISOString() ?? null],
  );
  return rows;
}

/** The oldest month any number was metered for (YYYY-MM), at most `floor` back; null when none was. */
export async function oldestNumberMonth(db: Db, floor: string): Promise<string | null> {
  const { rows: [r] } = await txQuery(db)<{ m: string | null }>(`select min(month) m from number_months where month >= $1`, [floor]);
  return r?.m ?? null;
}

/** Records a number-month once (its key: account, number, month); false when it was metered already. */
export async function insertNumberMonth(tx: Db, r: { accountId: string; numberId: string; month: string; senderType: string; country: string; amountMicros: number; currency: string }): Promise<boolean> {
  const { rows } = await txQuery(tx)(
    `insert into number_months (account_id, number_id, month, sender_type, country, amount_micros, currency) values ($1, $2, $3, $4, $5, $6, $7)
     on conflict do nothing returning 1`,
    [r.accountId, r.numberId, r.month, r.senderType, r.country, r.amountMicros, r.currency],
  );
  return rows.length > 0;
}

// ---- issued statements ----

export interface StoredStatement { month: string; statement_no: string; issued_at: Date; content: Record<string, unknown> }

/** An account's issued statement of a month (null when not issued yet). */
export async function findStatement(db: Db, accountId: string, month: string): Promise<StoredStatement | null> {
  const { rows: [r] } = await txQuery(db)<Record<string, unknown>>(
    `select month, statement_no, issued_at, content from billing_statements where account_id = $1 and month = $2`, [accountId, month]);
  return r ? { month: String(r.month), statement_no: String(r.statement_no), issued_at: new Date(r.issued_at as string), content: (typeof r.content === 'string' ? JSON.parse(r.content) : r.content) as Record<string, unknown> } : null;
}

/** The numbers of an account's issued statements, by month. */
export async function statementNumbers(db: Db, accountId: string): Promise<Map<string, string>> {
  const { rows } = await txQuery(db)<{ month: string; statement_no: string }>(`select month, statement_no from billing_statements where account_id = $1`, [accountId]);
  return new Map(rows.map((r) => [r.month, r.statement_no]));
}

/** Stores an issued statement once: a concurrent issue of the same account and month changes nothing (the first stays). */
export async function insertStatement(db: Db, accountId: string, s: {
  month: string; number: string; issuedAt: Date; currency: string; usageTotalMicros: number; paymentsTotalMicros: number;
  openingBalanceMicros: number; closingBalanceMicros: number; content: unknown;
}): Promise<void> {
  await txQuery(db)(
    `insert into billing_statements (account_id, month, statement_no, issued_at, currency, usage_total_micros, payments_total_micros, opening_balance_micros, closing_balance_micros, content)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb) on conflict (account_id, month) do nothing`,
    [accountId, s.month, s.number, s.issuedAt.toISOString(), s.currency, s.usageTotalMicros, s.paymentsTotalMicros, s.openingBalanceMicros, s.closingBalanceMicros, JSON.stringify(s.content)],
  );
}

/**
 * Accounts with usage or ledger entries in [from, to) and no issued statement for `month`, a page
 * in account order after `after` (the month-close job).
 */
export async function accountsToIssue(db: Db, month: string, fromDay: string, toDay: string, from: Date, to: Date, after: string | null, limit: number): Promise<string[]> {
  const { rows } = await txQuery(db)<{ account_id: string }>(
    `select a.account_id from (
       select distinct account_id from usage_counters where day >= $2::date and day < $3::date
       union select distinct account_id from credit_entries where created_at >= $4 and created_at < $5
     ) a
     where ($6::uuid is null or a.account_id > $6::uuid)
       and not exists (select 1 from billing_statements s where s.account_id = a.account_id and s.month = $1)
     order by a.account_id limit $7`,
    [month, fromDay, toDay, from.toISOString(), to.toISOString(), after, limit],
  );
  return rows.map((r) => String(r.account_id));
}
