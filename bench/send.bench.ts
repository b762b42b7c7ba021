// `npm run bench send`: POST /v1/messages with an API key at 50 connections, beside a bare Fastify
// route doing one INSERT, in the same run, both on PostgreSQL with the server in its own process.
// Besides req/s and p99 it reports, per request: the statements the server sent to PostgreSQL
// (round trips, BEGIN/COMMIT included: bench/servers/count-queries.cjs) and the CPU time of the
// server process and of its PostgreSQL backends (from /proc), and the load average when it ran.
// BENCH_SERVER_PROF=<dir>: the servers write a CPU profile there when they stop (count-queries.cjs).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { startSimulatorProcess } from '../src/providers/simulator/process.js';
import { ROOT, benchDatabase, cpuSeconds, postgresReachable, printTable, startServer, writeResult, type Row, type Server } from './lib.js';
import { signUpWithKey } from './auth.bench.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The server's statement count so far (SIGUSR2 makes count-queries.cjs write it). */
async function statements(server: Server, file: string): Promise<number> {
  rmSync(file, { force: true });
  server.child.kill('SIGUSR2');
  for (let i = 0; i < 200 && !existsSync(file); i++) await sleep(10);
  await sleep(10);
  return Number(readFileSync(file, 'utf8'));
}

/**
 * CPU seconds of the PostgreSQL backends serving this database (the server's pool) over a run. The
 * backends are listed every 200 ms and each one's last reading kept: a pooled connection that goes
 * idle and closes during the run (the send batcher leaves most of the pool idle) keeps the CPU it
 * used, which a reading of only the connections open at the start and at the end would drop.
 */
async function backendCpuMeter(url: string): Promise<{ stop: () => Promise<number> }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const sample = async () => {
    const { rows } = await c.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
    for (const { pid } of rows) {
      const cpu = cpuSeconds(pid);
      if (!cpu) continue; // gone between the listing and the reading
      if (!first.has(pid)) first.set(pid, sampling ? 0 : cpu); // a backend opened during the run counts from its start
      last.set(pid, cpu);
    }
  };
  let sampling = false;
  await sample();
  sampling = true;
  let pending = Promise.resolve();
  const timer = setInterval(() => { pending = pending.then(sample, sample); }, 200);
  return {
    stop: async () => {
      clearInterval(timer);
      await pending;
      await sample();
      await c.end();
      let sum = 0;
      for (const [pid, cpu] of last) sum += cpu - (first.get(pid) ?? 0);
      return sum;
    },
  };
}

interface Measured { reqPerSec: number; p50: number; p99: number; errors: number; requests: number; statementsPerRequest: number; serverCpuUsPerRequest: number; postgresCpuUsPerRequest: number; load: string }

/** Each request to another recipient (as real traffic is), so no two contend for one conversation. */
async function post(server: Server, dbUrl: string, countFile: string, path: string, headers: Record<string, string>, body: (i: number) => object): Promise<Measured> {
  let i = 0;
  const opts = {
    url: `${server.url}${path}`, connections: 50, duration: SECONDS,
    requests: [{ method: 'POST' as const, headers: { 'content-type': 'application/json', ...headers }, setupRequest: (req: object) => ({ ...req, body: JSON.stringify(body(i++)) }) }],
  };
  await autocannon({ ...opts, duration: 1 }); // warm-up (also opens the pool's connections)
  const meter = await backendCpuMeter(dbUrl);
  const before = { q: await statements(server, countFile), cpu: cpuSeconds(server.child.pid!) };
  const r = await autocannon(opts);
  const after = { q: await statements(server, countFile), cpu: cpuSeconds(server.child.pid!), pg: await meter.stop() };
  const n = Math.max(1, r.requests.total);
  return {
    reqPerSec: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx, requests: r.requests.total,
    statementsPerRequest: Math.round(((after.q - before.q) / n) * 100) / 100,
    serverCpuUsPerRequest: Math.round(((after.cpu - before.cpu) / n) * 1e6),
    postgresCpuUsPerRequest: Math.round((after.pg / n) * 1e6),
    load: load(),
  };
}

/** POST /v1/messages with an API key, beside a bare Fastify route doing one INSERT. */
export async function benchSend() {
  if (!(await postgresReachable())) {
    console.log('send benchmark skipped: no PostgreSQL');
    return;
  }
  const countFile = join(tmpdir(), `wm-bench-send-queries-${process.pid}`);
  const serverEnv = { BENCH_QUERY_COUNT_FILE: countFile, NODE_OPTIONS: `--require ${join(ROOT, 'bench', 'servers', 'count-queries.cjs')}` };
  const db = await benchDatabase();
  // ROLE=api has no embedded simulator: numbers are provisioned through one in its own process (idle here: no dispatcher runs).
  const sim = await startSimulatorProcess();
  const started: Server[] = [];
  try {
    const loadBefore = load();
    const bare = await startServer(join(ROOT, 'bench', 'servers', 'bare-insert.ts'), { DATABASE_URL: db.url, ...serverEnv });
    started.push(bare);
    const baseline = await post(bare, db.url, countFile, '/bare-insert', {}, (i) => ({ body: `Your code is ${i}` }));
    await bare.stop();
    const env = {
      DATABASE_URL: db.url, SECRET_KEY: 'bench-secret-key-0123456789abcdefghij', OPERATOR_TOKEN: 'bench-operator-token-0123456789', ROLE: 'api',
      SIMULATOR_URL: sim.url, SIMULATOR_AUTH_TOKEN: sim.authToken, ...serverEnv,
    };
    const server = await startServer(join(ROOT, 'src', 'main.ts'), env);
    started.push(server);
    const key = await signUpWithKey(server.url);
    const num = await fetch(`${server.url}/v1/numbers`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ provider: 'simulator', mps: 100000 }) });
    if (num.status !== 201) throw new Error(`number: HTTP ${num.status} ${await num.text()}`);
    const send = await post(server, db.url, countFile, '/v1/messages', { authorization: `Bearer ${key}` }, (i) => ({ to: `+1646${String(2000000 + (i % 7000000)).padStart(7, '0')}`, body: `Your code is ${i}` }));
    await server.stop();
    const row = (name: string, m: Measured): Row => ({
      case: name, 'req/s': m.reqPerSec, 'p50 ms': m.p50, 'p99 ms': m.p99, ratio: (m.reqPerSec / baseline.reqPerSec).toFixed(2), errors: m.errors,
      'statements/req': m.statementsPerRequest, 'server CPU µs/req': m.serverCpuUsPerRequest, 'PostgreSQL CPU µs/req': m.postgresCpuUsPerRequest, 'load (1/5/15 min)': m.load,
    });
    const rows: Row[] = [row('bare Fastify route, one INSERT (raw limit)', baseline), row('POST /v1/messages, API key (PostgreSQL, api role)', send)];
    printTable(`Send API (50 connections, ${SECONDS} s each; the message is queued, the dispatcher is not running; load before: ${loadBefore})`, rows);
    writeResult('send', { table: rows, results: { baseline, send, ratio: send.reqPerSec / baseline.reqPerSec, loadBefore } });
  } finally {
    for (const s of started) await s.stop();
    await sim.stop();
    await db.drop();
    rmSync(countFile, { force: true });
  }
}
