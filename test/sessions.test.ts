import { describe, expect, it } from 'vitest';
import { deviceHash, deviceOf } from '../src/modules/accounts/sessions-device.js';
import { describeEachDb, type TestEnv } from './harness.js';
import { Client, STRONG_PASSWORD, TEST_OPERATOR_TOKEN, emailsTo, signUp } from './factories.js';

const UA = {
  macChrome: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  macChromeNewer: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  iphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
  winFirefox: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0',
  linuxFirefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
};

describe('device of a user agent', () => {
  it.each([
    [UA.macChrome, 'Chrome', 'macOS', 'desktop', 'Chrome 120 on macOS'],
    [UA.iphone, 'Safari', 'iOS', 'mobile', 'Safari 17 on iOS (mobile)'],
    [UA.winFirefox, 'Firefox', 'Windows', 'desktop', 'Firefox 121 on Windows'],
    ['curl/8.4.0', null, null, null, 'Unknown device'],
    ['', null, null, null, 'Unknown device'],
    [null, null, null, null, 'Unknown device'],
  ])('%s', (ua, browser, os, type, label) => {
    const d = deviceOf(ua);
    expect(d.label).toBe(label);
    if (browser) expect(d).toMatchObject({ browser, os, type });
  });

  it('fingerprints browser family + OS + type, not versions', () => {
    const k = 'k'.repeat(40);
    expect(deviceHash(k, UA.macChrome)).toBe(deviceHash(k, UA.macChromeNewer));
    expect(deviceHash(k, UA.macChrome)).not.toBe(deviceHash(k, UA.iphone));
    expect(deviceHash(k, UA.winFirefox)).not.toBe(deviceHash(k, UA.linuxFirefox));
    expect(deviceHash(k, UA.macChrome)).not.toBe(deviceHash('x'.repeat(40), UA.macChrome)); // keyed
  });
});

async function signIn(env: TestEnv, email: string, userAgent: string, password = STRONG_PASSWORD) {
  const client = new Client(env.app);
  const res = await client.post('/v1/auth/login', { email, password }, { 'user-agent': userAgent });
  return { client, res };
}

async function withClock<T>(env: TestEnv, offsetMs: number, fn: () => Promise<T>): Promise<T> {
  const real = env.ctx.now;
  const base = real().getTime();
  env.ctx.now = () => new Date(base + offsetMs);
  try {
    return await fn();
  } finally {
    env.ctx.now = real;
  }
}

describeEachDb('sessions and devices', (use) => {
  it('lists the caller\'s sessions with device, IP, first/last seen and the current one; revokes one and all others', async () => {
    const env = use();
    const owner = await signUp(env.app);
    const laptop = await signIn(env, owner.email, UA.macChrome);
    const phone = await signIn(env, owner.email, UA.iphone);
    expect(laptop.res.statusCode).toBe(200);

    const listed = await laptop.client.get('/v1/sessions');
    expect(listed.statusCode).toBe(200);
    expect(listed.headers['cache-control']).toBe('no-store');
    const rows = listed.json().data as Array<{ id: string; device: { label: string }; ip: string; current: boolean; firstSeenAt: string; lastSeenAt: string }>;
    expect(rows).toHaveLength(3); // the sign-up's session, the laptop and the phone
    const current = rows.filter((r) => r.current);
    expect(current).toHaveLength(1);
    expect(current[0].device.label).toBe('Chrome 120 on macOS');
    expect(current[0].ip).toBe('127.0.0.1');
    expect(current[0].id).toMatch(/^ses_/);
    expect(rows.map((r) => r.device.label)).toContain('Safari 17 on iOS (mobile)');
    expect(Date.parse(current[0].firstSeenAt)).toBeLessThanOrEqual(Date.parse(current[0].lastSeenAt));

    // Revoke the phone's session: it is signed out, the laptop is not.
    const phoneId = rows.find((r) => r.device.label.startsWith('Safari'))!.id;
    expect((await laptop.client.delete(`/v1/sessions/${phoneId}`)).statusCode).toBe(204);
    expect((await phone.client.get('/v1/me')).statusCode).toBe(401);
    expect((await laptop.client.get('/v1/me')).statusCode).toBe(200);
    expect((await laptop.client.delete(`/v1/sessions/${phoneId}`)).statusCode).toBe(404); // already revoked

    // Sign out everywhere else: the sign-up's session goes, the caller's stays.
    const others = await laptop.client.post('/v1/sessions/revoke-others');
    expect(others.json()).toEqual({ revoked: 1 });
    expect((await owner.client.get('/v1/me')).statusCode).toBe(401);
    const after = (await laptop.client.get('/v1/sessions')).json().data;
    expect(after).toHaveLength(1);
    expect(after[0].current).toBe(true);

    const audit = await env.ctx.database.query<{ action: string }>(
      "select action from audit_events where account_id = (select account_id from sessions where user_id = (select id from users where email = $1) limit 1) and action like 'auth.%session%'",
      [owner.email],
    );
    expect(audit.rows.map((r) => r.action).sort()).toEqual(['auth.other_sessions_revoked', 'auth.session_revoked']);
  });

  it("another person's session is a 404, and an API key cannot read or revoke sessions", async () => {
    const env = use();
    const a = await signUp(env.app);
    const b = await signUp(env.app);
    const bSessions = (await b.client.get('/v1/sessions')).json().data;
    expect(bSessions).toHaveLength(1);
    const r = await a.client.delete(`/v1/sessions/${bSessions[0].id}`);
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe('not_found');
    expect((await b.client.get('/v1/me')).statusCode).toBe(200);
    expect((await a.client.get('/v1/sessions')).json().data.map((s: { id: string }) => s.id)).not.toContain(bSessions[0].id);
    for (const bad of ['ses_nope', 'usr_01h455vb4pex5vsknk084sn02q', 'x'.repeat(100)]) {
      expect((await a.client.delete(`/v1/sessions/${bad}`)).statusCode).toBe(404);
    }
    const { key } = (await a.client.post('/v1/api-keys', { name: 'ci' })).json();
    const api = new Client(env.app, key);
    expect((await api.get('/v1/sessions')).json().error.code).toBe('session_required');
    expect((await api.get('/v1/sessions/history')).statusCode).toBe(400);
    expect((await api.delete(`/v1/sessions/${bSessions[0].id}`)).statusCode).toBe(400);
  });

  it('updates last seen at most once a minute (no write per request)', async () => {
    const env = use();
    const { client } = await signUp(env.app);
    const lastSeen = async () => (await client.get('/v1/sessions')).json().data[0].lastSeenAt as string;
    const t0 = await lastSeen();
    const t30 = await withClock(env, 30_000, lastSeen);
    expect(t30).toBe(t0);
    const t61 = await withClock(env, 61_000, lastSeen);
    expect(Date.parse(t61)).toBeGreaterThan(Date.parse(t0));
    const t90 = await withClock(env, 90_000, lastSeen);
    expect(t90).toBe(t61);
  });

  it('keeps a sign-in history of successes and failures with time, device and IP', async () => {
    const env = use();
    const owner = await signUp(env.app);
    expect((await signIn(env, owner.email, UA.winFirefox, 'not-the-password-1')).res.statusCode).toBe(401);
    const ok = await signIn(env, owner.email, UA.macChrome);
    const history = (await ok.client.get('/v1/sessions/history')).json().data as Array<{ id: string; outcome: string; method: string; device: { label: string }; ip: string; at: string }>;
    expect(history.map((h) => [h.outcome, h.method, h.device.label])).toEqual([
      ['succeeded', 'password', 'Chrome 120 on macOS'],
      ['failed', 'invalid_credentials', 'Firefox 121 on Windows'],
      ['succeeded', 'signup', 'Unknown device'],
    ]);
    expect(history.every((h) => h.ip === '127.0.0.1' && h.id.startsWith('sgn_') && !Number.isNaN(Date.parse(h.at)))).toBe(true);
    // Only the person's own history.
    const other = await signUp(env.app);
    expect((await other.client.get('/v1/sessions/history')).json().data).toHaveLength(1);
  });

  it('mails a new-device notice once per new device, not for the first sign-in after sign-up', async () => {
    const env = use();
    const owner = await signUp(env.app);
    const notices = async () => (await env.ctx.database.query<{ n: number }>(
      "select count(*)::int n from emails where \"to\" = $1 and subject like 'New sign-in%'", [owner.email])).rows[0].n;
    await signIn(env, owner.email, UA.macChrome); // the first password sign-in: expected, no mail
    expect(await notices()).toBe(0);
    await signIn(env, owner.email, UA.macChromeNewer); // same device, newer browser
    expect(await notices()).toBe(0);
    await signIn(env, owner.email, UA.iphone); // a new device
    expect(await notices()).toBe(1);
    await signIn(env, owner.email, UA.iphone);
    expect(await notices()).toBe(1);
    await env.ctx.jobs.work();
    const mail = (await emailsTo(env.app, owner.email, TEST_OPERATOR_TOKEN)).find((m) => m.subject.startsWith('New sign-in'))!;
    expect(mail.text).toContain('Safari 17 on iOS (mobile)');
    expect(mail.text).toContain('127.0.0.1');
    expect(mail.text).toContain('/settings/security');
  });

  it('lists API keys with their last use time and address', async () => {
    const env = use();
    const { client } = await signUp(env.app);
    const { key } = (await client.post('/v1/api-keys', { name: 'CRM' })).json();
    expect((await client.get('/v1/api-keys')).json().data[0]).toMatchObject({ lastUsedAt: null, lastUsedIp: null });
    expect((await new Client(env.app, key).get('/v1/me')).statusCode).toBe(200);
    const k = (await client.get('/v1/api-keys')).json().data[0];
    expect(k.lastUsedAt).not.toBeNull();
    expect(k.lastUsedIp).toBe('127.0.0.1');
  });
});
