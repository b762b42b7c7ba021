/**
 * Starting the simulated carrier as a child process (tests and benchmarks), and a client of its
 * test-control endpoints (SIMULATOR_TEST_CONTROL=1).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { SimSettings } from './ledger.js';

export interface SimulatorLedgerEntry { sid: string; accountSid: string; reference: string | null; from: string; to: string; body: string; acceptedAt: number; submissions: number; reported: boolean }

/** The test-control endpoints of a simulator started with SIMULATOR_TEST_CONTROL=1. */
export class SimulatorControl {
  constructor(readonly url: string) {}
  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await fetch(`${this.url}${path}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
    if (!r.ok) throw new Error(`simulator ${path}: HTTP ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  }
  /** Replaces the server-wide outcome settings (unnamed ones go back to their defaults). */
  settings(s: Partial<SimSettings>) { return this.call<{ settings: SimSettings }>('POST', '/__sim/settings', s); }
  /** Reports every due receipt now and waits until each was answered; answers how many were taken and how many wait. */
  flush() { return this.call<{ reported: number; pending: number }>('POST', '/__sim/flush'); }
  ledger() { return this.call<{ messages: SimulatorLedgerEntry[]; pending: number }>('GET', '/__sim/ledger'); }
}

export interface SimulatorProcess {
  url: string;
  /** The main account's token: West Message's SIMULATOR_AUTH_TOKEN. */
  authToken: string;
  control: SimulatorControl;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Spawns the simulator (src/providers/simulator/main.ts through tsx, or the compiled main.js) on a
 * free loopback port, in memory unless `dataDir` is given, with test control on; resolves once it listens.
 */
export async function startSimulatorProcess(opts: { env?: Record<string, string>; dataDir?: string; authToken?: string; timeoutMs?: number; nodeArgs?: string[] } = {}): Promise<SimulatorProcess> {
  const self = fileURLToPath(import.meta.url);
  const ts = self.endsWith('.ts');
  const main = self.replace(/process\.(ts|js)$/, ts ? 'main.ts' : 'main.js');
  const authToken = opts.authToken ?? randomBytes(24).toString('base64url');
  // `nodeArgs`: how to run main (tests pass a compiled copy); else this file's sibling, through tsx when it is TypeScript.
  const child = spawn(process.execPath, opts.nodeArgs ?? [...(ts ? ['--import', 'tsx'] : []), main], {
    env: {
      ...process.env, SIMULATOR_AUTH_TOKEN: authToken, SIMULATOR_PORT: '0', SIMULATOR_HOST: '127.0.0.1', SIMULATOR_TEST_CONTROL: '1',
      ...(opts.dataDir ? { SIMULATOR_DATA_DIR: opts.dataDir, SIMULATOR_MEMORY: '0' } : { SIMULATOR_MEMORY: '1' }),
      SIMULATOR_LATENCY_MS: '0', ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`simulator did not start: ${out}`)), opts.timeoutMs ?? 30_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /SIMULATOR_URL=(\S+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`simulator exited (${code}): ${out}`)); });
  });
  return {
    url, authToken, child, control: new SimulatorControl(url), output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
