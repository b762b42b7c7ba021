// Receipts that come before their batch is recorded (the SMSC answers every submit_sm and sends its
// DELIVRD receipt right away), on both databases: they wait for the recording and are written with
// it (one row update, both history events in order), nothing is parked, the SMSC (its own process)
// got each message once and every receipt was answered only after it was stored.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { startDispatcher } from '../src/modules/messaging/dispatcher.js';
import { afterRecording, afterSent, recordingTurn, takeWaiting } from '../src/modules/messaging/recording-barrier.js';
import { changeStatuses, messageHistory } from '../src/modules/messaging/status.service.js';
import { withTx } from '../src/db/tx.js';
import type { Ctx } from '../src/context.js';
import { describeEachDb } from './harness.js';
import { signUp } from './factories.js';
import { nodeArgs } from './compiled.js';

let smsc: { child: ChildProcess; port: number; admin: number };

beforeAll(async () => {
  const child = spawn(process.execPath, [...nodeArgs(join(import.meta.dirname, 'peers', 'smsc.ts')), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const info = await new Promise<{ port: number; admin: number }>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]));
    });
    child.once('exit', (code) => reject(new Error(`SMSC exited ${code}`)));
  });
  smsc = { child, ...info };
}, 30_000);
afterAll(() => {
  smsc?.child.kill('SIGTERM');
});

const cmd = async (path: string, body: unknown = {}): Promise<any> =>
  (await fetch(`http://127.0.0.1:${smsc.admin}${path}`, { method: 'POST', body: JSON.stringify(body) })).json();

describeEachDb('receipts that come before the recording', (use) => {
  it('are written with it: delivered in one update, history queued → sent → delivered, nothing parked, each message submitted once', async () => {
    const { app, ctx } = use();
    await cmd('/reset');
    const a = await signUp(app);
    const conn = (await a.client.post('/v1/provider-connections', {
      kind: 'smpp', name: 'SMSC', credentials: { systemId: 'test', password: 'secret' },
      settings: { host: '127.0.0.1', port: smsc.port, reconnectBaseMs: 20, reconnectMaxMs: 200, enquireLinkMs: 60_000, responseTimeoutMs: 5_000 },
    })).json();
    const from = '+15125550171';
    expect((await a.client.post('/v1/numbers', { connectionId: conn.id, phoneNumber: from, mps: 1000 })).statusCode).toBe(201);
    const accountId = fromPublicId('account', a.accountId)!;
    const N = 40;
    const ids: string[] = [];
    for (let i = 0; i < N; i++) ids.push(fromPublicId('message', (await a.client.post('/v1/messages', { from, to: `+1415555${String(1000 + i)}`, body: `Order ${i} is ready` })).json().id)!);
    await cmd('/auto-receipts', { stat: 'DELIVRD' });
    const worker = startDispatcher(ctx, { error: (o) => { throw new Error(JSON.stringify(o)); } });
    try {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const { rows: [r] } = await ctx.database.query<{ n: number }>(`select count(*)::int n from messages where account_id = $1 and status = 'delivered'`, [accountId]);
        if (r.n === N) break;
        if (Date.now() > deadline) throw new Error(`${r.n} of ${N} delivered`);
        await new Promise((res) => setTimeout(res, 20));
      }
    } finally {
      await worker.stop();
      await cmd('/auto-receipts', {});
    }
    const { rows: [parked] } = await ctx.database.query<{ n: number }>('select count(*)::int n from early_receipts where account_id = $1', [accountId]);
    expect(parked.n).toBe(0);
    for (const id of ids) {
      const h = await messageHistory(ctx.database, accountId, id);
      expect(h.map((e) => [e.from, e.status, e.source])).toEqual([[null, 'queued', 'api'], ['queued', 'sent', 'provider'], ['sent', 'delivered', 'carrier']]);
    }
    const { rows: [m] } = await ctx.database.query<{ n: number; sent: number }>(
      `select count(*)::int n, count(sent_at)::int sent from messages where account_id = $1 and delivered_at >= sent_at and provider_message_id is not null`, [accountId]);
    expect(m).toEqual({ n: N, sent: N });
    const summary = await cmd('/summary');
    expect(summary.submits).toBe(N);
    expect(summary.duplicates).toEqual([]);
    // Every receipt was answered, and without an error: none was refused for redelivery.
    const ledger = await cmd('/ledger');
    expect(ledger.deliverResps).toHaveLength(N);
    expect(ledger.deliverResps.every((r: { status: number }) => r.status === 0)).toBe(true);
  }, 60_000);
});

describeEachDb('a status change with a second one after it (then)', (use) => {
  it('writes the row once in the final status and both events in order in one transaction; an illegal second step writes nothing', async () => {
    const { app, ctx } = use();
    const a = await signUp(app);
    const n = (await a.client.post('/v1/numbers', { provider: 'simulator' }));
    const from = n.json().phoneNumber as string;
    const post = async (to: string) => fromPublicId('message', (await a.client.post('/v1/messages', { from, to, body: 'Hi' })).json().id)!;
    const accountId = fromPublicId('account', a.accountId)!;
    const [one, two] = [await post('+14155556001'), await post('+14155556002')];
    const { rows: [{ attempts }] } = await ctx.database.query<{ attempts: number }>('select attempts from messages where account_id = $1 and id = $2', [accountId, one]);
    const applied = await withTx(ctx.db, (tx) => changeStatuses(tx, [{ id: one, accountId, from: 'queued', to: 'sent', attempt: attempts, providerMessageId: 'SMx1', then: { to: 'undelivered', errorCode: '30005', source: 'carrier' } }], 'provider'));
    expect(applied).toHaveLength(1);
    const { rows: [m] } = await ctx.database.query<{ status: string; error_code: string; sent: boolean; delivered: boolean }>(
      'select status, error_code, sent_at is not null sent, delivered_at is not null delivered from messages where account_id = $1 and id = $2', [accountId, one]);
    expect(m).toEqual({ status: 'undelivered', error_code: '30005', sent: true, delivered: false });
    const h = await messageHistory(ctx.database, accountId, one);
    expect(h.map((e) => [e.from, e.status, e.source, e.errorCode])).toEqual([[null, 'queued', 'api', null], ['queued', 'sent', 'provider', null], ['sent', 'undelivered', 'carrier', '30005']]);
    const { rows: tx } = await ctx.database.query<{ n: number }>(`select count(distinct tx_id)::int n from outbox where account_id = $1 and subject_id = $2 and type = 'message.status_changed'`, [accountId, one]);
    expect(tx[0].n).toBe(1);
    // sent → queued is no transition: the whole call is refused and nothing is written.
    await expect(withTx(ctx.db, (tx) => changeStatuses(tx, [{ id: two, accountId, from: 'queued', to: 'sent', then: { to: 'queued', source: 'carrier' } }], 'provider'))).rejects.toThrow(/cannot move from sent to queued/);
    expect((await messageHistory(ctx.database, accountId, two)).map((e) => e.status)).toEqual(['queued']);
  });
}, {}, { simulator: true });

it('the receipt queue: receipts wait for the turns in flight when they came, a recording takes only those waiting for it, gives back what it did not write, and they are answered after its end', async () => {
  const ctx = {} as Ctx;
  const applied: string[][] = [];
  const apply = async (all: Array<{ id: string }>) => { applied.push(all.map((r) => r.id)); return 0; };
  const turn = recordingTurn(ctx, 'c1');
  const answered: string[] = [];
  const p1 = afterRecording(ctx, 'c1', [{ id: 'a' }, { id: 'b' }, { id: 'c' }], apply).then(() => answered.push('first'));
  const other = afterRecording(ctx, 'c2', [{ id: 'z' }], apply).then(() => answered.push('other connection'));
  await other;
  expect(answered).toEqual(['other connection']); // no turn of c2: applied at once
  const taken = takeWaiting<{ id: string }>(ctx, turn, (r) => r.id !== 'c');
  expect(taken.items.map((r) => r.id)).toEqual(['a', 'b']);
  taken.restore((r) => r.id === 'b'); // 'a' was written by the recording, 'b' was not
  await new Promise((r) => setTimeout(r, 10));
  expect(answered).toEqual(['other connection']); // still waiting for the turn
  turn.end();
  await p1;
  expect(applied).toEqual([['z'], ['c', 'b']]);
  expect(afterSent([{ accountId: 'x', provider: 'smpp', providerMessageId: '1', status: 'delivered' }, { accountId: 'x', provider: 'smpp', providerMessageId: '1', status: 'sent' }])).toEqual({ to: 'delivered', errorCode: null, source: 'carrier' });
  expect(afterSent([{ accountId: 'x', provider: 'smpp', providerMessageId: '1', status: 'sent' }])).toBeUndefined();
});
