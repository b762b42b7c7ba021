// The test SMSC (test/peers/smsc.ts) in its own process, and its admin commands, for process-level SMPP tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { nodeArgs } from './compiled.js';

export interface Smsc { child: ChildProcess; port: number; admin: number; cmd: (path: string, body?: unknown) => Promise<any>; stop: () => void }

export async function startSmsc(extra: string[] = []): Promise<Smsc> {
  const child = spawn(process.execPath, [...nodeArgs(join(import.meta.dirname, 'peers', 'smsc.ts')), '--port', '0', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
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
  const cmd = async (path: string, body: unknown = {}) => (await fetch(`http://127.0.0.1:${info.admin}${path}`, { method: 'POST', body: JSON.stringify(body) })).json();
  return { child, ...info, cmd, stop: () => void child.kill('SIGTERM') };
}

/** Polls until `f` gives a truthy value (no fixed sleeps in tests). */
export async function waitFor<T>(what: string, f: () => T | Promise<T>, timeoutMs = 20_000, everyMs = 25): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
