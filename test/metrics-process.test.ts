import { mkdtempSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { describe, expect, it } from 'vitest';
import { startSimulatorProcess } from '../src/providers/simulator/process.js';
import { SIMULATOR_MAIN, nodeArgs } from './compiled.js';
import { signUpOverHttp } from './factories.js';
import { DB_KINDS, createTestDatabase } from './harness.js';
import { freePort, run, stop, waitReady, type Proc } from './proc.js';

const METRICS_TOKEN = 'metrics-process-token-0123456789';
const N = 3;

/** One scrape of a target, parsed with a Prometheus text-format parser we did not write. */
async function scrape(url: string): Promise<ParsedFamily[]> {
  const r = await fetch(url, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  const text = await r.text();
  expect(r.status, text).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusTextFormat(text);
}
const sample = (families: ParsedFamily[], name: string, labels: Record<string, string> = {}) => {
  const s = families.find((f) => f.name === name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return s ? Number(s.value) : 0;
};

/** Polls until `read` gives `want` (child processes work at their own pace; no fixed sleeps). */
async function until<T>(read: () => Promise<T>, want: (v: T) => boolean, what: string, procs: Proc[], timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read().catch(() => undefined as T);
    if (v !== undefined && want(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what}: last ${JSON.stringify(v)}\n${procs.map((p) => p.output()).join('\n----\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Issue 13, platform metrics with ROLE=api and ROLE=worker as separate processes: the worker's
 * counters (dispatch, carrier errors, job failures) are scraped from its own /metrics
 * (METRICS_PORT), the API's from its /metrics; summed over the two targets each event counts once,
 * and the platform-wide gauges (webhook backlog) come from the API target only.
 */
describe('platform metrics across api and worker processes', () => {
  it.runIf(DB_KINDS.includes('postgres'))('the worker serves its dispatch, carrier errors and job failures; the API the webhook backlog; nothing counted twice', async () => {
    const [db, sim, port, metricsPort] = await Promise.all([createTestDatabase(), startSimulatorProcess({ nodeArgs: nodeArgs(SIMULATOR_MAIN) }), freePort(), freePort()]);
    // A webhook receiver that holds each delivery until the test answers it: the backlog is pending meanwhile.
    const held: ServerResponse[] = [];
    const receiver = createServer((req, res) => void req.resume().on('end', () => held.push(res)));
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${port}`;
    const shared = {
      DATABASE_URL: db.url, SECRET_KEY: 'metrics-process-secret-key-0123456789abcdef', OPERATOR_TOKEN: 'metrics-process-operator-token-01', HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'wm-mp-')), PUBLIC_URL: base, LOG_LEVEL: 'warn', JOBS_POLL_MS: '500', METRICS_TOKEN, METRICS_PORT: String(metricsPort),
      SIMULATOR_URL: sim.url, SIMULATOR_AUTH_TOKEN: sim.authToken, CARRIER_HOSTS_ALLOWED: '127.0.0.1,localhost,::1', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_TIMEOUT_MS: '120000',
    };
    const api = run({ ...shared, ROLE: 'api', PORT: String(port) });
    const worker = run({ ...shared, ROLE: 'worker' });
    const procs = [api, worker];
    const apiMetrics = `${base}/metrics`;
    const workerMetrics = `http://127.0.0.1:${metricsPort}/metrics`;
    const sql = new pg.Client({ connectionString: db.url });
    try {
      await waitReady(port, api);
      await until(() => fetch(workerMetrics).then((r) => r.status), (s) => s === 401, 'the worker /metrics answers', procs);
      // The token guards the worker's target as it guards the API's.
      for (const url of [apiMetrics, workerMetrics]) {
        const none = await fetch(url);
        expect([none.status, ((await none.json()) as { error: { code: string } }).error.code]).toEqual([401, 'unauthenticated']);
        const wrong = await fetch(url, { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } });
        expect(wrong.status).toBe(401);
        expect(await wrong.text()).not.toContain('wm_');
      }
      await sql.connect();

      // Texts the worker dispatches; the carrier reports each undelivered (its 30003).
      await sim.control.settings({ latencyMs: 0, undeliveredRate: 1 });
      const signup = await signUpOverHttp(base, shared.OPERATOR_TOKEN);
      const cookies = signup.headers.getSetCookie().map((c) => c.split(';')[0]);
      const csrf = cookies.find((c) => c.startsWith('wm_csrf='))!.split('=')[1];
      const call = (method: string, path: string, body?: unknown) =>
        fetch(`${base}${path}`, { method, headers: { cookie: cookies.join('; '), 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
      expect((await call('POST', '/v1/numbers', { provider: 'simulator', mps: 100 })).status).toBe(201);
      for (let i = 0; i < N; i++) expect((await call('POST', '/v1/messages', { to: `+1415555017${i}`, body: 'Your table is ready.' })).status).toBe(201);
      const [final] = await until(async () => (await sql.query<{ status: string; error_code: string | null; n: string }>(`select status, error_code, count(*) n from messages group by 1, 2`)).rows,
        (rows) => rows.length === 1 && rows[0].status === 'undelivered' && Number(rows[0].n) === N, 'every text undelivered', procs);
      const code = final.error_code!; // the carrier's 30003, as our code for it
      expect(code).toBeTruthy();

      const [a, w] = [await scrape(apiMetrics), await scrape(workerMetrics)];
      // Dispatch happens in the worker only: its target has every send, the API's none.
      expect(sample(w, 'wm_messages_sent_total')).toBe(N);
      expect(sample(a, 'wm_messages_sent_total')).toBe(0);
      // A receipt is counted by the process that applied it (the API's carrier webhook, or the worker when it came
      // before the send was recorded): over the two targets, each undelivered text once.
      expect(sample(a, 'wm_carrier_errors_total', { code }) + sample(w, 'wm_carrier_errors_total', { code })).toBe(N);
      // The worker's target has its own counters only: the database gauges are the API's (no double counting).
      expect(w.map((f) => f.name)).not.toContain('wm_webhook_deliveries_pending');
      expect(w.map((f) => f.name)).not.toContain('wm_messages_waiting');
      expect(sample(a, 'wm_messages_waiting', { status: 'queued' })).toBe(0);

      // Job failures: a job the worker's handler throws on (a transfer id that is no uuid), sent from outside.
      const boss = new PgBoss({ connectionString: db.url, schema: 'pgboss', schedule: false, supervise: false, migrate: false, max: 1 });
      await boss.start();
      try {
        await boss.send('transfers.notify', { transferId: 'not-a-uuid', afterUserId: null });
      } finally {
        await boss.stop({ graceful: false, wait: true });
      }
      await until(() => scrape(workerMetrics).then((f) => sample(f, 'wm_job_failures_total', { queue: 'transfers.notify' })), (n) => n >= 1, 'the worker counted the failed job', procs);
      expect(sample(await scrape(apiMetrics), 'wm_job_failures_total', { queue: 'transfers.notify' })).toBe(0);

      // Webhook backlog (API target): a delivery the worker has in hand and the receiver has not answered is pending…
      const hook = (await (await call('POST', '/v1/webhook-endpoints', { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook` })).json()) as { id: string };
      expect((await call('POST', `/v1/webhook-endpoints/${hook.id}/test`, {})).status).toBeLessThan(300);
      await until(async () => held.length, (n) => n >= 1, 'the worker delivers the test event', procs);
      expect(sample(await scrape(apiMetrics), 'wm_webhook_deliveries_pending')).toBe(1);
      // …and leaves the backlog once answered.
      for (const res of held.splice(0)) res.writeHead(200).end('ok');
      await until(() => scrape(apiMetrics).then((f) => sample(f, 'wm_webhook_deliveries_pending')), (n) => n === 0, 'the backlog drains', procs);
    } finally {
      for (const res of held) res.destroy();
      receiver.closeAllConnections();
      receiver.close();
      await sql.end().catch(() => {});
      const codes = [await stop(api), await stop(worker)];
      await sim.stop();
      await db.drop();
      expect(codes, `api:\n${api.output()}\nworker:\n${worker.output()}`).toEqual([0, 0]);
    }
  }, 240_000);
});
