// Runs the real server entry point as a child process (process-level tests).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeArgs } from './compiled.js';
import { seedPgliteDir } from './db-snapshot.js';
// @ts-expect-error plain ESM script without type declarations
import { serverNodeFlags } from '../scripts/start.mjs';

const MAIN = join(import.meta.dirname, '..', 'src', 'main.ts');

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * The environment of a server process for a process-level test (crash tests): a free loopback port, PUBLIC_URL on it,
 * a DATA_DIR of its own; on PostgreSQL the test's database with fixed secrets (so restarts read what the first process
 * wrote), on PGlite DATA_DIR seeded with the run's migrated snapshot (as PostgreSQL starts from its template). `extra`
 * comes before the database's settings.
 */
export async function serverEnv(tag: string, db: { url: string } | null, extra: Record<string, string> = {}): Promise<{ port: number; base: string; env: Record<string, string> }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    PORT: String(port), HOST: '127.0.0.1', DATA_DIR: mkdtempSync(join(tmpdir(), `wm-${tag}-`)), PUBLIC_URL: base, LOG_LEVEL: 'warn', ...extra,
    ...(db ? { DATABASE_URL: db.url, SECRET_KEY: `${tag}-test-secret-key-0123456789abcdef`, OPERATOR_TOKEN: `${tag}-test-operator-token-0123456789` } : {}),
  };
  if (!db) await seedPgliteDir(join(env.DATA_DIR, 'pglite'));
  return { port, base, env };
}

export interface Proc { child: ChildProcess; output: () => string; exited: Promise<number | null> }

/**
 * V8 flags of a server child: no optimizing compiler, for PGlite's WebAssembly (`--liftoff-only`:
 * V8's baseline code only) nor for JavaScript (`--no-opt`). A test's server lives seconds to a
 * minute; its start-up alone made hundreds of functions hot, and optimizing them was ~3 s of a
 * start's ~7.5 s of CPU (start to /readyz: 7.5 → 4.5 s) that the short rest of its life never paid
 * back (children's CPU, paired runs: dispatch-crash 37.4 → 30.5 s, campaign-crash 45.7 → 35.8 s). Only the
 * speed of the compiled code changes, not what runs. TEST_CHILD_NODE_FLAGS overrides them ('' for none).
 */
const CHILD_FLAGS = (process.env.TEST_CHILD_NODE_FLAGS ?? '--liftoff-only --no-opt').split(/\s+/).filter(Boolean);
/** And the flags `npm start` gives the server (a worker thread refuses V8 flags: the servers of these tests meet what production meets). */
const START_FLAGS: string[] = serverNodeFlags({}).flags;

export function run(env: Record<string, string>): Proc {
  const child = spawn(process.execPath, [...START_FLAGS, ...CHILD_FLAGS, ...nodeArgs(MAIN)], { env: { ...process.env, LOG_LEVEL: 'info', TEST_PASSWORD_HASH: 'fast', JOBS_POLL_MS: '5000', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code, signal) => { out += `\n[exit code=${code} signal=${signal}]`; r(code); }));
  return { child, output: () => out, exited };
}

/** Polls /readyz until the server answers; a start from scratch on a loaded machine can take a while. */
export async function waitReady(port: number, proc: Proc, timeoutMs = Number(process.env.TEST_READY_TIMEOUT_MS ?? 120_000)) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (r.ok) return;
    } catch { /* not yet */ }
    if (proc.child.exitCode !== null) throw new Error(`server exited: ${proc.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server not ready after ${timeoutMs} ms: ${proc.output()}`);
}

export async function stop(proc: Proc) {
  proc.child.kill('SIGTERM');
  return proc.exited;
}

