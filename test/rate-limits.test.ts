import { expect, it } from 'vitest';
import { describeEachDb } from './harness.js';
import { Client, signUp } from './factories.js';

/** Per-caller rate limits (src/http/rate-limit.ts) on a controlled clock: 2 requests/s, 3 at once; public routes 1/s, 2 at once per IP. */
describeEachDb('rate limits', (use) => {
  let t = Date.now();
  /** Moves the app's clock (every bucket refills after a minute). */
  const advance = (ms: number) => { t += ms; use().ctx.now = () => new Date(t); };
  const headers = (r: { headers: Record<string, unknown> }) => ({ limit: r.headers['ratelimit-limit'], remaining: r.headers['ratelimit-remaining'], reset: r.headers['ratelimit-reset'] });

  async function keyClient() {
    advance(60_000);
    const { client } = await signUp(use().app);
    advance(60_000);
    const { key } = (await client.post('/v1/api-keys', { name: 'limits' })).json();
    advance(60_000);
    return { session: client, api: new Client(use().app, key) };
  }

  it('every answer to an API key carries RateLimit-* headers; the 4th request at once is a 429 with Retry-After', async () => {
    const { api } = await keyClient();
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await api.get('/v1/me'));
    const seen = [];
    for (let i = 0; i < 3; i++) seen.push(headers(answers[i]!));
    expect(seen).toEqual([
      { limit: '3', remaining: '2', reset: '1' },
      { limit: '3', remaining: '1', reset: '1' },
      { limit: '3', remaining: '0', reset: '2' },
    ]);
    const refused = answers[3]!;
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error).toMatchObject({ code: 'rate_limited', details: { retryAfterSeconds: 1, limit: 3 } });
    expect(refused.headers['retry-after']).toBe('1');
    expect(headers(refused)).toEqual({ limit: '3', remaining: '0', reset: '2' });
    expect(refused.headers['ratelimit-policy']).toBe('3;w=2');
    // Half a second later one token is back; a full bucket after the reset.
    advance(500);
    expect((await api.get('/v1/me')).statusCode).toBe(200);
    expect((await api.get('/v1/me')).statusCode).toBe(429);
    advance(2_000);
    const again = await api.get('/v1/me');
    expect([again.statusCode, again.headers['ratelimit-remaining']]).toEqual([200, '2']);
  });

  it('keys and sessions are limited independently', async () => {
    const a = await keyClient();
    const b = await keyClient();
    for (let i = 0; i < 3; i++) expect((await a.api.get('/v1/me')).statusCode).toBe(200);
    expect((await a.api.get('/v1/me')).statusCode).toBe(429);
    // Another key, and the same person's web session, each have their own bucket.
    expect(headers(await b.api.get('/v1/me'))).toMatchObject({ remaining: '2' });
    const web = await a.session.get('/v1/me');
    expect([web.statusCode, web.headers['ratelimit-remaining']]).toEqual([200, '2']);
  });

  it('a refused request changes nothing (a send over the limit is not queued)', async () => {
    const env = use();
    const { api } = await keyClient();
    await api.post('/v1/numbers', { provider: 'simulator' });
    const count = async () => Number((await env.ctx.database.query<{ n: number }>(`select count(*) n from messages where "to" = '+14155550161'`)).rows[0].n);
    const sends = [];
    for (let i = 0; i < 3; i++) sends.push((await api.post('/v1/messages', { to: '+14155550161', body: `n${i}` })).statusCode);
    expect(sends).toEqual([201, 201, 429]);
    expect(await count()).toBe(2);
  });

  it('a batch send counts each recipient against the limit', async () => {
    const { api } = await keyClient();
    await api.post('/v1/numbers', { provider: 'simulator' });
    advance(2_000);
    const batch = { body: 'hi', messages: [{ to: '+14155550171' }, { to: '+14155550172' }] };
    const first = await api.post('/v1/messages/batch', batch);
    expect([first.statusCode, first.headers['ratelimit-remaining']]).toEqual([200, '1']);
    const second = await api.post('/v1/messages/batch', batch);
    expect([second.statusCode, second.headers['retry-after'], second.json().error.details.cost]).toEqual([429, '1', 2]);
  });

  it('unauthenticated requests to public routes are limited per IP address', async () => {
    advance(60_000);
    const anon = (ip: string) => use().app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: 'nobody@example.com', password: 'wrong-password-123' }, remoteAddress: ip });
    const first = await anon('203.0.113.7');
    expect(first.statusCode).toBe(401);
    expect(headers(first)).toEqual({ limit: '2', remaining: '1', reset: '1' });
    expect((await anon('203.0.113.7')).statusCode).toBe(401);
    const third = await anon('203.0.113.7');
    expect([third.statusCode, third.headers['retry-after']]).toEqual([429, '1']);
    expect((await anon('203.0.113.8')).statusCode).toBe(401);
    // Carriers' callbacks and media fetches are never limited: receipts come by the thousand from a few addresses.
    for (let i = 0; i < 5; i++) {
      const hook = await use().app.inject({ method: 'POST', url: '/webhooks/twilio/nope/status', payload: 'MessageSid=SM1', headers: { 'content-type': 'application/x-www-form-urlencoded' }, remoteAddress: '203.0.113.9' });
      expect(hook.statusCode, hook.body).not.toBe(429);
      expect(hook.headers['ratelimit-limit']).toBeUndefined();
      const medium = await use().app.inject({ method: 'GET', url: '/media/ac_x/md_x/tok', remoteAddress: '203.0.113.9' });
      expect(medium.statusCode).not.toBe(429);
      expect(medium.headers['ratelimit-limit']).toBeUndefined();
    }
  });
}, { API_RATE_LIMIT_PER_SECOND: '2', API_RATE_LIMIT_BURST: '3', API_RATE_LIMIT_IP_PER_SECOND: '1', API_RATE_LIMIT_IP_BURST: '2' });
