import { expect, it } from 'vitest';
import { startDispatcher } from '../src/modules/messaging/dispatcher.js';
import { describeEachDb } from './harness.js';
import { signUp } from './factories.js';

const N = 200;
/** The batch's rate: N takes ~10 s, so the STOP lands mid-way even on a loaded machine. */
const MPS = 20;

describeEachDb('STOP racing a queued batch', (use) => {
  it('no message claimed after the STOP committed reaches the carrier', async () => {
    const { app, ctx, sim } = use();
    await sim.settings({ latencyMs: 3_600_000 }); // receipts held: this test is about hand-overs, and each receipt would be a webhook call to handle
    const { client } = await signUp(app);
    const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: 0.01 })).json(); // hold the queue
    for (let i = 0; i < N; i++) {
      const r = await client.post('/v1/messages', { to: '+1 646 555 0177', body: `Flash sale ${i}` });
      expect(r.statusCode).toBe(201);
    }
    await client.patch(`/v1/numbers/${number.id}`, { mps: MPS });
    const dispatcher = startDispatcher(ctx, console);
    try {
      const count = async (sql: string) => Number((await ctx.database.query<{ n: number }>(sql)).rows[0].n);
      while ((await count(`select count(*) n from messages where status in ('sent', 'delivered') and kind <> 'keyword_reply'`)) < 20) await new Promise((r) => setTimeout(r, 20));
      const stop = await client.post('/v1/simulator/inbound', { from: '+1 646 555 0177', to: number.phoneNumber, body: 'STOP' });
      expect(stop.json().keyword.kind).toBe('opt_out');
      const { rows: [{ w }] } = await ctx.database.query<{ w: Date }>('select now() as w'); // after the STOP committed
      // The race is decided: lift the throughput so the rest is claimed at once (every claim from now
      // on comes after the STOP and must cancel) instead of trickling out at MPS for ~10 s.
      expect((await client.patch(`/v1/numbers/${number.id}`, { mps: 100_000 })).statusCode).toBe(200);
      while ((await count(`select count(*) n from messages where status in ('scheduled', 'queued')`)) > 0) await new Promise((r) => setTimeout(r, 50));
      // The dispatcher's outcome event (sent, or canceled at claim) records when its claim re-checked consent.
      const ledger = new Set((await sim.ledger()).messages.map((l) => l.reference));
      const { rows: found } = await ctx.database.query<{ id: string; status: string; claimed_at: Date; error_code: string | null }>(
        `select m.id, m.status, m.error_code, max((o.payload->>'claimedAt')::timestamptz) as claimed_at
         from messages m join outbox o on o.account_id = m.account_id and o.subject_id = m.id and o.payload ? 'claimedAt'
         where m.kind <> 'keyword_reply' and m."to" = '+16465550177' group by m.account_id, m.id`,
      );
      const rows = found.map((r) => ({ ...r, in_ledger: ledger.has(r.id) }));
      expect(rows).toHaveLength(N);
      const afterStop = rows.filter((r) => r.claimed_at.getTime() >= w.getTime());
      expect(afterStop.length, 'the STOP arrived after the batch was done').toBeGreaterThan(0);
      for (const r of afterStop) {
        expect(r.in_ledger, `message ${r.id} was claimed after the STOP yet reached the carrier`).toBe(false);
        expect(r).toMatchObject({ status: 'canceled', error_code: 'recipient_opted_out' });
      }
      const sent = rows.filter((r) => r.in_ledger);
      expect(sent.length).toBeGreaterThan(0);
      for (const r of sent) expect(r.claimed_at.getTime()).toBeLessThan(w.getTime());
      // The STOP confirmation itself still went out, once.
      expect(await count(`select count(*) n from messages where kind = 'keyword_reply' and status in ('sent', 'delivered')`)).toBe(1);
    } finally {
      await dispatcher.stop();
    }
  }, 120_000);
}, {}, { simulator: true });
