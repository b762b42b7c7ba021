// End to end through an SMPP connection, on both databases: the worker's dispatcher loop starts the
// session of every enabled SMPP connection (bound before anything is sent), sends through it, and
// takes the SMSC's receipts and inbound texts in through the same handling as carrier webhooks.
// The SMSC (test/peers/smsc.ts) runs in its own process.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { startDispatcher } from '../src/modules/messaging/dispatcher.js';
import { describeEachDb } from './harness.js';
import { signUp } from './factories.js';

interface Peer { child: ChildProcess; port: number; admin: number }
let peer: Peer;

async function startPeer(): Promise<Peer> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'peers', 'smsc.ts'), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const info = await new Promise<{ port: number; admin: number }>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`SMSC did not start: ${err}`)), 20_000);
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) { clearTimeout(t); resolve(JSON.parse(out.split('\n')[0])); }
    });
    child.on('exit', (code) => reject(new Error(`SMSC exited ${code}: ${err}`)));
  });
  return { child, ...info };
}

const cmd = async (path: string, body: unknown = {}): Promise<any> =>
  (await fetch(`http://127.0.0.1:${peer.admin}${path}`, { method: 'POST', body: JSON.stringify(body) })).json();

async function waitFor<T>(what: string, f: () => T | Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  peer = await startPeer();
}, 30_000);
afterAll(() => {
  peer?.child.kill('SIGTERM');
});

describeEachDb('send and receive through an SMPP connection (worker sessions)', (use) => {
  it('the worker binds the connection\'s session, sends through it once, applies its receipt and takes its inbound text; unbinds on stop', async () => {
    const { app, ctx } = use();
    await cmd('/reset');
    const from = '+15125550160';
    const a = await signUp(app);
    const created = await a.client.post('/v1/provider-connections', {
      kind: 'smpp', name: 'SMSC', credentials: { systemId: 'test', password: 'secret' },
      settings: { host: '127.0.0.1', port: peer.port, reconnectBaseMs: 20, reconnectMaxMs: 200, enquireLinkMs: 60_000, responseTimeoutMs: 3_000 },
    });
    expect(created.statusCode, created.body).toBe(201);
    const conn = created.json();
    expect((await a.client.post('/v1/numbers', { connectionId: conn.id, phoneNumber: from, mps: 50 })).statusCode).toBe(201);
    const bindsBefore = (await cmd('/ledger')).binds.length; // the connection test on save binds once

    const errors: unknown[] = [];
    const worker = startDispatcher(ctx, { error: (o) => void errors.push(o) });
    try {
      // Bound before anything is sent: an inbound text is taken in at once.
      await waitFor('the session to bind', async () => (await cmd('/ledger')).bound.length === 1);
      expect((await cmd('/ledger')).binds.length).toBe(bindsBefore + 1);
      expect((await cmd('/inbound', { from: '+14155550177', to: from, text: 'Is the shop open?' })).ok).not.toBe(false);
      const accountId = fromPublicId('account', a.accountId);
      const inbound = await waitFor('the inbound text', async () => (await ctx.database.query<{ body: string }>(
        "select body from messages where account_id = $1 and direction = 'inbound'", [accountId])).rows[0]);
      expect(inbound.body).toBe('Is the shop open?');

      const id = (await a.client.post('/v1/messages', { from, to: '+14155550177', body: 'Yes, until 6 pm.' })).json().id;
      const row = await waitFor('the message to be sent', async () => (await ctx.database.query<{ status: string; provider_message_id: string; connection_id: string }>(
        'select status, provider_message_id, connection_id from messages where account_id = $1 and id = $2', [accountId, fromPublicId('message', id)])).rows.find((r) => r.status === 'sent'));
      expect(row.connection_id).toBe(fromPublicId('connection', conn.id));
      const l = await cmd('/ledger');
      expect(l.submits).toHaveLength(1);
      expect(l.submits[0]).toMatchObject({ id: row.provider_message_id, dest: '14155550177', text: 'Yes, until 6 pm.' });

      await cmd('/receipts', { receipts: [{ id: row.provider_message_id, stat: 'DELIVRD' }] });
      const m = await waitFor('the receipt', async () => {
        const r = (await a.client.get(`/v1/messages/${id}`)).json();
        return r.status === 'delivered' ? r : null;
      });
      expect(m.history.map((h: { status: string }) => h.status)).toEqual(['queued', 'sent', 'delivered']);
    } finally {
      await worker.stop();
    }
    await waitFor('the session to unbind', async () => (await cmd('/ledger')).bound.length === 0);
    expect(errors).toEqual([]);
  });
});
