import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, run, stop, waitReady } from './proc.js';
import { exposed, mode } from './fs-modes.js';
import { DB_KINDS, createTestDatabase } from './harness.js';
import { operatorTokenOf, signUpOverHttp, signupBody } from './factories.js';

// Each test runs its own server processes on their own ports and data: they run at once.
describe.concurrent('the server process', () => {
  it('lists every configuration problem and exits 1', async () => {
    const p = run({ PORT: 'nope', LOG_LEVEL: 'loud', DATA_DIR: mkdtempSync(join(tmpdir(), 'wm-p-')) });
    expect(await p.exited).toBe(1);
    expect(p.output()).toContain('PORT');
    expect(p.output()).toContain('LOG_LEVEL');
  }, 120_000); // the process loads the whole app before it reads its configuration: >30 s at a load average of 15-30

  it('runs on PGlite in DATA_DIR, keeps accounts across a restart, stops cleanly on SIGTERM and writes nothing others can read', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wm-p-'));
    const port = await freePort();
    const env = { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir };
    const first = run(env);
    let second: ReturnType<typeof run> | null = null;
    try {
      await waitReady(port, first);
      const body = signupBody();
      const res = await signUpOverHttp(`http://127.0.0.1:${port}`, operatorTokenOf(env), body);
      expect(res.status).toBe(201);
      // A second server on the same DATA_DIR (another port: it would not stop at listen) is refused
      // before it opens the embedded database, which two processes would both write and corrupt.
      const intruder = run({ ...env, PORT: String(await freePort()) });
      expect(await intruder.exited, intruder.output()).toBe(1);
      expect(intruder.output()).toContain(`in use by process ${first.child.pid}`);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      expect(await stop(first)).toBe(0);
      expect(first.output()).toContain('stopped cleanly');

      second = run(env);
      await waitReady(port, second);
      const login = await fetch(`http://127.0.0.1:${port}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: body.owner.email, password: body.owner.password }) });
      expect(login.status).toBe(200);
      expect(await stop(second)).toBe(0);
    } finally {
      for (const p of [first, second]) if (p && p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL'); // a failed start leaves no server behind
    }
    // Issue 7, finding 8: DATA_DIR (embedded database, generated secrets) is its owner's alone.
    expect(mode(dataDir)).toBe(0o700);
    expect(readdirSync(join(dataDir, 'pglite')).length).toBeGreaterThan(5);
    expect(exposed(dataDir)).toEqual([]);
  }, 240_000); // two server starts (the first an initdb)

  it.runIf(DB_KINDS.includes('postgres'))('runs as separate api and worker processes on PostgreSQL', async () => {
    const db = await createTestDatabase({ empty: true }); // both processes migrate from scratch, racing for the lock
    const port = await freePort();
    const shared = { DATABASE_URL: db.url, SECRET_KEY: 'process-test-secret-key-0123456789abcdef', OPERATOR_TOKEN: 'process-test-operator-token-0123', HOST: '127.0.0.1', DATA_DIR: mkdtempSync(join(tmpdir(), 'wm-p-')),
      JOBS_POLL_MS: '500' }; // the api process's job reaches the worker by its poll (no wake across processes)
    const api = run({ ...shared, ROLE: 'api', PORT: String(port) });
    const worker = run({ ...shared, ROLE: 'worker' });
    try {
      await waitReady(port, api);
      const body = signupBody();
      const base = `http://127.0.0.1:${port}`;
      expect((await signUpOverHttp(base, shared.OPERATOR_TOKEN, body)).status).toBe(201);
      await fetch(`${base}/v1/auth/password-reset/request`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: body.owner.email }) });
      // Only the worker delivers email: the queued reset email reaches the outbox.
      let status = '';
      for (let i = 0; i < 100 && status !== 'outbox'; i++) {
        await new Promise((r) => setTimeout(r, 200));
        const r = await fetch(`${base}/v1/operator/outbox`, { headers: { authorization: `Bearer ${shared.OPERATOR_TOKEN}` } });
        status = ((await r.json()) as { data: Array<{ status: string }> }).data[0]?.status ?? '';
      }
      expect(status).toBe('outbox');
    } finally {
      const codes = [await stop(api), await stop(worker)];
      expect(codes, `api:\n${api.output()}\nworker:\n${worker.output()}`).toEqual([0, 0]);
      await db.drop();
    }
  }, 240_000);
});
