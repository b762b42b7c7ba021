import { expect, it } from 'vitest';
import { withTx } from '../src/db/tx.js';
import { fromPublicId } from '../src/lib/ids.js';
import { dispatchOnce } from '../src/modules/messaging/dispatcher.js';
import { receiveInbound } from '../src/modules/messaging/inbound.service.js';
import { activeHolds, placeHold } from '../src/modules/trust-safety/holds.service.js';
import { describeEachDb, settle, type TestEnv } from './harness.js';
import { signUp, type SignedUp } from './factories.js';
import { makeOperator, type TestOperator } from './operator-fixtures.js';

/**
 * Keyword replies under sending holds (DESIGN, messaging rules: STOP and HELP replies are sent even
 * to a suppressed number): a person who texts STOP to a suspended account, or to a prepaid account
 * whose credits are exhausted, still gets the confirmation, while the account's other queued texts
 * stay queued; under termination nothing at all goes. And a prepaid balance smaller than a batch's
 * cost lets only what it covers go (the one text that crosses zero included), not the whole batch.
 * BILLING_MODE=prepaid: every new account is prepaid with a zero balance.
 */
describeEachDb('keyword replies under sending holds', (use) => {
  const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await use().ctx.database.query<T>(sql, params)).rows;
  let op: TestOperator;
  let seq = 0;
  const to = () => `+1 646 555 ${String(4000 + (seq++ % 5000)).slice(-4)}`;

  async function business(env: TestEnv): Promise<SignedUp & { id: string; phone: string }> {
    const s = await signUp(env.app);
    const n = await s.client.post('/v1/numbers', { provider: 'simulator', mps: 1000 });
    expect(n.statusCode).toBe(201);
    return { ...s, id: fromPublicId('account', s.accountId)!, phone: n.json().phoneNumber };
  }
  const send = async (s: SignedUp, n: number) => {
    for (let i = 0; i < n; i++) expect((await s.client.post('/v1/messages', { to: to(), body: `Text ${i}` })).statusCode).toBe(201);
  };
  const topUp = async (s: SignedUp, amount: string) =>
    expect((await op.client.post(`/v1/operator/accounts/${s.accountId}/top-ups`, { amount, provider: 'manual', reference: `wire-${seq++}` })).statusCode).toBe(201);
  const enforce = async (s: SignedUp, action: string) =>
    expect((await op.client.post(`/v1/operator/accounts/${s.accountId}/enforcement`, { action, reason: `test ${action}` })).statusCode).toBe(200);
  /** The account's outbound messages with whether the carrier received them (and how often). */
  const outbound = async (env: TestEnv, accountId: string) => {
    const ledger = (await env.sim.ledger()).messages;
    const rows = await q<{ id: string; kind: string; status: string; attempts: number }>(
      `select id::text id, kind, status, attempts from messages where account_id = $1 and direction = 'outbound' order by created_at`, [accountId]);
    return rows.map((r) => ({ ...r, atCarrier: ledger.filter((l) => l.reference === r.id).length }));
  };
  const balance = async (s: SignedUp) => (await s.client.get('/v1/billing')).json().balanceMicros as number;

  it('suspended: the STOP confirmation goes, the queued texts stay queued; reinstated: each text goes once', async () => {
    const env = use();
    op ??= await makeOperator(env);
    const a = await business(env);
    await topUp(a, '1.00');
    await send(a, 3);
    await enforce(a, 'suspend');
    const stop = await a.client.post('/v1/simulator/inbound', { from: '+16465559001', to: a.phone, body: 'STOP' });
    expect(stop.json().keyword).toEqual({ kind: 'opt_out', word: 'STOP' });
    await settle(env);
    let rows = await outbound(env, a.id);
    expect(rows.filter((r) => r.kind === 'keyword_reply')).toMatchObject([{ status: expect.stringMatching(/^(sent|delivered)$/), atCarrier: 1 }]);
    const texts = rows.filter((r) => r.kind !== 'keyword_reply');
    expect(texts).toHaveLength(3);
    for (const t of texts) expect(t).toMatchObject({ status: 'queued', attempts: 0, atCarrier: 0 });
    expect((await activeHolds(env.ctx.db, a.id)).map((h) => h.kind)).toEqual(['enforcement']);

    await enforce(a, 'reinstate');
    await settle(env);
    rows = await outbound(env, a.id);
    for (const r of rows) expect(r).toMatchObject({ status: expect.stringMatching(/^(sent|delivered)$/), atCarrier: 1 });
  }, 120_000);

  it('suspended: answers to custom keywords and prompts for a Y wait like other texts; STOP and opt-in confirmations still go', async () => {
    const env = use();
    op ??= await makeOperator(env);
    const a = await business(env);
    await topUp(a, '1.00');
    const number = (await a.client.get('/v1/numbers')).json().data[0];
    expect((await a.client.patch(`/v1/numbers/${number.id}`, { customKeywords: [{ word: 'MENU', kind: 'custom', reply: 'Today: soup, salad, pie.' }] })).statusCode).toBe(200);
    expect((await a.client.post('/v1/keywords', { word: 'DEALS', numberId: number.id, programName: 'Deals', frequency: 'Up to 4 msgs/month' })).statusCode).toBe(201);
    expect((await a.client.post('/v1/keywords', { word: 'VIPS', numberId: number.id, programName: 'VIP list', frequency: 'Up to 2 msgs/month', doubleOptIn: true })).statusCode).toBe(201);
    // A sign-up asked for its Y before the suspension: the Y confirms it during it.
    await a.client.post('/v1/simulator/inbound', { from: '+16465559014', to: a.phone, body: 'VIPS' });
    await settle(env);
    await enforce(a, 'suspend');
    expect((await a.client.post('/v1/simulator/inbound', { from: '+16465559011', to: a.phone, body: 'MENU' })).json().keyword).toEqual({ kind: 'custom', word: 'MENU' });
    await a.client.post('/v1/simulator/inbound', { from: '+16465559012', to: a.phone, body: 'DEALS' }); // single opt-in: recorded, confirmed
    await a.client.post('/v1/simulator/inbound', { from: '+16465559015', to: a.phone, body: 'VIPS' }); // double opt-in: the prompt waits
    await a.client.post('/v1/simulator/inbound', { from: '+16465559014', to: a.phone, body: 'YES' }); // confirms the earlier sign-up
    await a.client.post('/v1/simulator/inbound', { from: '+16465559013', to: a.phone, body: 'STOP' });
    await settle(env);
    const replies = await q<{ body: string; status: string; answers: string | null }>(
      `select body, status, keyword->>'kind' as answers from messages where account_id = $1 and kind = 'keyword_reply' order by created_at`, [a.id]);
    const went = expect.stringMatching(/^(sent|delivered)$/);
    expect(replies.map((r) => [r.answers, r.status])).toEqual([
      ['join', went], // the prompt before the suspension
      ['custom', 'queued'], ['opt_in', went], ['join', 'queued'], ['opt_in', went], ['opt_out', went],
    ]);
    expect((await outbound(env, a.id)).filter((r) => r.atCarrier).length).toBe(4);

    await enforce(a, 'reinstate');
    await settle(env);
    for (const r of await outbound(env, a.id)) expect(r).toMatchObject({ status: expect.stringMatching(/^(sent|delivered)$/), atCarrier: 1 });
  }, 120_000);

  it('credits exhausted: the HELP and STOP replies go, the queued texts stay queued and the account gets its credits hold', async () => {
    const env = use();
    op ??= await makeOperator(env);
    const a = await business(env); // prepaid (BILLING_MODE), balance 0, no hold placed yet
    await send(a, 2);
    expect((await a.client.post('/v1/simulator/inbound', { from: '+16465559002', to: a.phone, body: 'HELP' })).json().keyword.kind).toBe('help');
    expect((await a.client.post('/v1/simulator/inbound', { from: '+16465559003', to: a.phone, body: 'STOP' })).json().keyword.kind).toBe('opt_out');
    await settle(env);
    const rows = await outbound(env, a.id);
    const replies = rows.filter((r) => r.kind === 'keyword_reply');
    expect(replies).toHaveLength(2);
    for (const r of replies) expect(r).toMatchObject({ status: expect.stringMatching(/^(sent|delivered)$/), atCarrier: 1 });
    for (const t of rows.filter((r) => r.kind !== 'keyword_reply')) expect(t).toMatchObject({ status: 'queued', attempts: 0, atCarrier: 0 });
    expect((await activeHolds(env.ctx.db, a.id)).map((h) => h.kind)).toEqual(['credits']);
    // The two received texts and the two replies were metered (debited): the balance is below zero by their price.
    expect(await balance(a)).toBe(-4 * 8_300);

    // Held now: a further STOP confirmation still goes, texts still wait.
    await a.client.post('/v1/simulator/inbound', { from: '+16465559004', to: a.phone, body: 'STOP' });
    await settle(env);
    expect((await outbound(env, a.id)).filter((r) => r.atCarrier).map((r) => r.kind)).toEqual(['keyword_reply', 'keyword_reply', 'keyword_reply']);
  }, 120_000);

  it('terminated: nothing goes, not even a STOP confirmation', async () => {
    const env = use();
    op ??= await makeOperator(env);
    const a = await business(env);
    await topUp(a, '1.00');
    await send(a, 2);
    await enforce(a, 'terminate');
    // The account's members are signed out: the text arrives through the inbound path directly.
    const r = await receiveInbound(env.ctx, { from: '+16465559005', to: a.phone, body: 'STOP', providerMessageId: `SMterm${Date.now()}` }, 'simulator');
    expect(r.keyword?.kind).toBe('opt_out');
    await settle(env);
    const rows = await outbound(env, a.id);
    expect(rows.map((x) => x.kind).sort()).toEqual(['conversational', 'conversational', 'keyword_reply']);
    for (const x of rows) expect(x).toMatchObject({ status: 'queued', attempts: 0, atCarrier: 0 });
  }, 120_000);

  it('prepaid: a batch costing more than the balance sends only what the balance covers (and the text that crosses zero)', async () => {
    const env = use();
    op ??= await makeOperator(env);
    const a = await business(env);
    await topUp(a, '0.02'); // 20,000: covers two texts at 8,300; the third crosses zero
    await send(a, 10);
    await settle(env);
    let rows = await outbound(env, a.id);
    // Before the bound, the whole claimed batch went: 10 texts, the balance at 20,000 - 83,000.
    expect(rows.filter((r) => r.atCarrier)).toHaveLength(3);
    expect(await balance(a)).toBe(20_000 - 3 * 8_300);
    expect((await activeHolds(env.ctx.db, a.id)).map((h) => h.kind)).toEqual(['credits']);
    for (const t of rows.filter((r) => !r.atCarrier)) expect(t).toMatchObject({ status: 'queued', attempts: 0 });

    await topUp(a, '1.00');
    await settle(env);
    rows = await outbound(env, a.id);
    for (const r of rows) expect(r).toMatchObject({ status: expect.stringMatching(/^(sent|delivered)$/), atCarrier: 1 });
    expect(await balance(a)).toBe(20_000 + 1_000_000 - 10 * 8_300);
  }, 120_000);
}, { BILLING_MODE: 'prepaid' }, { simulator: true });

/**
 * The hold lock's order on PostgreSQL (read committed: each statement its own snapshot). A hold whose
 * transaction holds the exclusive lock while a hand-over waits for the shared one, then commits: the
 * hand-over must read the holds with a snapshot taken after its lock was granted (a later statement),
 * so it sees the hold and gives the batch back. Reading in the statement that waited for the lock
 * would use a snapshot from before the hold committed, and hand the batch over.
 */
describeEachDb('hold lock at hand-over', (use) => {
  it('a hold committed while the hand-over waits for the lock: the batch is given back, nothing reaches the carrier', async () => {
    const env = use();
    const { client, accountId: publicId } = await signUp(env.app);
    const accountId = fromPublicId('account', publicId)!;
    expect((await client.post('/v1/numbers', { provider: 'simulator', mps: 1000 })).statusCode).toBe(201);
    for (let i = 0; i < 3; i++) expect((await client.post('/v1/messages', { to: `+1 646 555 ${3100 + i}`, body: `Text ${i}` })).statusCode).toBe(201);
    const waiting = async () => Number((await env.ctx.database.query<{ n: number }>(`select count(*) n from pg_locks where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())`)).rows[0].n);
    let pass: Promise<number> | null = null;
    await withTx(env.ctx.db, async (tx) => {
      await placeHold(tx, { accountId, kind: 'enforcement', reason: 'placed while a hand-over waits' }); // the exclusive hold lock, held to commit
      pass = dispatchOnce(env.ctx); // claims (the hold is not committed yet), then waits for the shared lock at hand-over
      const deadline = Date.now() + 60_000;
      while ((await waiting()) === 0) {
        if (Date.now() > deadline) throw new Error('the hand-over never waited for the hold lock');
        await new Promise((r) => setTimeout(r, 5));
      }
    });
    await pass;
    const ledger = new Set((await env.sim.ledger()).messages.map((l) => l.reference));
    const rows = (await env.ctx.database.query<{ id: string; status: string; attempts: number }>(
      `select id::text id, status, attempts from messages where account_id = $1 and direction = 'outbound'`, [accountId])).rows;
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(r).toMatchObject({ status: 'queued', attempts: 0 });
      expect(ledger.has(r.id)).toBe(false);
    }
  }, 120_000);
}, {}, { simulator: true, only: 'postgres' });
