// One bind per SMPP connection however many workers run (PostgreSQL; PGlite is one process): two
// server processes (API + worker each) on one database against the test SMSC in its own process.
// The first to take the connection's session lock binds it and is the only one whose dispatcher
// sends through it; after a SIGKILL of that worker the other takes the lock over and binds.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorTokenOf, signUpOverHttp } from './factories.js';
import { DB_KINDS, createTestDatabase } from './harness.js';
import { freePort, run, stop, waitReady, type Proc } from './proc.js';
import { startSmsc, waitFor, type Smsc } from './smsc-peer.js';

let smsc: Smsc;
beforeAll(async () => { smsc = await startSmsc(); }, 30_000);
afterAll(() => smsc?.stop());

describe.skipIf(!DB_KINDS.includes('postgres'))('SMPP bind leader across worker processes [postgres]', () => {
  it('two workers: one binds and sends (each message once); SIGKILL it and the other binds and sends', async () => {
    await smsc.cmd('/reset');
    await smsc.cmd('/auto-receipts', { stat: 'DELIVRD' });
    const db = await createTestDatabase();
    const procs: Proc[] = [];
    const start = async () => {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const proc = run({
        PORT: String(port), HOST: '127.0.0.1', DATA_DIR: mkdtempSync(join(tmpdir(), 'wm-sleader-')), PUBLIC_URL: base, LOG_LEVEL: 'warn',
        DATABASE_URL: db.url, SECRET_KEY: 'sleader-test-secret-key-0123456789abcdef', OPERATOR_TOKEN: 'sleader-test-operator-token-012345',
        CARRIER_HOSTS_ALLOWED: '127.0.0.1', CARRIER_SESSIONS_CHECK_MS: '200', DISPATCH_CLAIM_MS: '1000',
      });
      procs.push(proc);
      await waitReady(port, proc);
      return { proc, base };
    };
    const q = new pg.Client({ connectionString: db.url });
    try {
      const a = await start();
      const signup = await signUpOverHttp(a.base, operatorTokenOf({ OPERATOR_TOKEN: 'sleader-test-operator-token-012345' }));
      const cookies = signup.headers.getSetCookie().map((c) => c.split(';')[0]);
      const csrf = cookies.find((c) => c.startsWith('wm_csrf='))!.split('=')[1];
      const call = async (base: string, method: string, path: string, body?: unknown) => {
        const r = await fetch(`${base}${path}`, { method, headers: { cookie: cookies.join('; '), 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
        return { status: r.status, json: await r.json() as any };
      };
      const conn = await call(a.base, 'POST', '/v1/provider-connections', {
        kind: 'smpp', name: 'SMSC', credentials: { systemId: 'test', password: 'secret' },
        settings: { host: '127.0.0.1', port: smsc.port, reconnectBaseMs: 20, reconnectMaxMs: 200, enquireLinkMs: 60_000, responseTimeoutMs: 3_000 },
      });
      expect(conn.status, JSON.stringify(conn.json)).toBe(201);
      const from = '+15125550199';
      expect((await call(a.base, 'POST', '/v1/numbers', { connectionId: conn.json.id, phoneNumber: from, mps: 100 })).status).toBe(201);
      const okBinds = async () => ((await smsc.cmd('/ledger')).binds as Array<{ ok: boolean }>).filter((b) => b.ok).length;
      await waitFor('the first worker to bind', async () => (await smsc.cmd('/ledger')).bound.length === 1);
      expect(await okBinds()).toBe(2); // the connection test on save, and the first worker's session

      const b = await start(); // a second worker on the same database: it must not bind
      await q.connect();
      const delivered = async () => Number((await q.query(`select count(*) n from messages where direction = 'outbound' and status = 'delivered'`)).rows[0].n);
      const send = (base: string, from0: number, n: number) => Promise.all(Array.from({ length: n }, (_, i) =>
        call(base, 'POST', '/v1/messages', { from, to: `+1646556${String(1000 + from0 + i)}`, body: `Leader check ${from0 + i}` })));
      // Sent through the second process's API: its dispatcher sees them due but leaves them to the leader.
      expect((await send(b.base, 0, 10)).map((r) => r.status)).toEqual(Array(10).fill(201));
      await waitFor('10 delivered', async () => (await delivered()) === 10);
      let ledger = await smsc.cmd('/ledger');
      expect(ledger.bound).toHaveLength(1);
      expect(await okBinds()).toBe(2);
      expect(ledger.submits).toHaveLength(10);

      a.proc.child.kill('SIGKILL');
      await a.proc.exited;
      await waitFor('the second worker to take the session over', async () => (await okBinds()) === 3 && (await smsc.cmd('/ledger')).bound.length === 1);
      expect((await send(b.base, 10, 10)).map((r) => r.status)).toEqual(Array(10).fill(201));
      await waitFor('20 delivered', async () => (await delivered()) === 20);
      ledger = await smsc.cmd('/ledger');
      expect(ledger.bound).toHaveLength(1);
      expect(await okBinds()).toBe(3);
      const texts = (ledger.submits as Array<{ text: string }>).map((s) => s.text).sort();
      expect(texts).toEqual(Array.from({ length: 20 }, (_, i) => `Leader check ${i}`).sort()); // each once
      expect(await stop(b.proc)).toBe(0);
    } finally {
      for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
      await q.end().catch(() => undefined);
      await smsc.cmd('/auto-receipts', {});
      await db.drop();
    }
  }, 120_000);
});
