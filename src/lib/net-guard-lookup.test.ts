import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TwilioHttp } from '../providers/twilio/http.js';
import { guardedLookup } from './net-guard.js';

describe('guardedLookup: every socket to a carrier host checked when it is made', () => {
  let server: http.Server;
  let port = 0;
  beforeAll(async () => {
    server = http.createServer((_req, res) => res.end('{}'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const get = (host: string, lookup: ReturnType<typeof guardedLookup>) => new Promise<number | string>((resolve) => {
    http.get({ host, port, path: '/', lookup: lookup as never, agent: false }, (res) => { res.resume(); resolve(res.statusCode ?? 0); })
      .on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
  });

  it('refuses a name resolving to loopback or private addresses; an allowed host connects, pinned to the checked address', async () => {
    const toLoopback = async () => ['127.0.0.1'];
    expect(await get('carrier.test', guardedLookup([], toLoopback))).toBe('EADDRNOTALLOWED');
    expect(await get('carrier.test', guardedLookup([], async () => ['10.0.0.7']))).toBe('EADDRNOTALLOWED');
    expect(await get('carrier.test', guardedLookup([], async () => ['203.0.113.9', '127.0.0.1']))).toBe('EADDRNOTALLOWED');
    expect(await get('carrier.test', guardedLookup([], async () => { throw new Error('NXDOMAIN'); }))).toBe('ENOTFOUND');
    expect(await get('carrier.test', guardedLookup(['carrier.test'], toLoopback))).toBe(200);
  });

  it('a name that resolves to a public address first and to loopback later (rebinding) is refused at the next socket', async () => {
    const answers = [['198.51.100.1'], ['127.0.0.1']];
    let asked = 0;
    const seen: string[] = [];
    const lookup = guardedLookup([], async () => { const a = answers[Math.min(asked++, 1)]; seen.push(a[0]); return a; });
    // The first socket would go to the (reserved, documentation) address: refused as well, which proves each socket asks anew.
    expect(await get('rebind.test', lookup)).toBe('EADDRNOTALLOWED');
    expect(await get('rebind.test', lookup)).toBe('EADDRNOTALLOWED');
    expect(seen).toEqual(['198.51.100.1', '127.0.0.1']);
  });

  it("the Twilio client's sockets use it: a request to a host resolving to loopback never leaves", async () => {
    const client = new TwilioHttp({ baseUrl: `http://carrier.test:${port}`, username: 'AC', password: 'x', timeoutMs: 2_000, maxSockets: 1, lookup: guardedLookup([], async () => ['127.0.0.1']) });
    expect(await client.request('GET', '/2010-04-01/Accounts.json')).toMatchObject({ kind: 'not_sent' });
    const allowed = new TwilioHttp({ baseUrl: `http://carrier.test:${port}`, username: 'AC', password: 'x', timeoutMs: 2_000, maxSockets: 1, lookup: guardedLookup(['carrier.test'], async () => ['127.0.0.1']) });
    expect(await allowed.request('GET', '/2010-04-01/Accounts.json')).toMatchObject({ status: 200 });
  });
});
