import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { fromPublicId, newUuid } from '../src/lib/ids.js';
import { addUsage, applyEntry } from '../src/modules/billing/billing.repo.js';
import { statementOf } from '../src/modules/billing/billing.service.js';
import { meterNumberMonths, meterReceived } from '../src/modules/billing/metering.service.js';
import { withTx, type Tx } from '../src/db/tx.js';
import { receiveInbound } from '../src/modules/messaging/inbound.service.js';
import { describeEachDb, type TestEnv } from './harness.js';
import { signUp, type SignedUp } from './factories.js';
import { makeOperator, type TestOperator } from './operator-fixtures.js';

/**
 * Billing's month boundaries (issue 13): every metered unit is on exactly one statement — usage
 * whose own time falls in a month whose statement was issued already, a number held only after
 * the last daily run of its month, and the statement list over months without usage.
 */
/**
 * Inside a transaction holding a ledger write: returns once the statement view `view` started meanwhile has
 * either been issued or waits for this transaction's lock (PostgreSQL; PGlite's one connection makes the
 * view wait for the transaction anyway), so the transaction commits at the moment the race is about.
 */
async function issuedOrWaiting(env: TestEnv, view: Promise<unknown>): Promise<void> {
  if (env.kind !== 'postgres') return;
  let done = false;
  const waiting = async () => {
    while (!done) {
      const r = await env.ctx.database.query<{ n: unknown }>(`select count(*) n from pg_locks where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())`);
      if (Number(r.rows[0].n) > 0) return;
      await new Promise((r) => setImmediate(r));
    }
  };
  await Promise.race([view, waiting()]).finally(() => { done = true; });
}

describeEachDb('billing month boundaries', (use) => {
  const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await use().ctx.database.query<T>(sql, params)).rows;
  const n = async (sql: string, params: unknown[] = []) => Number((await q<{ n: unknown }>(sql, params))[0]?.n ?? 0);

  async function business(env: TestEnv): Promise<SignedUp & { id: string }> {
    const s = await signUp(env.app);
    expect((await s.client.post('/v1/numbers', { provider: 'simulator', mps: 1000 })).statusCode).toBe(201);
    return { ...s, id: fromPublicId('account', s.accountId)! };
  }
  const monthsAgo = (env: TestEnv, k: number) => {
    const now = env.ctx.now();
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k, 1)).toISOString().slice(0, 7);
  };
  const lastDayOf = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
  /** Runs `work` with the context's clock at `at`. */
  async function at<T>(env: TestEnv, iso: string, work: () => Promise<T>): Promise<T> {
    const realNow = env.ctx.now;
    env.ctx.now = () => new Date(iso);
    try {
      return await work();
    } finally {
      env.ctx.now = realNow;
    }
  }
  /** The quantity of `unit` on the account's statements of `months` (each as shown: issued or preview). */
  async function onStatements(s: SignedUp, months: string[], unit: string): Promise<number[]> {
    const out: number[] = [];
    for (const m of months) {
      const st = (await s.client.get(`/v1/billing/statements/${m}`)).json();
      out.push(st.lines.filter((l: { unit: string }) => l.unit === unit).reduce((t: number, l: { quantity: number }) => t + l.quantity, 0));
    }
    return out;
  }

  it('a text metered with a time in a month whose statement was issued is on the next statement, once', async () => {
    const env = use();
    const a = await business(env);
    const month = monthsAgo(env, 0);
    const lastMonth = monthsAgo(env, 1);
    await q(`update accounts set created_at = $2 where id = $1`, [a.id, `${lastMonth}-05T10:00:00Z`]);
    await addUsage(env.ctx.db, a.id, `${lastMonth}-15`, 'long_code', 'outbound', [{ country: 'US', unit: 'sms', quantity: 3, priceMicros: 8_300, amountMicros: 24_900 }], 'USD');
    // Last month's statement is issued (first view)...
    const issued = (await a.client.get(`/v1/billing/statements/${lastMonth}`)).json();
    expect([issued.status, issued.lines.length]).toEqual(['issued', 1]);
    // ...then an inbound text is metered at a time in last month (a process whose clock lags, a transaction that committed late).
    const [num] = await q<{ phone_number: string }>(`select phone_number from phone_numbers where account_id = $1`, [a.id]);
    await at(env, `${lastDayOf(lastMonth)}T23:59:30Z`, () =>
      receiveInbound(env.ctx, { from: '+16465550199', to: num.phone_number, body: 'Late', providerMessageId: `SMlate${Date.now()}` }, 'simulator'));
    expect(await n(`select coalesce(sum(quantity), 0) n from usage_counters where account_id = $1 and unit = 'inbound_sms'`, [a.id])).toBe(1);
    // Usage and statements agree: the issued statement is unchanged and the text is on exactly one statement (this month's).
    expect((await a.client.get(`/v1/billing/statements/${lastMonth}`)).json()).toEqual(issued);
    expect(await onStatements(a, [lastMonth, month], 'inbound_sms')).toEqual([0, 1]);
  }, 60_000);

  it('a text metered in a transaction that commits while its month\'s statement is being issued is on exactly one statement', async () => {
    const env = use();
    const a = await business(env);
    const month = monthsAgo(env, 0);
    const lastMonth = monthsAgo(env, 1);
    await q(`update accounts set created_at = $2 where id = $1`, [a.id, `${lastMonth}-05T10:00:00Z`]);
    const [num] = await q<{ phone_number: string }>(`select phone_number from phone_numbers where account_id = $1`, [a.id]);
    // A text received at 23:59:59 on last month's last day, its transaction still open when last month's statement is first viewed.
    const late = { ...env.ctx, now: () => new Date(`${lastDayOf(lastMonth)}T23:59:59Z`) };
    let view: Promise<{ json(): { status: string } }> | null = null;
    await withTx(env.ctx.db, async (tx) => {
      await meterReceived(late, tx, a.id, { from: '+16465550198', to: num.phone_number, segments: 1, mms: false });
      view = a.client.get(`/v1/billing/statements/${lastMonth}`);
      await issuedOrWaiting(env, view!);
    });
    expect((await view!).json().status).toBe('issued');
    expect(await n(`select coalesce(sum(quantity), 0) n from usage_counters where account_id = $1 and unit = 'inbound_sms'`, [a.id])).toBe(1);
    const [onLast, onCurrent] = await onStatements(a, [lastMonth, month], 'inbound_sms');
    expect(onLast + onCurrent).toBe(1);
  }, 60_000);

  it('a number bought on a month\'s last day after its run and released before the next is metered for that month once, even when the run of the 1st is missed', async () => {
    const env = use();
    const a = await business(env);
    const b = await business(env);
    const month = monthsAgo(env, 0);
    const lastMonth = monthsAgo(env, 1);
    const lastDay = lastDayOf(lastMonth);
    for (const s of [a, b]) {
      await q(`update accounts set created_at = $2 where id = $1`, [s.id, `${lastDay}T00:05:00Z`]);
      // Bought at 23:30 on the last day (that day's 00:11 run had passed), released at 23:50.
      await q(`update phone_numbers set created_at = $2, released_at = $3 where account_id = $1`, [s.id, `${lastDay}T23:30:00Z`, `${lastDay}T23:50:00Z`]);
    }
    // a: the run of the 1st happens. b's was missed (worker down at 00:11 on the 1st): the run of the 2nd is the next.
    await at(env, `${month}-01T00:11:00Z`, () => meterNumberMonths(env.ctx));
    const monthsOf = async (id: string) => (await q<{ month: string }>(`select month from number_months where account_id = $1 order by month`, [id])).map((r) => r.month);
    expect(await monthsOf(a.id)).toEqual([lastMonth]);
    await q(`delete from number_months where account_id = $1`, [b.id]);
    await q(`delete from usage_counters where account_id = $1`, [b.id]);
    await at(env, `${month}-02T00:11:00Z`, () => meterNumberMonths(env.ctx));
    await at(env, `${month}-03T00:11:00Z`, () => meterNumberMonths(env.ctx));
    expect(await monthsOf(a.id)).toEqual([lastMonth]);
    expect(await monthsOf(b.id)).toEqual([lastMonth]);
    // Each number-month is on exactly one statement.
    expect(await onStatements(a, [lastMonth, month], 'number_month')).toEqual([1, 0]);
    expect(await onStatements(b, [lastMonth, month], 'number_month')).toEqual([1, 0]);
  }, 60_000);

  it('after the job missed months, each month a number was held since it was last metered is metered once; a number never metered is not charged for its past', async () => {
    const env = use();
    const a = await business(env);
    const b = await business(env);
    const month = monthsAgo(env, 0);
    const old = monthsAgo(env, 4);
    for (const s of [a, b]) {
      await q(`update accounts set created_at = $2 where id = $1`, [s.id, `${monthsAgo(env, 6)}-10T10:00:00Z`]);
      await q(`update phone_numbers set created_at = $2 where account_id = $1`, [s.id, `${monthsAgo(env, 6)}-10T11:00:00Z`]);
    }
    // a's number was metered four months ago (the job ran then, for that month and the one before); b's never was (held since before billing, say).
    await at(env, `${old}-02T00:11:00Z`, () => meterNumberMonths(env.ctx));
    await q(`delete from number_months where account_id = $1`, [b.id]);
    await q(`delete from usage_counters where account_id = $1`, [b.id]);
    // The job is down for three months; it runs again on the 2nd of this month.
    await at(env, `${month}-02T00:11:00Z`, () => meterNumberMonths(env.ctx));
    const monthsOf = async (id: string) => (await q<{ month: string }>(`select month from number_months where account_id = $1 order by month`, [id])).map((r) => r.month);
    const since = [5, 4, 3, 2, 1, 0].map((k) => monthsAgo(env, k));
    expect(await monthsOf(a.id)).toEqual(since);
    expect(await monthsOf(b.id)).toEqual([monthsAgo(env, 1), month]);
    // Again: nothing twice.
    await at(env, `${month}-03T00:11:00Z`, () => meterNumberMonths(env.ctx));
    expect(await monthsOf(a.id)).toEqual(since);
    expect(await n(`select coalesce(sum(quantity), 0) n from usage_counters where account_id = $1 and unit = 'number_month'`, [a.id])).toBe(6);
  }, 60_000);

  it('a number bought while the job was down for longer than a month is metered for every month it was held, once', async () => {
    const env = use();
    const a = await business(env);
    const c = await business(env);
    const d = await business(env);
    const month = monthsAgo(env, 0);
    const old = monthsAgo(env, 4);
    await q(`update accounts set created_at = $2 where id = $1`, [a.id, `${monthsAgo(env, 6)}-10T10:00:00Z`]);
    await q(`update phone_numbers set created_at = $2 where account_id = $1`, [a.id, `${monthsAgo(env, 6)}-10T11:00:00Z`]);
    for (const s of [c, d]) await q(`update accounts set created_at = $2 where id = $1`, [s.id, `${monthsAgo(env, 3)}-10T10:00:00Z`]);
    // The job ran four months ago (a's number metered then); then it was down for three months, during which
    // c bought a number it still holds and d bought one and released it before the job ran again.
    await at(env, `${old}-02T00:11:00Z`, () => meterNumberMonths(env.ctx));
    await q(`update phone_numbers set created_at = $2 where account_id = $1`, [c.id, `${monthsAgo(env, 3)}-10T11:00:00Z`]);
    await q(`update phone_numbers set created_at = $2, released_at = $3 where account_id = $1`, [d.id, `${monthsAgo(env, 3)}-10T11:00:00Z`, `${monthsAgo(env, 2)}-20T11:00:00Z`]);
    await at(env, `${month}-02T00:11:00Z`, () => meterNumberMonths(env.ctx));
    const monthsOf = async (id: string) => (await q<{ month: string }>(`select month from number_months where account_id = $1 order by month`, [id])).map((r) => r.month);
    expect(await monthsOf(c.id)).toEqual([3, 2, 1, 0].map((k) => monthsAgo(env, k)));
    expect(await monthsOf(d.id)).toEqual([3, 2].map((k) => monthsAgo(env, k)));
    expect(await monthsOf(a.id)).toEqual([5, 4, 3, 2, 1, 0].map((k) => monthsAgo(env, k)));
    // Again: nothing twice; each number-month on exactly one statement.
    await at(env, `${month}-03T00:11:00Z`, () => meterNumberMonths(env.ctx));
    expect(await n(`select coalesce(sum(quantity), 0) n from usage_counters where account_id = $1 and unit = 'number_month'`, [c.id])).toBe(4);
    expect(await onStatements(c, [3, 2, 1, 0].map((k) => monthsAgo(env, k)), 'number_month')).toEqual([1, 1, 1, 1]);
    expect(await onStatements(d, [3, 2, 1, 0].map((k) => monthsAgo(env, k)), 'number_month')).toEqual([1, 1, 0, 0]);
  }, 60_000);

  /**
   * The context at 00:20 on the 1st of next month: this month is closed. Ledger entries are stamped by the database's
   * clock, so an entry recorded now has a time in this month — as one whose transaction began before midnight has.
   * (The services are called directly: a session would have expired a month on.)
   */
  const closing = (env: TestEnv) => ({ ...env.ctx, now: () => new Date(`${monthsAgo(env, -1)}-01T00:20:00Z`) });
  /** The top-ups on the account's statements of `months` (as shown, at `ctx`'s time), with each one's balances. */
  async function ledgerOn(ctx: TestEnv['ctx'], s: { id: string }, months: string[]) {
    const out: Array<{ refs: Array<string | null>; opening: number; paid: number; closing: number }> = [];
    for (const m of months) {
      const st = await statementOf(ctx, ctx.db, s.id, m);
      out.push({ refs: st.payments.map((p) => p.reference), opening: st.openingBalanceMicros, paid: st.paymentsTotalMicros, closing: st.closingBalanceMicros });
    }
    return out;
  }
  let op: TestOperator | undefined;

  it('a top-up recorded with a time in a month whose statement was issued is on the next statement, and the balance carried agrees', async () => {
    const env = use();
    op ??= await makeOperator(env);
    const a = await business(env);
    const month = monthsAgo(env, 0);
    const next = monthsAgo(env, -1);
    const later = closing(env);
    const topUp = async (amount: string, reference: string) =>
      expect((await op!.client.post(`/v1/operator/accounts/${a.accountId}/top-ups`, { amount, provider: 'manual', reference })).statusCode).toBe(201);
    await topUp('1.00', 'wire-m1');
    const issued = await statementOf(later, later.db, a.id, month);
    expect([issued.status, issued.closingBalanceMicros]).toEqual(['issued', 1_000_000]);
    // Recorded after the month's statement was issued, at a time in that month.
    await topUp('2.00', 'wire-m2');
    expect(await statementOf(later, later.db, a.id, month)).toEqual(issued);
    expect(await ledgerOn(later, a, [month, next])).toEqual([
      { refs: ['wire-m1'], opening: 0, paid: 1_000_000, closing: 1_000_000 },
      { refs: ['wire-m2'], opening: 1_000_000, paid: 2_000_000, closing: 3_000_000 },
    ]);
  }, 60_000);

  // pg queues a second query on a connection that is still running one, and warns (pg@9 refuses it): the
  // issuing transaction's five reads were started at once with Promise.all. A preview read them on five
  // pooled connections, each at its own moment (a payment could be in the closing balance and not in the list).
  it('issuing a statement and previewing one read one after another on one connection (no overlapping queries on a client)', async () => {
    const env = use();
    op ??= await makeOperator(env);
    const a = await business(env);
    expect((await op.client.post(`/v1/operator/accounts/${a.accountId}/top-ups`, { amount: '1.00', provider: 'manual', reference: 'seq-1' })).statusCode).toBe(201);
    const warnings: string[] = [];
    const onWarning = (w: Error) => void warnings.push(w.message);
    process.on('warning', onWarning);
    const pg = (await import('pg')).default;
    const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const original = proto.query;
    const busy = new WeakMap<object, number>();
    let overlapped = 0;
    // Counts queries started on a client that has one still running (what makes pg warn once per process).
    proto.query = function (this: object, ...args: unknown[]) {
      const running = busy.get(this) ?? 0;
      if (running > 0) overlapped++;
      busy.set(this, running + 1);
      const r = original.apply(this, args);
      const done = () => busy.set(this, (busy.get(this) ?? 1) - 1);
      if (r && typeof (r as Promise<unknown>).then === 'function') (r as Promise<unknown>).then(done, done);
      else done();
      return r;
    };
    try {
      const issued = await statementOf(closing(env), closing(env).db, a.id, monthsAgo(env, 0));
      expect(issued.status).toBe('issued');
      const preview = await statementOf(env.ctx, env.ctx.db, a.id, monthsAgo(env, 0));
      expect(preview.status).toBe('preview');
    } finally {
      proto.query = original;
      process.off('warning', onWarning);
    }
    expect(warnings.filter((m) => m.includes('already executing'))).toEqual([]);
    if (env.kind === 'postgres') expect(overlapped).toBe(0);
  }, 60_000);

  it('a top-up in a transaction open while its month\'s statement is being issued is on exactly one statement, the balances agreeing', async () => {
    const env = use();
    const a = await business(env);
    const month = monthsAgo(env, 0);
    const next = monthsAgo(env, -1);
    const later = closing(env);
    // The top-up's ledger write (credits.service topUp) in a transaction still open when the month's statement is first viewed.
    let view: ReturnType<typeof statementOf> | null = null;
    await withTx(env.ctx.db, async (tx) => {
      expect(await applyEntry(tx, { id: newUuid(), accountId: a.id, kind: 'topup', amountMicros: 2_000_000, currency: 'USD', provider: 'manual', providerRef: 'wire-open' })).not.toBeNull();
      view = statementOf(later, later.db, a.id, month);
      await issuedOrWaiting(env, view!);
    });
    expect((await view!).status).toBe('issued');
    const [onMonth, onNext] = await ledgerOn(later, a, [month, next]);
    expect([...onMonth.refs, ...onNext.refs]).toEqual(['wire-open']);
    expect(onNext.opening).toBe(onMonth.closing);
    for (const s of [onMonth, onNext]) expect(s.closing).toBe(s.opening + s.paid);
  }, 60_000);

  it('a top-up whose transaction began before another entry was written carries both: its time follows its balance, the statement\'s closing balance is the balance', async () => {
    const env = use();
    const a = await business(env);
    const entry = (tx: Tx, amountMicros: number, ref: string) => applyEntry(tx, { id: newUuid(), accountId: a.id, kind: 'topup', amountMicros, currency: 'USD', provider: 'manual', providerRef: ref });
    await withTx(env.ctx.db, async (tx) => {
      await tx.execute(sql`select 1`);
      // Another top-up begins and commits after this transaction began (another connection: PostgreSQL; PGlite's one
      // connection cannot interleave two transactions, so there it comes after).
      if (env.kind === 'postgres') await withTx(env.ctx.db, (other) => entry(other, 1_000_000, 'wire-first'));
      await entry(tx, 2_000_000, 'wire-second');
    });
    if (env.kind !== 'postgres') await withTx(env.ctx.db, (tx) => entry(tx, 1_000_000, 'wire-first'));
    // In time order, the last entry carries the balance (both top-ups).
    const entries = await q<{ after: unknown }>(`select balance_after_micros after from credit_entries where account_id = $1 order by created_at, id`, [a.id]);
    expect(entries.map((e) => Number(e.after))).toEqual(env.kind === 'postgres' ? [1_000_000, 3_000_000] : [2_000_000, 3_000_000]);
    const [st] = await ledgerOn(env.ctx, a, [monthsAgo(env, 0)]);
    expect(st).toMatchObject({ opening: 0, paid: 3_000_000, closing: 3_000_000 });
    expect(st.refs).toHaveLength(2);
  }, 60_000);

  it('lists every month since the account opened when months in between have no usage', async () => {
    const env = use();
    const a = await business(env);
    await q(`update phone_numbers set released_at = now() where account_id = $1`, [a.id]);
    await q(`update accounts set created_at = $2 where id = $1`, [a.id, `${monthsAgo(env, 4)}-10T10:00:00Z`]);
    for (const k of [4, 1]) {
      await addUsage(env.ctx.db, a.id, `${monthsAgo(env, k)}-15`, 'long_code', 'outbound', [{ country: 'US', unit: 'sms', quantity: 1, priceMicros: 8_300, amountMicros: 8_300 }], 'USD');
    }
    const list = (await a.client.get('/v1/billing/statements')).json().data;
    expect(list.map((s: { month: string }) => s.month)).toEqual([0, 1, 2, 3, 4].map((k) => monthsAgo(env, k)));
    expect(await onStatements(a, [4, 3, 2, 1].map((k) => monthsAgo(env, k)), 'sms')).toEqual([1, 0, 0, 1]);
    // An account open for years lists its first months too (its first statement does not drop off the list after two years).
    await q(`update accounts set created_at = $2 where id = $1`, [a.id, `${monthsAgo(env, 30)}-10T10:00:00Z`]);
    await addUsage(env.ctx.db, a.id, `${monthsAgo(env, 30)}-15`, 'long_code', 'outbound', [{ country: 'US', unit: 'sms', quantity: 1, priceMicros: 8_300, amountMicros: 8_300 }], 'USD');
    const long = (await a.client.get('/v1/billing/statements')).json().data;
    expect(long.map((s: { month: string }) => s.month)).toEqual(Array.from({ length: 31 }, (_, k) => monthsAgo(env, k)));
    expect(await onStatements(a, [monthsAgo(env, 30)], 'sms')).toEqual([1]);
  }, 60_000);
}, {}, { simulator: true });
