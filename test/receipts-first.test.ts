// Receipts that come before their batch is recorded (the SMSC answers every submit_sm and sends its
// DELIVRD receipt right away), on both databases: they wait for the recording and are written with
// it (one row update, both history events in order), nothing is parked, the SMSC (its own process)
// got each message once and every receipt was answered only after it was stored.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { startDispatcher } from '../src/modules/messaging/dispatcher.js';
import { messageHistory } from '../src/modules/messaging/status.service.js';
import { describeEachDb } from './harness.js';
import { signUp } from './factories.js';

let smsc: { child: ChildProcess; port: number; admin: number };

beforeAll(async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'peers', 'smsc.ts'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
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
    // Written by the recording: both events in one transaction (at least some; a receipt that comes after the recording took its batch's is applied after it).
    const { rows: [together] } = await ctx.database.query<{ n: number }>(
      `select count(*)::int n from (select subject_id from outbox where account_id = $1 and type = 'message.status_changed'
       group by subject_id having count(*) = 2 and count(distinct tx_id) = 1) x`, [accountId]);
    expect(together.n).toBeGreaterThan(0);
    const summary = await cmd('/summary');
    expect(summary.submits).toBe(N);
    expect(summary.duplicates).toEqual([]);
    // Every receipt was answered, and without an error: none was refused for redelivery.
    const ledger = await cmd('/ledger');
    expect(ledger.deliverResps).toHaveLength(N);
    expect(ledger.deliverResps.every((r: { status: number }) => r.status === 0)).toBe(true);
  }, 60_000);
});
