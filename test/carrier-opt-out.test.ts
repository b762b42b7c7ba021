/**
 * A carrier's opt-out (Twilio 21610, as a receipt or the send's answer) is recorded like a STOP once
 * per number, even when two refusals of the same number are recorded at once (PostgreSQL: two
 * transactions; the second waits for the first's opt-out lock, then finds the number suppressed).
 * The end-to-end path through a Twilio-shaped carrier is in twilio-e2e.test.ts.
 */
import { expect, it } from 'vitest';
import { withTx } from '../src/db/tx.js';
import { fromPublicId } from '../src/lib/ids.js';
import { dispatchOnce } from '../src/modules/messaging/dispatcher.js';
import { changeStatuses, type StatusChange } from '../src/modules/messaging/status.service.js';
import { describeEachDb, type TestEnv } from './harness.js';
import { signUp } from './factories.js';

describeEachDb('carrier opt-outs', (use) => {
  const q = async <T = Record<string, unknown>>(env: TestEnv, text: string, params: unknown[] = []) => (await env.ctx.database.query<T>(text, params)).rows;

  it('two refusals of one number recorded at once: one opt-out in the ledger, the number suppressed', async () => {
    const env = use();
    await env.sim.settings({ latencyMs: 3_600_000 }); // no receipts of its own: the test gives the carrier's answer
    const { client, accountId } = await signUp(env.app);
    const acct = fromPublicId('account', accountId)!;
    await client.post('/v1/numbers', { provider: 'simulator', mps: 100 });
    const to = '+14155553999';
    const ids: string[] = [];
    for (const body of ['Your order shipped.', 'Your order arrives today.']) {
      const r = await client.post('/v1/messages', { to, body });
      expect(r.statusCode, r.body).toBe(201);
      ids.push(fromPublicId('message', r.json().id)!);
    }
    await dispatchOnce(env.ctx);
    expect((await q<{ status: string }>(env, 'select status from messages where account_id = $1 and id = any($2::uuid[])', [acct, ids])).map((m) => m.status)).toEqual(['sent', 'sent']);
    const refusal = (id: string): StatusChange[] => [{ id, accountId: acct, from: 'sent', to: 'undelivered', errorCode: 'recipient_opted_out' }];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let recorded!: () => void;
    const first = new Promise<void>((r) => (recorded = r));
    // The first refusal recorded, its transaction still open; the second is recorded meanwhile.
    const t1 = withTx(env.ctx.db, async (tx) => { await changeStatuses(tx, refusal(ids[0]), 'carrier', env.ctx); recorded(); await gate; });
    await first;
    const t2 = withTx(env.ctx.db, (tx) => changeStatuses(tx, refusal(ids[1]), 'carrier', env.ctx));
    await expect.poll(async () => Number((await q<{ n: number }>(env,
      `select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`))[0].n)).toBeGreaterThanOrEqual(1);
    release();
    await Promise.all([t1, t2]);
    expect((await q<{ kind: string; source: string }>(env, 'select kind, source from consent_events where account_id = $1', [acct]))).toEqual([{ kind: 'opt_out', source: 'carrier' }]);
    const again = await client.post('/v1/messages', { to, body: 'One more?' });
    expect([again.statusCode, again.json().error.code]).toEqual([422, 'recipient_opted_out']);
  });
}, {}, { simulator: true, only: 'postgres' });
