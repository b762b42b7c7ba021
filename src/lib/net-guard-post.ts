/**
 * POST with the outbound guard (webhooks): the URL's host is resolved and every address checked
 * (net-guard `checkTarget`: public, or allowed by host name, address or CIDR), and the socket is
 * pinned to the checked address through the agent's `lookup`, so a name that resolves elsewhere a
 * moment later (DNS rebinding) cannot move the connection. Redirects are not followed (a webhook
 * answer is final); the answer's first `excerptBytes` are kept, the rest is drained.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { checkTarget } from './net-guard.js';

export interface PostOptions {
  allowedHosts: readonly string[];
  timeoutMs: number;
  excerptBytes: number;
  headers: Record<string, string>;
  /** Name resolution (tests may replace it); defaults to the system resolver. */
  resolve?: (host: string) => Promise<string[]>;
}

export type PostResult =
  | { ok: true; status: number; excerpt: string; retryAfter: string | null; latencyMs: number }
  | { ok: false; code: 'invalid_url' | 'address_not_allowed' | 'unresolvable' | 'timeout' | 'network_error'; message: string; latencyMs: number };

/** A `lookup` that always answers the one address that was checked. */
function pinned(address: string) {
  const family = isIP(address);
  return (_host: string, options: object, cb: (...args: never[]) => void) => {
    const callback = cb as unknown as (e: null, a: string | Array<{ address: string; family: number }>, f?: number) => void;
    if ((options as { all?: boolean }).all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

export async function guardedPost(rawUrl: string, body: string, opts: PostOptions): Promise<PostResult> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  const target = await checkTarget(rawUrl, { allowedHosts: opts.allowedHosts, resolve: opts.resolve, matchAddresses: true });
  if ('ok' in target) {
    const code = target.code === 'invalid_url' || target.code === 'address_not_allowed' || target.code === 'unresolvable' ? target.code : 'network_error';
    return { ok: false, code, message: target.message, latencyMs: latency() };
  }
  const { url, address } = target;
  const lib = url.protocol === 'https:' ? https : http;
  const agent = new lib.Agent({ keepAlive: false, lookup: pinned(address) as never });
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const done = (r: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      agent.destroy();
      resolve(r);
    };
    const req = lib.request(url, {
      method: 'POST', agent,
      headers: { 'user-agent': 'west-message-webhooks', 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...opts.headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < opts.excerptBytes) chunks.push(c.subarray(0, opts.excerptBytes - size));
        size += c.length;
      });
      const finish = () => {
        const retryAfter = res.headers['retry-after'];
        done({
          ok: true, status: res.statusCode ?? 0, latencyMs: latency(),
          excerpt: Buffer.concat(chunks).toString('utf8').replace(/\uFFFD+$/, ''),
          retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
        });
      };
      res.on('end', finish);
      res.on('error', finish);
    });
    const timer = setTimeout(() => {
      req.destroy();
      done({ ok: false, code: 'timeout', message: `No answer within ${opts.timeoutMs} ms.`, latencyMs: latency() });
    }, opts.timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => done({ ok: false, code: 'network_error', message: `Could not connect (${err.code ?? 'error'}).`, latencyMs: latency() }));
    req.end(body);
  });
}
