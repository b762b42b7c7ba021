// The media fetch guard against a real local HTTP server (no database): the size cap holds while a
// body streams without a length, a server that never answers is cut off at the deadline, every
// redirect hop is checked again, and extra headers (a carrier's auth) go to the first origin only.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardedGet, type GuardOptions } from '../src/lib/net-guard.js';

let server: http.Server;
let base = '';
let port = 0;
const seenAuth: Array<string | undefined> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seenAuth.push(req.headers.authorization);
    if (url.pathname === '/stream') {
      // No content-length: chunks of 64 KiB until the client hangs up (or 2 MiB).
      res.writeHead(200, { 'content-type': 'image/png' });
      let sent = 0;
      const push = () => {
        while (sent < 2 << 20) {
          sent += 65_536;
          if (!res.write(Buffer.alloc(65_536, 1))) return;
        }
        res.end();
      };
      res.on('drain', push);
      push();
      return;
    }
    if (url.pathname === '/small') return void res.writeHead(200, { 'content-type': 'image/gif' }).end(Buffer.from('GIF89a'));
    if (url.pathname === '/hang') return; // never answers
    if (url.pathname === '/to-localhost') return void res.writeHead(302, { location: `http://localhost:${port}/small` }).end();
    if (url.pathname === '/to-metadata') return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    if (url.pathname === '/loop') return void res.writeHead(302, { location: '/loop' }).end();
    if (url.pathname === '/to-small') return void res.writeHead(307, { location: '/small' }).end();
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const opts = (o: Partial<GuardOptions> = {}): GuardOptions => ({ allowedHosts: ['127.0.0.1'], onlyHosts: ['127.0.0.1', 'localhost'], timeoutMs: 2_000, maxBytes: 100_000, ...o });

describe('guardedGet against a local server', () => {
  it.each<[string, string, Partial<GuardOptions>, string | null]>([
    ['a small file', '/small', {}, null],
    ['a body without length past the cap, cut off while streaming', '/stream', {}, 'too_large'],
    ['the same under a cap it fits', '/stream', { maxBytes: 3 << 20 }, null],
    ['a server that never answers, at the deadline', '/hang', { timeoutMs: 200 }, 'timeout'],
    ['a redirect to a name resolving to loopback (not allowed)', '/to-localhost', {}, 'address_not_allowed'],
    ['a redirect to the metadata address', '/to-metadata', { onlyHosts: null }, 'address_not_allowed'],
    ['a redirect loop', '/loop', {}, 'too_many_redirects'],
    ['a same-origin redirect', '/to-small', {}, null],
    ['a 404', '/missing', {}, 'http_error'],
  ])('%s', async (_name, path, o, expected) => {
    const r = await guardedGet(`${base}${path}`, opts(o));
    expect(r.ok ? null : r.code).toBe(expected);
  });

  it('sends extra headers to the first origin only, never after a redirect elsewhere', async () => {
    seenAuth.length = 0;
    const r = await guardedGet(`${base}/to-localhost`, opts({ allowedHosts: ['127.0.0.1', 'localhost'], headers: { authorization: 'Basic c2VjcmV0' } }));
    expect(r.ok && r.bytes.toString()).toBe('GIF89a');
    expect(seenAuth).toEqual(['Basic c2VjcmV0', undefined]);
  });
});
