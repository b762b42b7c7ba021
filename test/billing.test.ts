import { inflateSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { addUsage } from '../src/modules/billing/billing.repo.js';
import { issueClosedStatements } from '../src/modules/billing/billing.service.js';
import { meterNumberMonths, meterSent } from '../src/modules/billing/metering.service.js';
import { withTx } from '../src/db/tx.js';
import { sql } from 'drizzle-orm';
import { dispatchOnce } from '../src/modules/messaging/dispatcher.js';
import { receiveInbound } from '../src/modules/messaging/inbound.service.js';
import { activeHolds } from '../src/modules/trust-safety/holds.service.js';
import { describeEachDb, settle, type TestEnv } from './harness.js';
import { Client, emailsTo, lastEmailTo, signUp, STRONG_PASSWORD, TEST_OPERATOR_TOKEN, tokenFrom, type SignedUp } from './factories.js';
import { makeOperator, type TestOperator } from './operator-fixtures.js';

/**
 * Usage and billing (issue 13): metering written with the status change that makes a text
 * billable (exact, once), the price book and per-account overrides, prepaid credits (held at
 * zero, released by a top-up, each message sent once), statements, isolation.
 */
describeEachDb('billing', (use) => {
  const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await use().ctx.database.query<T>(sql, params)).rows;
  const n = async (sql: string, params: unknown[] = []) => Number((await q<{ n: unknown }>(sql, params))[0]?.n ?? 0);
  let op: TestOperator;
  let seq = 0;
  const to = () => `+1 646 555 ${String(1000 + (seq++ % 9000)).slice(-4)}`;

  async function business(env: TestEnv): Promise<SignedUp & { id: string }> {
    const s = await signUp(env.app);
    expect((await s.client.post('/v1/numbers', { provider: 'simulator', mps: 1000 })).statusCode).toBe(201);
    return { ...s, id: fromPublicId('account', s.accountId)! };
  }
  const send = async (s: SignedUp, body: string) => expect((await s.client.post('/v1/messages', { to: to(), body })).statusCode).toBe(201);
  /** What the carrier's ledger received of an account's messages, by our ids. */
  const atCarrier = async (env: TestEnv, accountId: string) => {
    const ids = new Set((await q<{ id: string }>(`select id::text id from messages where account_id = $1 and direction = 'outbound'`, [accountId])).map((r) => r.id));
    return (await env.sim.ledger()).messages.filter((l) => l.reference && ids.has(l.reference));
  };

  it('meters every sent segment and every received text once, in the transaction of the status change', async () => {
    const env = use();
    op ??= await makeOperator(env);
    const a = await business(env);
    const b = await business(env);
    await send(a, 'Hello');
    await send(a, 'x'.repeat(200)); // two GSM-7 segments
    await send(a, 'Grüße 👋'.repeat(12)); // UCS-2, several segments
    await send(b, 'Other account');
    await settle(env);
    await settle(env); // a second pass finds nothing to meter again
    const sentSegments = await n(`select coalesce(sum(segments), 0) n from messages where account_id = $1 and direction = 'outbound' and sent_at is not null`, [a.id]);
    expect(sentSegments).toBeGreaterThanOrEqual(5);
    const metered = await n(`select coalesce(sum(quantity), 0) n from usage_counters where account_id = $1 and unit = 'sms'`, [a.id]);
    expect(metered).toBe(sentSegments);
    // The carrier received exactly those messages.
    expect((await atCarrier(env, a.id)).length).toBe(3);
    // One counter row per (day, country, sender type, direction, unit): the batch was aggregated.
    expect(await n(`select count(*) n from usage_counters where account_id = $1`, [a.id])).toBe(1);
    expect(await n(`select amount_micros n from usage_counters where account_id = $1`, [a.id])).toBe(sentSegments * 8_300);

    // Inbound: metered with its insert; a carrier's duplicate delivery changes nothing.
    const [num] = await q<{ phone_number: string }>(`select phone_number from phone_numbers where account_id = $1`, [a.id]);
    const sms = { from: '+16465550199', to: num.phone_number, body: 'Thanks!', providerMessageId: `SMdup${Date.now()}` };
    await receiveInbound(env.ctx, sms, 'simulator');
    await receiveInbound(env.ctx, sms, 'simulator').catch(() => undefined);
    expect(await n(`select coalesce(sum(quantity), 0) n from usage_counters where account_id = $1 and unit = 'inbound_sms'`, [a.id])).toBe(1);

    // The business reads its usage; the other account sees only its own.
    const usage = (await a.client.get('/v1/billing/usage')).json();
    expect(usage.totals).toMatchObject({ sms: sentSegments, inboundSms: 1 });
    expect(usage.byCountry.find((l: { unit: string }) => l.unit === 'sms')).toMatchObject({ country: 'US', senderType: 'long_code', quantity: sentSegments });
    const other = (await b.client.get('/v1/billing/usage')).json();
    expect(other.totals).toMatchObject({ sms: 1, inboundSms: 0 });

    // Number-months: each number once per month, however often the job runs.
    await meterNumberMonths(env.ctx);
    await meterNumberMonths(env.ctx);
    expect(await n(`select coalesce(sum(quantity), 0) n from usage_counters where account_id = $1 and unit = 'number_month'`, [a.id])).toBe(1);

    // Statements: JSON, CSV and PDF of this month; the other account's has none of these lines.
    const month = env.ctx.now().toISOString().slice(0, 7);
    const st = (await a.client.get(`/v1/billing/statements/${month}`)).json();
    expect(st.lines.map((l: { unit: string }) => l.unit)).toEqual(['sms', 'inbound_sms', 'number_month']);
    expect(st.usageTotalMicros).toBe(st.lines.reduce((s: number, l: { amountMicros: number }) => s + l.amountMicros, 0));
    const csv = await a.client.get(`/v1/billing/statements/${month}/csv`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toContain(`usage,SMS segments sent,US,long_code,${sentSegments},0.008300,`);
    const pdf = await a.client.get(`/v1/billing/statements/${month}/pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const bst = (await b.client.get(`/v1/billing/statements/${month}`)).json();
    expect(bst.lines.find((l: { unit: string }) => l.unit === 'sms').quantity).toBe(1);
    expect((await a.client.get('/v1/billing/statements/2026-13')).statusCode).toBe(422);
    expect((await a.client.get('/v1/billing/statements')).json().data[0]).toEqual({ month, final: false, number: null });
  }, 120_000);

  it('prices by the price book and per-account overrides; only operators change them (audited)', async () => {
    const env = use();
    op ??= await makeOperator(env);
    const a = await business(env);
    const b = await business(env);
    // Account users cannot reach operator billing routes.
    expect((await a.client.get('/v1/operator/price-book')).statusCode).toBe(401);
    expect((await a.client.post(`/v1/operator/accounts/${a.accountId}/top-ups`, { amount: '100', reference: 'self' })).statusCode).toBe(401);
    expect((await a.client.request('PUT', '/v1/operator/price-book', { country: 'US', senderType: '*', unit: 'sms', price: '0' })).statusCode).toBe(401);

    expect((await op.client.request('PUT', '/v1/operator/price-book', { country: 'US', senderType: '*', unit: 'sms', price: '0.01' })).statusCode).toBe(200);
    expect((await op.client.request('PUT', `/v1/operator/accounts/${a.accountId}/prices`, { country: '*', senderType: '*', unit: 'sms', price: '0.005' })).statusCode).toBe(200);
    // Bad input: 4xx with the field.
    const bad = await op.client.request('PUT', '/v1/operator/price-book', { country: 'USA', senderType: '*', unit: 'sms', price: '0.01' });
    expect(bad.statusCode).toBe(422);
    expect((await op.client.request('PUT', '/v1/operator/price-book', { country: 'US', senderType: '*', unit: 'sms', price: '0.01', currency: 'EUR' })).statusCode).toBe(422);
    expect((await op.client.request('PUT', '/v1/operator/accounts/acct_nope/prices', { country: 'US', senderType: '*', unit: 'sms', price: '1' })).statusCode).toBe(404);

    await send(a, 'Priced by override');
    await send(b, 'Priced by the book');
    await settle(env);
    expect(await n(`select amount_micros n from usage_counters where account_id = $1 and unit = 'sms'`, [a.id])).toBe(5_000);
    expect(await n(`select amount_micros n from usage_counters where account_id = $1 and unit = 'sms'`, [b.id])).toBe(10_000);
    // Removing the book entry: the list price again (for new usage).
    expect((await op.client.delete('/v1/operator/price-book?country=US&senderType=*&unit=sms')).statusCode).toBe(200);
    expect((await op.client.get('/v1/operator/price-book')).json().entries.find((e: { country: string; unit: string }) => e.country === 'US' && e.unit === 'sms')).toBeUndefined();
    const audit = await q<{ action: string }>(`select action from platform_audit_events where action like 'billing.%' order by seq`);
    expect(audit.map((r) => r.action)).toEqual(expect.arrayContaining(['billing.price_set', 'billing.override_set', 'billing.price_removed']));
  }, 120_000);

  it('prepaid: exhausted credits hold sending (the carrier receives nothing), a top-up sends each held message once', async () => {
    const env = use();
    op ??= await makeOperator(env);
    const a = await business(env);
    const b = await business(env);
    // Switched to prepaid with no balance: held at once.
    const set = await op.client.patch(`/v1/operator/accounts/${a.accountId}/billing`, { prepaid: true, lowBalance: '0.02' });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ prepaid: true, held: true, balanceMicros: 0 });
    expect((await activeHolds(env.ctx.db, a.id)).map((h) => h.kind)).toEqual(['credits']);
    await send(a, 'Held 1');
    await send(a, 'Held 2');
    await send(b, 'Not prepaid');
    await settle(env);
    expect(await atCarrier(env, a.id)).toHaveLength(0);
    expect(await atCarrier(env, b.id)).toHaveLength(1);
    expect(await n(`select count(*) n from messages where account_id = $1 and status = 'queued'`, [a.id])).toBe(2);

    // A top-up (manual provider) lifts the hold: both go, once. Enough for one text: the batch in flight overdraws, then it holds again.
    const top = await op.client.post(`/v1/operator/accounts/${a.accountId}/top-ups`, { amount: '0.05', provider: 'manual', reference: 'wire-001' });
    expect(top.statusCode).toBe(201);
    expect(top.json()).toMatchObject({ balanceMicros: 50_000, held: false });
    expect((await op.client.post(`/v1/operator/accounts/${a.accountId}/top-ups`, { amount: '0.05', provider: 'manual', reference: 'wire-001' })).statusCode).toBe(409);
    expect((await op.client.post(`/v1/operator/accounts/${a.accountId}/top-ups`, { amount: '1', provider: 'stripe', reference: 'ch_1' })).json().error.code).toBe('unknown_provider');
    await settle(env);
    let carrier = await atCarrier(env, a.id);
    expect(carrier).toHaveLength(2);
    // 2 × 8,300 debited with the metering; 33,400 left, above zero: not held.
    expect((await a.client.get('/v1/billing')).json()).toMatchObject({ balanceMicros: 50_000 - 16_600, held: false });
    for (let i = 0; i < 5; i++) await send(a, `More ${i}`);
    await settle(env);
    // 5 × 8,300 = 41,500 > 33,400: the batch went (overdraw of the batch in flight), now held.
    expect((await a.client.get('/v1/billing')).json()).toMatchObject({ balanceMicros: 33_400 - 41_500, held: true });
    expect((await activeHolds(env.ctx.db, a.id)).map((h) => h.kind)).toEqual(['credits']);
    await send(a, 'Waits for credits');
    await settle(env);
    expect(await atCarrier(env, a.id)).toHaveLength(7);
    // Low balance: the owner was told once (below 0.02), not at every debit.
    expect((await emailsTo(env.app, a.email, TEST_OPERATOR_TOKEN)).filter((m) => /balance is low/.test(m.subject))).toHaveLength(1);

    await op.client.post(`/v1/operator/accounts/${a.accountId}/top-ups`, { amount: '1.00', reference: 'wire-002' });
    await settle(env);
    carrier = await atCarrier(env, a.id);
    expect(carrier).toHaveLength(8);
    expect(new Set(carrier.map((l) => l.reference)).size).toBe(8);
    expect(carrier.every((l) => l.submissions === 1)).toBe(true);
    expect(await n(`select count(*) n from messages where account_id = $1 and status not in ('sent', 'delivered')`, [a.id])).toBe(0);
    // The ledger: two top-ups and the usage debits, balance = their sum.
    const entries = await q<{ kind: string; amount_micros: unknown }>(`select kind, amount_micros from credit_entries where account_id = $1`, [a.id]);
    expect(entries.filter((e) => e.kind === 'topup')).toHaveLength(2);
    expect((await a.client.get('/v1/billing')).json().balanceMicros).toBe(entries.reduce((s, e) => s + Number(e.amount_micros), 0));
    // The statement lists the payments; the operator console shows the billing section.
    const st = (await a.client.get(`/v1/billing/statements/${env.ctx.now().toISOString().slice(0, 7)}`)).json();
    expect(st.payments.map((p: { reference: string }) => p.reference)).toEqual(['wire-001', 'wire-002']);
    expect((await op.client.get(`/v1/operator/accounts/${a.accountId}`)).json().sections.billing).toMatchObject({ prepaid: true, held: false });
    // A business never reads another's billing, and an agent not at all.
    expect((await b.client.get('/v1/billing')).json()).toMatchObject({ balanceMicros: 0, prepaid: false });
  }, 180_000);

  it('a payment recorded several times at once (a replayed call) is credited once; every other answer is 409 duplicate_payment', async () => {
    const env = use();
    op ??= await makeOperator(env);
    const a = await business(env);
    const answers = await Promise.all(Array.from({ length: 6 }, () =>
      op.client.post(`/v1/operator/accounts/${a.accountId}/top-ups`, { amount: '10.00', provider: 'manual', reference: 'wire-race' })));
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(answers.filter((r) => r.statusCode === 409).every((r) => r.json().error.code === 'duplicate_payment')).toBe(true);
    expect(await n(`select count(*) n from credit_entries where account_id = $1`, [a.id])).toBe(1);
    expect((await a.client.get('/v1/billing')).json().balanceMicros).toBe(10_000_000);
  }, 60_000);

  it('two batches of one account metered at once, their countries in opposite orders, both commit (no deadlock)', async () => {
    const env = use();
    // PostgreSQL: PGlite runs one transaction at a time.
    if (env.kind !== 'postgres') return;
    const a = await business(env);
    const [{ phone_number: from }] = await q<{ phone_number: string }>(`select phone_number from phone_numbers where account_id = $1`, [a.id]);
    const us = { to: '+16465550100', segments: 1, mms: false };
    const gb = { to: '+447700900100', segments: 1, mms: false };
    // Today's US and GB counters exist (as after the day's first batches).
    await withTx(env.ctx.db, (tx) => meterSent(env.ctx, tx, a.id, from, [us, gb]));
    const waiting = async (k: number) => expect.poll(async () => n(
      `select count(*) n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`), { timeout: 20_000 }).toBeGreaterThanOrEqual(k);
    // Another writer holds the US counter for a moment; batch 1 (US first) waits for it, then batch 2 (GB first) comes.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let held!: () => void;
    const isHeld = new Promise<void>((r) => (held = r));
    const holder = withTx(env.ctx.db, async (tx) => {
      await tx.execute(sql`select 1 from usage_counters where account_id = ${a.id} and country = 'US' for update`);
      held();
      await gate;
    });
    await isHeld;
    const first = withTx(env.ctx.db, (tx) => meterSent(env.ctx, tx, a.id, from, [us, gb]));
    await waiting(1);
    const second = withTx(env.ctx.db, (tx) => meterSent(env.ctx, tx, a.id, from, [gb, us]));
    await waiting(2);
    release();
    await holder;
    const outcomes = await Promise.allSettled([first, second]);
    expect(outcomes.map((o) => (o.status === 'rejected' ? String((o.reason as { cause?: { message?: string } }).cause?.message ?? o.reason) : 'committed'))).toEqual(['committed', 'committed']);
    const byCountry = await q<{ country: string; quantity: unknown }>(`select country, quantity from usage_counters where account_id = $1 and unit = 'sms' order by country`, [a.id]);
    expect(byCountry.map((r) => [r.country, Number(r.quantity)])).toEqual([['GB', 3], ['US', 3]]);
  }, 60_000);

  it('only owners and admins read billing, and an API key only with account:read; nobody but operators changes it', async () => {
    const env = use();
    const a = await business(env);
    const member = async (role: string) => {
      const email = `bill-${role}-${seq++}-${Math.random().toString(36).slice(2)}@example.com`;
      expect((await a.client.post('/v1/invitations', { email, role })).statusCode).toBe(201);
      const token = tokenFrom((await lastEmailTo(env.app, email, env.config.operatorToken)).text);
      const c = new Client(env.app);
      expect((await c.post('/v1/invitations/accept', { token, name: role, phone: '+14155550111', password: STRONG_PASSWORD })).statusCode).toBe(201);
      return c;
    };
    const key = async (scopes?: string[]) => new Client(env.app, (await a.client.post('/v1/api-keys', { name: `k${seq++}`, ...(scopes ? { scopes } : {}) })).json().key);
    const month = env.ctx.now().toISOString().slice(0, 7);
    const reads = ['/v1/billing', '/v1/billing/usage', '/v1/billing/statements', `/v1/billing/statements/${month}`, `/v1/billing/statements/${month}/csv`, `/v1/billing/statements/${month}/pdf`];
    const codes = async (c: Client) => Promise.all(reads.map(async (u) => (await c.get(u)).statusCode));
    expect(await codes(await member('agent'))).toEqual(reads.map(() => 403));
    expect(await codes(await member('viewer'))).toEqual(reads.map(() => 403));
    expect(await codes(await key(['messages:read', 'messages:write']))).toEqual(reads.map(() => 403));
    expect(await codes(await key(['account:read']))).toEqual(reads.map(() => 200));
    expect(await codes(await member('admin'))).toEqual(reads.map(() => 200));
    // Top-ups, prices and the prepaid switch are operator routes: an owner's key or session reaches none of them.
    const owner = await key();
    for (const c of [a.client, owner]) {
      expect((await c.post(`/v1/operator/accounts/${a.accountId}/top-ups`, { amount: '5', reference: 'self' })).statusCode).toBe(401);
      expect((await c.patch(`/v1/operator/accounts/${a.accountId}/billing`, { prepaid: false })).statusCode).toBe(401);
      expect((await c.request('PUT', `/v1/operator/accounts/${a.accountId}/prices`, { country: '*', senderType: '*', unit: 'sms', price: '0' })).statusCode).toBe(401);
      expect((await c.get(`/v1/operator/accounts/${a.accountId}/billing`)).statusCode).toBe(401);
    }
    expect(await n(`select count(*) n from credit_entries where account_id = $1`, [a.id])).toBe(0);
  }, 60_000);

  it('only an admin operator changes what an account pays (top-ups, prices, the prepaid switch): trust_safety and support get 403 and nothing changes', async () => {
    const env = use();
    op ??= await makeOperator(env);
    const a = await business(env);
    const price = { country: 'GB', senderType: 'toll_free', unit: 'mms', price: '0.5' };
    const key = 'country=GB&senderType=toll_free&unit=mms';
    // An override and a book entry to remove, set by the admin.
    expect((await op.client.request('PUT', `/v1/operator/accounts/${a.accountId}/prices`, price)).statusCode).toBe(200);
    expect((await op.client.request('PUT', '/v1/operator/price-book', price)).statusCode).toBe(200);
    const state = async () => ({
      book: await q(`select country, sender_type, unit, price_micros::text p from price_book order by 1, 2, 3`),
      overrides: await q(`select country, sender_type, unit, price_micros::text p from price_overrides where account_id = $1 order by 1, 2, 3`, [a.id]),
      billing: await q(`select prepaid, balance_micros::text b, low_balance_micros::text l from billing_accounts where account_id = $1`, [a.id]),
      entries: await n(`select count(*) n from credit_entries where account_id = $1`, [a.id]),
      audit: await n(`select count(*) n from platform_audit_events where action like 'billing.%'`),
    });
    const before = await state();
    const changes = async (c: TestOperator['client']) => [
      await c.post(`/v1/operator/accounts/${a.accountId}/top-ups`, { amount: '5', provider: 'manual', reference: `not-yours-${seq++}` }),
      await c.patch(`/v1/operator/accounts/${a.accountId}/billing`, { prepaid: true }),
      await c.patch(`/v1/operator/accounts/${a.accountId}/billing`, { lowBalance: '9' }),
      await c.request('PUT', `/v1/operator/accounts/${a.accountId}/prices`, { ...price, price: '0' }),
      await c.delete(`/v1/operator/accounts/${a.accountId}/prices?${key}`),
      await c.request('PUT', '/v1/operator/price-book', { ...price, price: '0' }),
      await c.delete(`/v1/operator/price-book?${key}`),
    ];
    for (const role of ['trust_safety', 'support'] as const) {
      const other = await makeOperator(env, { role });
      const answers = await changes(other.client);
      expect(answers.map((r) => r.statusCode)).toEqual(answers.map(() => 403));
      expect(answers.every((r) => r.json().error.details?.requiredOperatorRole === 'admin')).toBe(true);
      // Reading stays open to every operator.
      expect((await other.client.get('/v1/operator/price-book')).statusCode).toBe(200);
      expect((await other.client.get(`/v1/operator/accounts/${a.accountId}/billing`)).statusCode).toBe(200);
      expect((await other.client.get(`/v1/operator/accounts/${a.accountId}/prices`)).statusCode).toBe(200);
    }
    expect(await state()).toEqual(before);
    // The admin still does all of it.
    expect((await changes(op.client)).map((r) => r.statusCode)).toEqual([201, 200, 200, 200, 200, 200, 200]);
    expect((await a.client.get('/v1/billing')).json()).toMatchObject({ balanceMicros: 5_000_000, prepaid: true });
  }, 120_000);

  it('a top-up needs a payment reference: without one it is refused (422) and credits nothing, so a replayed call never credits twice', async () => {
    const env = use();
    op ??= await makeOperator(env);
    const a = await business(env);
    for (const body of [{ amount: '5' }, { amount: '5', provider: 'manual' }, { amount: '5', reference: '' }, { amount: '5', reference: '   ' }]) {
      const first = await op.client.post(`/v1/operator/accounts/${a.accountId}/top-ups`, body);
      const replay = await op.client.post(`/v1/operator/accounts/${a.accountId}/top-ups`, body);
      for (const r of [first, replay]) {
        expect(r.statusCode).toBe(422);
        expect(r.json().error).toMatchObject({ code: 'validation_failed', message: expect.stringContaining('needs the payment\'s reference'), details: { field: 'reference' } });
      }
    }
    expect(await n(`select count(*) n from credit_entries where account_id = $1`, [a.id])).toBe(0);
    expect((await a.client.get('/v1/billing')).json().balanceMicros).toBe(0);
    // With one, the replay is the same payment: credited once, the replay answered 409.
    const body = { amount: '5', reference: 'wire-replayed' };
    const answers = [await op.client.post(`/v1/operator/accounts/${a.accountId}/top-ups`, body), await op.client.post(`/v1/operator/accounts/${a.accountId}/top-ups`, body)];
    expect(answers.map((r) => r.statusCode)).toEqual([201, 409]);
    expect((await a.client.get('/v1/billing')).json().balanceMicros).toBe(5_000_000);
  }, 60_000);

  it('the PDF statement shows unit prices and amounts exactly (a price with 5 or 6 decimals is not rounded)', async () => {
    const env = use();
    const a = await business(env);
    const today = env.ctx.now().toISOString().slice(0, 10);
    await addUsage(env.ctx.db, a.id, today, 'long_code', 'outbound', [{ country: 'US', unit: 'sms', quantity: 3, priceMicros: 7_950, amountMicros: 23_850 }], 'USD');
    await addUsage(env.ctx.db, a.id, today, 'long_code', 'outbound', [{ country: 'GB', unit: 'sms', quantity: 1, priceMicros: 46_301, amountMicros: 46_301 }], 'USD');
    const pdf = (await a.client.get(`/v1/billing/statements/${today.slice(0, 7)}/pdf`)).rawPayload.toString('latin1');
    // The page's text: pdfkit's deflated content streams, strings as hex.
    const text = [...pdf.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)].map((m) => { try { return inflateSync(Buffer.from(m[1], 'latin1')).toString('latin1'); } catch { return ''; } })
      .flatMap((s) => [...s.matchAll(/<([0-9a-f]+)>/g)].map((m) => Buffer.from(m[1], 'hex').toString('latin1')));
    expect(text).toEqual(expect.arrayContaining(['0.00795', '0.02385', '0.046301', '0.070151 USD']));
    expect(text).not.toContain('0.0080');
  }, 60_000);

  it('a month\'s statement lists every payment of the month and totals them all (more than a thousand)', async () => {
    const env = use();
    const a = await business(env);
    const count = 1_001;
    // Written as the ledger writes them (one entry each, the balance with it), this month.
    await q(`insert into billing_accounts (account_id, balance_micros, currency) values ($1, $2, 'USD')`, [a.id, count * 10_000]);
    await q(`insert into credit_entries (id, account_id, kind, amount_micros, balance_after_micros, currency, provider, provider_ref, created_at)
             select gen_random_uuid(), $1, 'topup', 10000, i * 10000, 'USD', 'manual', 'p-' || i, now() - (($2 - i) * interval '1 millisecond') from generate_series(1, $2) i`, [a.id, count]);
    const st = (await a.client.get(`/v1/billing/statements/${env.ctx.now().toISOString().slice(0, 7)}`)).json();
    expect([st.payments.length, st.paymentsTotalMicros, st.closingBalanceMicros]).toEqual([count, count * 10_000, count * 10_000]);
    expect(st.payments[0].reference).toBe('p-1');
  }, 60_000);

  it('prepaid at an account price above the list price: the hand-over lets go only what the balance covers at that price', async () => {
    const env = use();
    op ??= await makeOperator(env);
    const a = await business(env);
    // The account pays 0.02 a segment (the list price is 0.0083): 0.05 of credit covers two texts, the third crosses zero.
    expect((await op.client.request('PUT', `/v1/operator/accounts/${a.accountId}/prices`, { country: '*', senderType: '*', unit: 'sms', price: '0.02' })).statusCode).toBe(200);
    expect((await op.client.patch(`/v1/operator/accounts/${a.accountId}/billing`, { prepaid: true })).statusCode).toBe(200);
    expect((await op.client.post(`/v1/operator/accounts/${a.accountId}/top-ups`, { amount: '0.05', provider: 'manual', reference: 'wire-over' })).statusCode).toBe(201);
    for (let i = 0; i < 6; i++) await send(a, `Priced above list ${i}`);
    await settle(env);
    // At the list price all six fit under 0.05 and went (a balance of -0.07); at the account's price three go: 0.05 - 0.06.
    expect(await atCarrier(env, a.id)).toHaveLength(3);
    expect((await a.client.get('/v1/billing')).json()).toMatchObject({ balanceMicros: 50_000 - 3 * 20_000, held: true });
    expect(await n(`select count(*) n from messages where account_id = $1 and status = 'queued'`, [a.id])).toBe(3);
  }, 120_000);

  it('prepaid: two batches of the account handed over at once (two numbers) overdraw by less than one text together, not one each', async () => {
    const env = use();
    op ??= await makeOperator(env);
    const a = await business(env);
    expect((await a.client.post('/v1/numbers', { provider: 'simulator', mps: 1000 })).statusCode).toBe(201);
    const numbers = (await q<{ phone_number: string }>(`select phone_number from phone_numbers where account_id = $1 order by phone_number`, [a.id])).map((r) => r.phone_number);
    expect(numbers).toHaveLength(2);
    // 0.02 a text, 0.05 of credit: one batch alone lets three go (0.05 - 0.06).
    expect((await op.client.request('PUT', `/v1/operator/accounts/${a.accountId}/prices`, { country: '*', senderType: '*', unit: 'sms', price: '0.02' })).statusCode).toBe(200);
    expect((await op.client.patch(`/v1/operator/accounts/${a.accountId}/billing`, { prepaid: true })).statusCode).toBe(200);
    expect((await op.client.post(`/v1/operator/accounts/${a.accountId}/top-ups`, { amount: '0.05', provider: 'manual', reference: 'wire-two-numbers' })).statusCode).toBe(201);
    for (const from of numbers) for (let i = 0; i < 5; i++) expect((await a.client.post('/v1/messages', { from, to: to(), body: `Two at once ${i}` })).statusCode).toBe(201);
    // Each number's batch is claimed before either is handed over (both hand-overs then read the balance before either is recorded).
    let claimed = 0;
    let bothClaimed!: () => void;
    const both = new Promise<void>((r) => (bothClaimed = r));
    env.ctx.testHooks = { ...env.ctx.testHooks, afterClaim: async (rows) => {
      if (!rows.some((r) => r.account_id === a.id)) return;
      if (++claimed === 2) bothClaimed();
      await Promise.race([both, new Promise((r) => setTimeout(r, 10_000))]);
    } };
    try {
      await dispatchOnce(env.ctx);
    } finally {
      env.ctx.testHooks = { ...env.ctx.testHooks, afterClaim: undefined };
    }
    expect(claimed).toBe(2);
    await settle(env);
    // Three texts in all (the third crosses zero), not three per batch.
    expect(await atCarrier(env, a.id)).toHaveLength(3);
    expect((await a.client.get('/v1/billing')).json()).toMatchObject({ balanceMicros: 50_000 - 3 * 20_000, held: true });
    expect(await n(`select count(*) n from messages where account_id = $1 and status = 'queued'`, [a.id])).toBe(7);
    // A top-up sends the rest, each once.
    expect((await op.client.post(`/v1/operator/accounts/${a.accountId}/top-ups`, { amount: '1.00', provider: 'manual', reference: 'wire-two-numbers-2' })).statusCode).toBe(201);
    await settle(env);
    const carrier = await atCarrier(env, a.id);
    expect([carrier.length, new Set(carrier.map((l) => l.reference)).size, carrier.every((l) => l.submissions === 1)]).toEqual([10, 10, true]);
    expect((await a.client.get('/v1/billing')).json().balanceMicros).toBe(50_000 + 1_000_000 - 10 * 20_000);
  }, 120_000);

  it('a number bought on a month\'s last day after the daily number-month run is metered for that month by the run on the 1st, once', async () => {
    const env = use();
    const a = await business(env);
    const now = env.ctx.now();
    const month = now.toISOString().slice(0, 7);
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    const lastDay = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0)).toISOString().slice(0, 10);
    // Bought at 23:30 on last month's last day: that day's run (00:11) had passed.
    await q(`update accounts set created_at = $2 where id = $1`, [a.id, `${lastDay}T23:00:00Z`]);
    await q(`update phone_numbers set created_at = $2 where account_id = $1`, [a.id, `${lastDay}T23:30:00Z`]);
    const realNow = env.ctx.now;
    try {
      // The daily run of the 1st, 00:11 (before the statements are issued at 01:21).
      env.ctx.now = () => new Date(`${month}-01T00:11:00Z`);
      await meterNumberMonths(env.ctx);
      await meterNumberMonths(env.ctx);
    } finally {
      env.ctx.now = realNow;
    }
    const byMonth = await q<{ month: string; n: unknown }>(`select month, count(*) n from number_months where account_id = $1 group by month order by month`, [a.id]);
    expect(byMonth.map((r) => [r.month, Number(r.n)])).toEqual([[lastMonth, 1], [month, 1]]);
    expect(await n(`select coalesce(sum(quantity), 0) n from usage_counters where account_id = $1 and unit = 'number_month' and day = $2::date`, [a.id, `${lastMonth}-01`])).toBe(1);
    // Last month's statement, issued after that run, charges the number.
    await issueClosedStatements(env.ctx, lastMonth);
    const st = (await a.client.get(`/v1/billing/statements/${lastMonth}`)).json();
    expect(st.lines.map((l: { unit: string; quantity: number }) => [l.unit, l.quantity])).toEqual([['number_month', 1]]);
  }, 60_000);

  it('lists a statement for every month since the account opened, empty months included', async () => {
    const env = use();
    const a = await business(env);
    const now = env.ctx.now();
    const monthAgo = (k: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k, 1)).toISOString().slice(0, 7);
    // Opened three months ago with usage then; nothing in the two months after.
    await q(`update accounts set created_at = $2 where id = $1`, [a.id, `${monthAgo(3)}-10T10:00:00Z`]);
    await addUsage(env.ctx.db, a.id, `${monthAgo(3)}-15`, 'long_code', 'outbound', [{ country: 'US', unit: 'sms', quantity: 2, priceMicros: 8_300, amountMicros: 16_600 }], 'USD');
    const list = (await a.client.get('/v1/billing/statements')).json().data;
    expect(list.map((s: { month: string }) => s.month)).toEqual([monthAgo(0), monthAgo(1), monthAgo(2), monthAgo(3)]);
    // Each listed month opens; the one before the account existed does not.
    const empty = (await a.client.get(`/v1/billing/statements/${monthAgo(2)}`)).json();
    expect([empty.status, empty.lines]).toEqual(['issued', []]);
    expect((await a.client.get(`/v1/billing/statements/${monthAgo(3)}`)).json().usageTotalMicros).toBe(16_600);
    expect((await a.client.get(`/v1/billing/statements/${monthAgo(4)}`)).statusCode).toBe(404);
    // An account open for years lists every month since it opened.
    await q(`update accounts set created_at = $2 where id = $1`, [a.id, `${monthAgo(40)}-10T10:00:00Z`]);
    const long = (await a.client.get('/v1/billing/statements')).json().data;
    expect([long.length, long.at(-1).month]).toEqual([41, monthAgo(40)]);
  }, 60_000);

  it('issues a closed month\'s statement once and never changes it (price book, override, late metering, rename); the current month is a live preview', async () => {
    const env = use();
    op ??= await makeOperator(env);
    const a = await business(env);
    const b = await business(env);
    const now = env.ctx.now();
    const month = now.toISOString().slice(0, 7);
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    // a's account and number date from last month, with usage metered then (3 segments at the list price).
    await q(`update accounts set created_at = $2 where id = $1`, [a.id, `${lastMonth}-05T10:00:00Z`]);
    await q(`update phone_numbers set created_at = $2 where account_id = $1`, [a.id, `${lastMonth}-05T10:00:00Z`]);
    await addUsage(env.ctx.db, a.id, `${lastMonth}-15`, 'long_code', 'outbound', [{ country: 'US', unit: 'sms', quantity: 3, priceMicros: 8_300, amountMicros: 24_900 }], 'USD');
    const view = async (s: SignedUp, m: string) => (await s.client.get(`/v1/billing/statements/${m}`)).json();

    // First views race the month-close job: one statement is issued, every reader gets it.
    const [v1, v2, v3] = await Promise.all([view(a, lastMonth), view(a, lastMonth), view(a, lastMonth), issueClosedStatements(env.ctx, lastMonth)]);
    expect(v1).toMatchObject({ month: lastMonth, final: true, status: 'issued', usageTotalMicros: 24_900, lines: [{ unit: 'sms', country: 'US', quantity: 3, unitPriceMicros: 8_300, amountMicros: 24_900 }] });
    expect(v1.number).toMatch(/^WM-\d{6}-[A-Z0-9]+$/);
    expect(Date.parse(v1.issuedAt)).toBeGreaterThan(0);
    expect([v2, v3]).toEqual([v1, v1]);
    expect(await n(`select count(*) n from billing_statements where account_id = $1`, [a.id])).toBe(1);
    await issueClosedStatements(env.ctx, lastMonth);
    expect(await n(`select count(*) n from billing_statements where account_id = $1`, [a.id])).toBe(1);
    const csv1 = (await a.client.get(`/v1/billing/statements/${lastMonth}/csv`)).body;
    expect(csv1).toContain(`Statement ${v1.number} issued ${v1.issuedAt.slice(0, 10)}`);
    const current1 = await view(a, month);
    expect(current1).toMatchObject({ month, final: false, status: 'preview', number: null, issuedAt: null });
    expect((await a.client.get(`/v1/billing/statements/${month}/csv`)).body).toContain('Preview');

    // The price book and a's own prices change, the number-month of last month is metered late at the new price, the business is renamed.
    try {
      expect((await op.client.request('PUT', '/v1/operator/price-book', { country: 'US', senderType: '*', unit: 'number_month', price: '9' })).statusCode).toBe(200);
      expect((await op.client.request('PUT', `/v1/operator/accounts/${a.accountId}/prices`, { country: '*', senderType: '*', unit: 'sms', price: '0.5' })).statusCode).toBe(200);
      await meterNumberMonths(env.ctx, lastMonth);
      // Metered after last month's statement was issued: it is charged on the day it was metered (this month's statement), not lost in a closed month.
      const today = env.ctx.now().toISOString().slice(0, 10);
      expect(await n(`select coalesce(sum(quantity), 0) n from usage_counters where account_id = $1 and unit = 'number_month' and day = $2::date`, [a.id, `${lastMonth}-01`])).toBe(0);
      expect(await n(`select coalesce(sum(quantity), 0) n from usage_counters where account_id = $1 and unit = 'number_month' and day = $2::date`, [a.id, today])).toBe(1);
      expect((await a.client.patch('/v1/account', { name: 'Renamed Trading Ltd' })).statusCode).toBe(200);
      await send(a, 'Priced at the new override');
      await settle(env);

      // Last month's statement is the one issued, in every format; the current month's preview moved.
      expect(await view(a, lastMonth)).toEqual(v1);
      expect((await a.client.get(`/v1/billing/statements/${lastMonth}/csv`)).body).toBe(csv1);
      const pdf = await a.client.get(`/v1/billing/statements/${lastMonth}/pdf`);
      expect([pdf.statusCode, pdf.rawPayload.subarray(0, 5).toString()]).toEqual([200, '%PDF-']);
      const current2 = await view(a, month);
      expect(current2).toMatchObject({ status: 'preview', accountName: 'Renamed Trading Ltd' });
      expect(current2.lines.find((l: { unit: string }) => l.unit === 'sms')).toMatchObject({ unitPriceMicros: 500_000 });
      expect(current2.usageTotalMicros).toBeGreaterThan(current1.usageTotalMicros);
      expect(current2.lines.find((l: { unit: string }) => l.unit === 'number_month')).toMatchObject({ quantity: 1, unitPriceMicros: 9_000_000 });

      // Operators see the issued statement; another account reads only its own (b did not exist last month).
      expect((await op.client.get(`/v1/operator/accounts/${a.accountId}/billing/statements/${lastMonth}`)).json()).toEqual(v1);
      expect((await b.client.get(`/v1/billing/statements/${lastMonth}`)).statusCode).toBe(404);
      const bNow = await view(b, month);
      expect([bNow.accountId, bNow.lines.some((l: { unit: string }) => l.unit === 'number_month')]).toEqual([b.accountId, false]);
      expect((await op.client.get(`/v1/operator/accounts/${b.accountId}/billing/statements/${lastMonth}`)).statusCode).toBe(404);
      expect(await n(`select count(*) n from billing_statements where account_id = $1`, [b.id])).toBe(0);
      expect((await a.client.get('/v1/billing/statements')).json().data.slice(0, 2)).toEqual([
        { month, final: false, number: null }, { month: lastMonth, final: true, number: v1.number },
      ]);
    } finally {
      await op.client.delete('/v1/operator/price-book?country=US&senderType=*&unit=number_month');
    }
  }, 120_000);
}, {}, { simulator: true });
