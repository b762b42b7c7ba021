/** Starts the Twilio-shaped peer (test/peers/twilio-server.ts) in its own process and talks to its test controls. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { nodeArgs } from '../compiled.js';

export interface TwilioPeer {
  /** The peer's API base URL (http://127.0.0.1:<port>). */
  api: string;
  admin: <T = any>(path: string, body?: unknown) => Promise<T>;
  ledger: () => Promise<any>;
  /** Serves files as Twilio serves MMS media (see the peer's /__admin/media). */
  serve: (files: Record<string, { contentType: string; bytes: Buffer }>) => Promise<unknown>;
  stop: () => void;
}

export async function startTwilioPeer(): Promise<TwilioPeer> {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs(join(import.meta.dirname, 'twilio-server.ts')), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const api = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`peer did not start: ${out}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /TWILIO_PEER_PORT=(\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(`http://127.0.0.1:${m[1]}`); }
    });
    child.stderr!.on('data', (d) => (out += d));
    child.on('exit', () => { clearTimeout(timer); reject(new Error(`peer exited: ${out}`)); });
  });
  const admin = async (path: string, body: unknown = {}) => (await fetch(`${api}${path}`, { method: 'POST', body: JSON.stringify(body) })).json();
  return {
    api,
    admin,
    ledger: async () => (await fetch(`${api}/__ledger`)).json(),
    serve: (files) => admin('/__admin/media', { files: Object.fromEntries(Object.entries(files).map(([n, f]) => [n, { contentType: f.contentType, base64: f.bytes.toString('base64') }])) }),
    stop: () => void child.kill('SIGTERM'),
  };
}
