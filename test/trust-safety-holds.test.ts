import { expect, it } from 'vitest';
import { withTx } from '../src/db/tx.js';
import { dispatchOnce } from '../src/modules/messaging/dispatcher.js';
import { activeHolds, liftHold, placeHold } from '../src/modules/trust-safety/holds.service.js';
import { fromPublicId } from '../src/lib/ids.js';
import { describeEachDb, settle } from './harness.js';
import { signUp } from './factories.js';

/**
 * Sending holds (src/modules/trust-safety/holds.service.ts): the dispatcher sends nothing of a held
 * account — a batch claimed just before the hold included (re-checked at hand-over) — and lifting
 * the hold sends each queued message exactly once. DISPATCH_TEST_HANDOVER_DELAY_MS gives the pause
 * between a claim and its hand-over in which the hold lands.
 */
describeEachDb('sending holds', (use) => {
  const count = async (sql: string, params: unknown[]) => Number((await use().ctx.database.query<{ n: number }>(sql, params)).rows[0].n);

  it('holds queued and new messages (a batch claimed before the hold too) and releases each exactly once', async () => {
    const { app, ctx, sim } = use();
    const { client, accountId: publicId } = await signUp(app);
    const accountId = fromPublicId('account', publicId)!;
    const other = await signUp(app);
    const otherId = fromPublicId('account', other.accountId)!;
    await client.post('/v1/numbers', { provider: 'simulator', mps: 1000 });
    await other.client.post('/v1/numbers', { provider: 'simulator', mps: 1000 });
    const to = (i: number) => `+1 646 555 ${String(1000 + i).slice(-4)}`;
    for (let i = 0; i < 5; i++) expect((await client.post('/v1/messages', { to: to(i), body: `Held ${i}` })).statusCode).toBe(201);
    expect((await other.client.post('/v1/messages', { to: to(50), body: 'Not held' })).statusCode).toBe(201);

    // A pass claims the batch, pauses before its hand-over (the test delay); the hold lands in the pause.
    const pass = dispatchOnce(ctx);
    const deadline = Date.now() + 60_000;
    while (await count(`select count(*) n from messages where account_id = $1 and claimed_until is not null and status = 'queued'`, [accountId]) < 5) {
      if (Date.now() > deadline) throw new Error('the batch was never claimed');
      await new Promise((r) => setTimeout(r, 5));
    }
    const { placed } = await withTx(ctx.db, (tx) => placeHold(tx, { accountId, kind: 'enforcement', reason: 'test suspension' }));
    expect(placed).toBe(true);
    await pass;
    // Placing it again keeps the one hold.
    expect((await withTx(ctx.db, (tx) => placeHold(tx, { accountId, kind: 'enforcement', reason: 'again' }))).placed).toBe(false);
    expect(await activeHolds(ctx.db, accountId)).toHaveLength(1);

    // A new send while held is accepted and waits.
    expect((await client.post('/v1/messages', { to: to(5), body: 'Held 5' })).statusCode).toBe(201);
    await settle(use());
    const ids = async () => new Set((await sim.ledger()).messages.map((l) => l.reference));
    const mine = async () => (await ctx.database.query<{ id: string; status: string; attempts: number }>(
      `select id, status, attempts from messages where account_id = $1 and direction = 'outbound'`, [accountId])).rows;
    const ledgerBefore = await ids();
    for (const m of await mine()) {
      expect(ledgerBefore.has(m.id)).toBe(false);
      expect(m).toMatchObject({ status: 'queued', attempts: 0 });
    }
    // The other account was not held.
    expect(await count(`select count(*) n from messages where account_id = $1 and status in ('sent', 'delivered')`, [otherId])).toBe(1);

    // A credits hold and an enforcement hold: lifting one keeps the other in force.
    await withTx(ctx.db, (tx) => placeHold(tx, { accountId, kind: 'credits', reason: 'balance exhausted' }));
    await withTx(ctx.db, (tx) => liftHold(tx, { accountId, kind: 'enforcement' }));
    await settle(use());
    expect((await mine()).every((m) => m.status === 'queued')).toBe(true);
    await withTx(ctx.db, (tx) => liftHold(tx, { accountId, kind: 'credits' }));
    await settle(use());
    const ledger = (await sim.ledger()).messages.map((l) => l.reference);
    const rows = await mine();
    expect(rows).toHaveLength(6);
    for (const m of rows) {
      expect(['sent', 'delivered']).toContain(m.status);
      expect(ledger.filter((r) => r === m.id)).toHaveLength(1);
    }
    expect(await activeHolds(ctx.db, accountId)).toHaveLength(0);
    expect(await count(`select count(*) n from sending_holds where account_id = $1`, [accountId])).toBe(2); // kept, lifted
  }, 120_000);

  it('a batch claimed before a hold: its STOP confirmation goes, its other texts are given back queued', async () => {
    const { app, ctx, sim } = use();
    const { client, accountId: publicId } = await signUp(app);
    const accountId = fromPublicId('account', publicId)!;
    const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: 1000 })).json();
    for (let i = 0; i < 3; i++) expect((await client.post('/v1/messages', { to: `+1 646 555 ${2100 + i}`, body: `Held ${i}` })).statusCode).toBe(201);
    expect((await client.post('/v1/simulator/inbound', { from: '+16465552199', to: number.phoneNumber, body: 'STOP' })).json().keyword.kind).toBe('opt_out');

    const pass = dispatchOnce(ctx);
    const deadline = Date.now() + 60_000;
    while (await count(`select count(*) n from messages where account_id = $1 and claimed_until is not null and status = 'queued'`, [accountId]) < 4) {
      if (Date.now() > deadline) throw new Error('the batch was never claimed');
      await new Promise((r) => setTimeout(r, 5));
    }
    await withTx(ctx.db, (tx) => placeHold(tx, { accountId, kind: 'enforcement', reason: 'test suspension' }));
    await pass;
    await settle(use());
    const ledger = (await sim.ledger()).messages.map((l) => l.reference);
    const rows = (await ctx.database.query<{ id: string; kind: string; status: string; attempts: number }>(
      `select id, kind, status, attempts from messages where account_id = $1 and direction = 'outbound'`, [accountId])).rows;
    expect(rows).toHaveLength(4);
    for (const m of rows) {
      if (m.kind === 'keyword_reply') {
        expect(['sent', 'delivered']).toContain(m.status);
        expect(ledger.filter((r) => r === m.id)).toHaveLength(1);
      } else {
        expect(m).toMatchObject({ status: 'queued', attempts: 0 });
        expect(ledger).not.toContain(m.id);
      }
    }
  }, 120_000);
}, { DISPATCH_TEST_HANDOVER_DELAY_MS: '300' }, { simulator: true });
