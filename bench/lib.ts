import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { Session } from 'node:inspector/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GCProfiler, writeHeapSnapshot } from 'node:v8';
import autocannon from 'autocannon';
import pg from 'pg';

export const ROOT = join(import.meta.dirname, '..');
export const PG_ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface Row { [column: string]: string | number }

export function machine() {
  return { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
}

export function printTable(title: string, rows: Row[]) {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(width[i])).join(' | ')} |`;
  console.log(`\n${title}`);
  console.log(line(cols));
  console.log(line(width.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(cols.map((c) => String(r[c] ?? ''))));
}

export function writeResult(name: string, data: object) {
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  const file = join(ROOT, 'bench', 'results', `${name}.json`);
  writeFileSync(file, `${JSON.stringify({ name, at: new Date().toISOString(), machine: machine(), ...data }, null, 2)}\n`);
  console.log(`wrote ${file}`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function postgresReachable() {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

/** A fresh PostgreSQL database for one benchmark; dropped afterwards. */
export async function benchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `wm_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface Server { url: string; stop: () => Promise<void>; child: ChildProcess }

/** Starts a TypeScript entry point in its own process (so load generator and server do not share a core). */
export async function startServer(entry: string, env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), DATA_DIR: mkdtempSync(join(tmpdir(), 'wm-bench-')),
      // Benchmarks measure throughput: the per-key limiter runs (its cost counts) with limits far above any load.
      API_RATE_LIMIT_PER_SECOND: '1000000', API_RATE_LIMIT_BURST: '1000000', API_RATE_LIMIT_IP_PER_SECOND: '1000000', API_RATE_LIMIT_IP_BURST: '1000000', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  // Up to 150 s: on a shared, loaded machine (load 25+) the app's start (tsx, migrations) took longer than 30 s and the send bench failed.
  for (let i = 0; i < 1500; i++) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch { /* starting */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

export interface Load { reqPerSec: number; p50: number; p99: number; errors: number; non2xx: number }

export async function load(url: string, headers: Record<string, string> = {}, seconds = Number(process.env.BENCH_SECONDS ?? 8)): Promise<Load> {
  const opts = { url, headers, connections: 50, pipelining: 1, duration: seconds };
  await autocannon({ ...opts, duration: 1 }); // warm-up
  const r = await autocannon(opts);
  return { reqPerSec: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}

export interface Peer { pid: number; port: number; admin: number; stop: () => Promise<void> }

/**
 * Starts a carrier peer of the tests (test/peers/*.ts) in its own process; it prints one JSON line
 * `{port, admin}` when listening. stop() ends it (SIGTERM, then SIGKILL after 2 s).
 */
export async function startPeer(entry: string, args: string[] = []): Promise<Peer> {
  // BENCH_PEER_PROF=<dir>: the peer writes a CPU profile there when it stops (node --cpu-prof).
  const prof = process.env.BENCH_PEER_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PEER_PROF}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...prof, '--import', 'tsx', join(ROOT, entry), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = () => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), 2000);
    child.once('exit', () => { clearTimeout(kill); resolve(); });
    child.kill('SIGTERM');
  });
  try {
    const info = await new Promise<{ port: number; admin: number }>((resolve, reject) => {
      let out = '';
      const t = setTimeout(() => reject(new Error(`${entry} did not start within 30 s`)), 30_000);
      child.stdout!.on('data', (d) => {
        out += d;
        if (out.includes('\n')) { clearTimeout(t); resolve(JSON.parse(out.split('\n')[0])); }
      });
      child.once('exit', (code) => { clearTimeout(t); reject(new Error(`${entry} exited with ${code}`)); });
    });
    return { ...info, pid: child.pid!, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Row writes (inserts, updates, deletes) per table since a snapshot, from pg_stat_user_tables. */
export type TableWrites = Record<string, { ins: number; upd: number; del: number; hot: number }>;

export async function tableWrites(url: string): Promise<TableWrites> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ t: string; ins: string; upd: string; del: string; hot: string }>(
      `select schemaname || '.' || relname t, n_tup_ins ins, n_tup_upd upd, n_tup_del del, n_tup_hot_upd hot from pg_stat_user_tables`,
    );
    return Object.fromEntries(rows.map((r) => [r.t, { ins: Number(r.ins), upd: Number(r.upd), del: Number(r.del), hot: Number(r.hot) }]));
  } finally {
    await c.end();
  }
}

/** What changed between two snapshots (tables without writes left out). */
export function writesDelta(before: TableWrites, after: TableWrites): TableWrites {
  const out: TableWrites = {};
  for (const [t, a] of Object.entries(after)) {
    const b = before[t] ?? { ins: 0, upd: 0, del: 0, hot: 0 };
    const d = { ins: a.ins - b.ins, upd: a.upd - b.upd, del: a.del - b.del, hot: a.hot - b.hot };
    if (d.ins || d.upd || d.del) out[t] = d;
  }
  return out;
}

/** Processes left over from earlier runs (servers, carrier peers) that would skew a measurement. */
export function strays(): string[] {
  try {
    return execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).split('\n')
      .filter((l) => /src\/main\.ts|peers\//.test(l) && !l.includes(`${process.pid} `));
  } catch {
    return [];
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc (0 where there is none). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

/**
 * `<envVar>=<file>`: a CPU profile of this thread from now until the returned stop is called (open
 * it in Chrome's DevTools), or an allocation profile for a `.heapprofile` file; null when the variable is not set.
 */
export async function startProfile(envVar: string): Promise<(() => Promise<void>) | null> {
  const file = process.env[envVar];
  if (!file) return null;
  // A file ending in .heapsnapshot: one heap snapshot BENCH_SNAPSHOT_AFTER_MS (default 3,000) into the run — what is alive mid-run.
  if (file.endsWith('.heapsnapshot')) {
    const timer = setTimeout(() => writeHeapSnapshot(file), Number(process.env.BENCH_SNAPSHOT_AFTER_MS ?? 3000));
    return async () => clearTimeout(timer);
  }
  // A file ending in .gc.json: what garbage collection did (v8.GCProfiler) — counts, time and bytes moved by kind, steadier under a loaded machine than CPU time.
  if (file.endsWith('.gc.json')) {
    const gc = new GCProfiler();
    gc.start();
    return async () => {
      type Stats = { heapSpaceStatistics: { spaceName: string; spaceUsedSize: number }[] };
      const events = (gc.stop()?.statistics ?? []) as unknown as { gcType: string; cost: number; beforeGC: Stats; afterGC: Stats }[];
      const used = (s: Stats, name: string) => (s.heapSpaceStatistics.find((x) => x.spaceName === name)?.spaceUsedSize ?? 0) / 2 ** 20;
      // Per kind: how many, their time, what young objects survived (left in or promoted out of new space), and how much old space grew by them.
      const byType: Record<string, { count: number; ms: number; survivedMiB: number; oldGrowthMiB: number }> = {};
      for (const e of events) {
        const t = (byType[e.gcType] ??= { count: 0, ms: 0, survivedMiB: 0, oldGrowthMiB: 0 });
        t.count++;
        t.ms += e.cost / 1000;
        const oldGrowth = used(e.afterGC, 'old_space') - used(e.beforeGC, 'old_space');
        t.oldGrowthMiB += oldGrowth;
        if (e.gcType === 'Scavenge') t.survivedMiB += used(e.afterGC, 'new_space') + Math.max(0, oldGrowth);
      }
      for (const t of Object.values(byType)) for (const k of ['ms', 'survivedMiB', 'oldGrowthMiB'] as const) t[k] = Math.round(t[k]);
      writeFileSync(file, JSON.stringify(byType, null, 2));
      console.log('gc', JSON.stringify(byType));
    };
  }
  const session = new Session();
  session.connect();
  // A file ending in .heapprofile: a sampling allocation profile instead (objects garbage-collected since included: what was allocated, not what is left).
  if (file.endsWith('.heapprofile')) {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    return async () => {
      const { profile } = await session.post('HeapProfiler.stopSampling');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    };
  }
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

/**
 * `BENCH_PG_SAMPLE=<file>`: where the database's time goes, by statement — `pg_stat_activity` of the
 * measured database read every few milliseconds on a connection of its own until the returned stop;
 * each active backend counts one sample for its statement (with its wait event, if any). Wall time
 * of active backends, not CPU, but it names the statements a CPU profile of PostgreSQL cannot.
 * Writes the table (top 40) to the file and prints the top 12; the stop returns how many queries the
 * sampler sent (callers counting statements leave them out). Null when the variable is not set. Its
 * backend's CPU is the measured database's too: a sampled run is for the statement table, not a figure.
 */
export async function startPgSampler(url: string): Promise<(() => Promise<number>) | null> {
  const file = process.env.BENCH_PG_SAMPLE;
  if (!file) return null;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const counts = new Map<string, number>();
  let samples = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const { rows } = await c.query<{ query: string; wait: string | null }>(
        `select query, case when wait_event_type is not null and wait_event_type <> 'Client' then wait_event_type || ':' || wait_event end as wait
         from pg_stat_activity where datname = current_database() and state = 'active' and pid <> pg_backend_pid()`);
      samples++;
      for (const r of rows) {
        const k = r.query.replace(/\s+/g, ' ').trim().slice(0, 120) + (r.wait ? ` [${r.wait}]` : '');
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    await c.end();
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 40)
      .map(([statement, n]) => ({ samples: n, share: `${((n / Math.max(1, total)) * 100).toFixed(1)} %`, statement }));
    writeFileSync(file, JSON.stringify({ samples, activeBackendSamples: total, top }, null, 2));
    printTable(`Database time by statement (pg_stat_activity, ${samples} samples; ${file})`, top.slice(0, 12));
    return samples;
  };
}

type ProductModules = {
  startServices: typeof import('../src/server.js').startServices;
  buildApp: typeof import('../src/app.js').buildApp;
  startDispatcher: typeof import('../src/modules/messaging/dispatcher.js').startDispatcher;
};
let compiledModules: Promise<ProductModules> | null = null;

/**
 * The product's entry points as `npm start` runs them: the tsc build in dist/ (built first when
 * missing or older than the sources) — not the sources through tsx, whose esbuild transform wraps
 * every named closure in a `__name` call (a property definition per closure made: per message on
 * the hot paths). BENCH_SOURCE=1: the sources (what tests run).
 */
export function productModules(): Promise<ProductModules> {
  compiledModules ??= (async () => {
    if (process.env.BENCH_SOURCE === '1') {
      return {
        startServices: (await import('../src/server.js')).startServices,
        buildApp: (await import('../src/app.js')).buildApp,
        startDispatcher: (await import('../src/modules/messaging/dispatcher.js')).startDispatcher,
      };
    }
    const build = (await import(pathToFileURL(join(ROOT, 'scripts', 'build-server.mjs')).href)) as { serverIsStale: () => boolean; buildServer: () => boolean };
    if (build.serverIsStale() && !build.buildServer()) throw new Error('npm run build:server failed');
    const dist = (path: string) => import(pathToFileURL(join(ROOT, 'dist', path)).href);
    return {
      startServices: ((await dist('server.js')) as typeof import('../src/server.js')).startServices,
      buildApp: ((await dist('app.js')) as typeof import('../src/app.js')).buildApp,
      startDispatcher: ((await dist('modules/messaging/dispatcher.js')) as typeof import('../src/modules/messaging/dispatcher.js')).startDispatcher,
    };
  })();
  return compiledModules;
}
