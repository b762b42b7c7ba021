import { DateTime } from 'luxon';
import { expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { runFanout } from '../src/modules/campaigns/fanout.js';
import { describeEachDb, type TestEnv } from './harness.js';
import { STRONG_PASSWORD, TEST_OPERATOR_TOKEN, lastEmailTo, signUp, signupBody } from './factories.js';

const insideZone = () =>
  ['America/Los_Angeles', 'America/New_York', 'Pacific/Honolulu', 'America/Anchorage', 'Europe/London', 'Asia/Tokyo', 'Pacific/Auckland']
    .find((z) => { const h = DateTime.now().setZone(z).hour; return h >= 9 && h < 20; })!;

/** Fraud at the door (issue 13): sign-up velocity per IP, disposable emails, destination countries, new-device sign-in mail. */
describeEachDb('fraud at the door', (use) => {
  const signupFrom = (env: TestEnv, ip: string, body = signupBody()) =>
    env.app.inject({ method: 'POST', url: '/v1/auth/signup', payload: body, remoteAddress: ip });
  const withClock = async <T>(env: TestEnv, offsetMs: number, fn: () => Promise<T>) => {
    const real = env.ctx.now;
    env.ctx.now = () => new Date(real().getTime() + offsetMs);
    try { return await fn(); } finally { env.ctx.now = real; }
  };

  it('limits sign-ups per IP address per hour (429 with Retry-After), other addresses unaffected, and admits again after the hour', async () => {
    const env = use();
    env.ctx.config.signupPerIpPerHour = 2; // this test only (the others sign up from inject's 127.0.0.1)
    try {
      const ip = '203.0.113.77';
    expect((await signupFrom(env, ip)).statusCode).toBe(202);
    expect((await signupFrom(env, ip)).statusCode).toBe(202);
    const refused = await signupFrom(env, ip);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error).toMatchObject({ code: 'signup_rate_limited', details: { limitPerHour: 2 } });
    expect(refused.json().error.message).toContain('Too many sign-ups');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3000);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(3600);
    expect((await signupFrom(env, '198.51.100.77')).statusCode).toBe(202);
    expect((await withClock(env, 3_601_000, () => signupFrom(env, ip))).statusCode).toBe(202);
    } finally {
      env.ctx.config.signupPerIpPerHour = 0;
    }
  });

  it('refuses disposable email domains (and their subdomains) before anything is stored', async () => {
    const env = use();
    const count = async () => Number((await env.ctx.database.query<{ n: number }>(`select count(*) n from signup_requests where email like '%mailinator.com'`)).rows[0].n);
    for (const email of ['someone@mailinator.com', 'someone@eu.mailinator.com', 'Someone@MAILINATOR.COM']) {
      const r = await signupFrom(env, '192.0.2.10', signupBody({ email }));
      expect([r.statusCode, r.json().error.code, r.json().error.details.field]).toEqual([422, 'disposable_email', 'owner.email']);
    }
    expect(await count()).toBe(0);
    expect((await signupFrom(env, '192.0.2.11', signupBody({ email: `real-${Date.now()}@example.com` }))).statusCode).toBe(202);
  });

  it("allows only the account's own country until an owner allows more: one-to-one and batch sends refuse the others, the setting is audited", async () => {
    const env = use();
    const { client } = await signUp(env.app);
    await client.post('/v1/numbers', { provider: 'simulator', mps: 100 });
    expect((await client.get('/v1/account/destinations')).json()).toEqual({ homeCountry: 'US', allowedCountries: [], effectiveCountries: ['US'] });

    const fr = await client.post('/v1/messages', { to: '+33 6 12 34 56 78', body: 'Bonjour' });
    expect(fr.statusCode).toBe(422);
    expect(fr.json().error).toMatchObject({ code: 'destination_country_not_allowed', details: { field: 'to', country: 'FR', allowedCountries: ['US'], twilioCode: 21408 } });
    // A Canadian number is +1 too, and still another country.
    expect((await client.post('/v1/messages', { to: '+1 613 555 0123', body: 'Hi' })).json().error.code).toBe('destination_country_not_allowed');
    expect((await client.post('/v1/messages', { to: '+1 415 555 0123', body: 'Hi' })).statusCode).toBe(201);
    const batch = (await client.post('/v1/messages/batch', { body: 'Hi', messages: [{ to: '+14155550124' }, { to: '+33612345679' }] })).json();
    expect(batch.results.map((r: { status: string; error?: { code: string } }) => [r.status, r.error?.code])).toEqual([['queued', undefined], ['refused', 'destination_country_not_allowed']]);
    const { rows: [none] } = await env.ctx.database.query<{ n: number }>(`select count(*)::int n from messages where "to" like '+336%'`);
    expect(none.n).toBe(0);

    // Bad input changes nothing; a valid list is normalised, audited, and applies at once.
    const bad = await client.request('PUT', '/v1/account/destinations', { allowedCountries: ['FR', 'France'] });
    expect([bad.statusCode, bad.json().error.code, bad.json().error.details.invalid]).toEqual([422, 'invalid_country', ['FRANCE']]);
    const set = await client.request('PUT', '/v1/account/destinations', { allowedCountries: ['fr', 'US', 'FR'] });
    expect(set.json()).toEqual({ homeCountry: 'US', allowedCountries: ['FR'], effectiveCountries: ['US', 'FR'] });
    expect((await client.post('/v1/messages', { to: '+33 6 12 34 56 78', body: 'Bonjour' })).statusCode).toBe(201);
    const audit = (await client.get('/v1/audit-events?action=account.destinations_changed')).json().data;
    expect(audit[0]).toMatchObject({ action: 'account.destinations_changed', details: { before: [], after: ['FR'], added: ['FR'], removed: [] } });
  });

  it('skips campaign recipients in a country not allowed, with the reason', async () => {
    const env = use();
    const { client, accountId } = await signUp(env.app);
    const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    for (const phone of ['+14155552701', '+33612345670']) {
      const c = (await client.post('/v1/contacts', { phone, firstName: 'Lee', tags: ['abroad'], timeZone: insideZone() })).json();
      expect((await client.post(`/v1/contacts/${c.id}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'Yes, text me offers' } })).statusCode).toBe(201);
    }
    const c = (await client.post('/v1/campaigns', { name: 'Abroad', body: 'Hi {{first_name}}! Reply STOP to opt out.', audience: { tags: ['abroad'] }, from: number.id })).json();
    expect((await client.post(`/v1/campaigns/${c.id}/launch`)).statusCode).toBe(202);
    await runFanout(env.ctx, { accountId: fromPublicId('account', accountId)!, campaignId: fromPublicId('campaign', c.id)! });
    const got = (await client.get(`/v1/campaigns/${c.id}`)).json();
    expect(got.stats.skipped).toEqual({ destination_not_allowed: 1 });
    const skipped = (await client.get(`/v1/campaigns/${c.id}/recipients?status=skipped`)).json().data;
    expect(skipped).toEqual([expect.objectContaining({ reason: 'destination_not_allowed' })]);
    const { rows } = await env.ctx.database.query<{ to: string }>(`select "to" from messages where account_id = $1 and campaign_id is not null`, [fromPublicId('account', accountId)]);
    expect(rows.map((r) => r.to)).toEqual(['+14155552701']);
  });

  it('mails a new-device notice for a sign-in from another network, not from another address of the same network', async () => {
    const env = use();
    const owner = await signUp(env.app);
    const ua = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
    const signIn = async (ip: string) => {
      const r = await env.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: owner.email, password: STRONG_PASSWORD }, headers: { 'user-agent': ua }, remoteAddress: ip });
      expect(r.statusCode, r.body).toBe(200);
    };
    const notices = async () => (await env.ctx.database.query<{ n: number }>(
      "select count(*)::int n from emails where \"to\" = $1 and subject like 'New sign-in%'", [owner.email])).rows[0].n;
    await signIn('203.0.113.20'); // the first password sign-in: expected
    await signIn('203.0.113.99'); // the same /24
    expect(await notices()).toBe(0);
    await signIn('198.51.100.20'); // the same browser on another network
    expect(await notices()).toBe(1);
    const mail = await lastEmailTo(env.app, owner.email, TEST_OPERATOR_TOKEN, { subject: /^New sign-in/ });
    expect(mail.text).toContain('198.51.100.20 (network 198.51.100.0/24)');
  });

  it('mails no new-device notice when the same browser signs in again, and one for a genuinely new device', async () => {
    const env = use();
    const owner = await signUp(env.app);
    const chrome = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
    const firefox = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0';
    const signIn = async (ua: string, ip: string) => {
      const r = await env.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: owner.email, password: STRONG_PASSWORD }, headers: { 'user-agent': ua }, remoteAddress: ip });
      expect(r.statusCode, r.body).toBe(200);
    };
    const notices = async () => (await env.ctx.database.query<{ n: number }>(
      "select count(*)::int n from emails where \"to\" = $1 and subject like 'New sign-in%'", [owner.email])).rows[0].n;
    await signIn(chrome, '203.0.113.20'); // the first password sign-in: expected
    await signIn(chrome, '203.0.113.20'); // the same browser, the same address
    await signIn(chrome, '203.0.113.20');
    expect(await notices()).toBe(0);
    await signIn(firefox, '203.0.113.20'); // another browser: a new device
    expect(await notices()).toBe(1);
    await signIn(firefox, '203.0.113.21'); // that device again
    expect(await notices()).toBe(1);
  });

  it('mails one new-device notice when the same new device signs in several times at once', async () => {
    const env = use();
    const owner = await signUp(env.app);
    const chrome = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
    const firefox = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0';
    const signIn = async (ua: string, ip: string) => {
      const r = await env.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: owner.email, password: STRONG_PASSWORD }, headers: { 'user-agent': ua }, remoteAddress: ip });
      expect(r.statusCode, r.body).toBe(200);
    };
    await signIn(chrome, '203.0.113.20'); // the first password sign-in: expected
    await Promise.all([1, 2, 3, 4].map(() => signIn(firefox, '198.51.100.20'))); // a double-submitted form, several tabs
    const { rows: [{ n }] } = await env.ctx.database.query<{ n: number }>(
      "select count(*)::int n from emails where \"to\" = $1 and subject like 'New sign-in%'", [owner.email]);
    expect(n).toBe(1);
  });
}, {}, { simulator: true });
