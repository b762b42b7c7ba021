/**
 * What an anonymous caller can make the platform do through its public pages (the hosted
 * sign-up form, the privacy page): SMS pumping and toll fraud (texts to countries the account
 * may not text, premium-rate numbers, rotating addresses, concurrent requests, a flood from
 * everywhere at one business).
 */
import { expect, it } from 'vitest';
import { describeEachDb, type TestEnv } from './harness.js';
import { TEST_OPERATOR_TOKEN, emailsTo, signUp, signupBody } from './factories.js';
import { fromPublicId } from '../src/lib/ids.js';
import { FORM_LIMITS } from '../src/modules/growth/growth-rules.js';
import { LIMITS as PRIVACY_LIMITS } from '../src/modules/data-requests/public.service.js';

const FORM = {
  title: 'Get our deals', consentWording: 'Yes, text me Acme deals (up to 4/month). Reply STOP to opt out.',
  programName: 'Deals', frequency: 'Up to 4 msgs/month', confirmBy: 'code',
};
let seq = 4000;
const usPhone = () => `+1 212 555 ${String(seq++)}`;
const e164 = (p: string) => `+${p.replace(/\D/g, '')}`;

async function outboundTo(env: TestEnv, phones: string[]) {
  const { rows } = await env.ctx.database.query<{ to: string }>(`select "to" from messages where direction = 'outbound' and "to" = any($1::text[])`, [phones.map(e164)]);
  return rows.map((r) => r.to);
}

describeEachDb('public pages against abuse', (use) => {
  async function business() {
    const env = use();
    const owner = await signUp(env.app);
    const number = (await owner.client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    const slug = `pa-${Math.random().toString(36).slice(2, 10)}`;
    expect((await owner.client.request('PUT', '/v1/signup-form', { ...FORM, slug })).statusCode).toBe(200);
    return { ...owner, number, slug };
  }
  async function joinToken(slug: string) {
    const html = (await use().app.inject({ url: `/join/${slug}` })).body;
    return /name="token" value="([^"]+)"/.exec(html)![1];
  }
  async function privacyToken(slug: string) {
    const html = (await use().app.inject({ url: `/privacy/${slug}` })).body;
    return /name="token" value="([^"]+)"/.exec(html)![1];
  }

  it('the sign-up form texts no number outside the countries the account may text, nor a premium-rate number; nothing is written', async () => {
    const env = use();
    const b = await business();
    const token = await joinToken(b.slug);
    const join = (phone: string, ip = '198.51.100.7') => env.app.inject({ method: 'POST', url: `/join/${b.slug}`, payload: { phone, consent: true, token }, remoteAddress: ip });
    // Jamaica inside +1, Lithuania, a satellite range of no country, a US premium-rate number.
    const abroad = ['+1 876 555 0100', '+370 600 00000', '+881 6 12345678'];
    for (const phone of abroad) {
      const r = await join(phone);
      expect(r.statusCode, phone).toBe(422);
      expect(r.json().error, phone).toMatchObject({ code: 'destination_country_not_allowed', details: { field: 'phone' } });
    }
    const premium = await join('+1 900 555 0100');
    expect(premium.statusCode).toBe(422);
    expect(premium.json().error).toMatchObject({ code: 'premium_rate_number', details: { field: 'phone' } });
    const all = [...abroad, '+1 900 555 0100'];
    expect(await outboundTo(env, all)).toEqual([]);
    const written = await env.ctx.database.query(`select 1 from pending_opt_ins where phone = any($1::text[]) union all select 1 from contacts where phone = any($1::text[])`, [all.map(e164)]);
    expect(written.rows).toEqual([]);
    // An owner allows Jamaica: then it goes.
    expect((await b.client.request('PUT', '/v1/account/destinations', { allowedCountries: ['JM'] })).statusCode).toBe(200);
    expect((await join('+1 876 555 0100')).json()).toMatchObject({ status: 'code_sent' });
    expect(await outboundTo(env, ['+1 876 555 0100'])).toEqual(['+18765550100']);
    // A form post from a browser gets the form again with the error.
    const page = await env.app.inject({
      method: 'POST', url: `/join/${b.slug}`, payload: new URLSearchParams({ phone: '+370 600 00001', consent: 'yes', token }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain('data-testid="join-error"');
  });

  it('answers of the public pages\' JSON API (tickets, errors naming the phone field) are never cached', async () => {
    const env = use();
    const b = await business();
    const sent = await env.app.inject({ method: 'POST', url: `/join/${b.slug}`, payload: { phone: usPhone(), consent: true, token: await joinToken(b.slug) } });
    expect(sent.json()).toMatchObject({ status: 'code_sent', ticket: expect.any(String) });
    const wrong = await env.app.inject({ method: 'POST', url: `/join/${b.slug}/confirm`, payload: { ticket: sent.json().ticket, code: 'abcdef' } });
    expect(wrong.statusCode).toBe(422);
    const held = usPhone();
    await b.client.post('/v1/simulator/inbound', { from: held, to: b.number.phoneNumber, body: 'hi' });
    const code = await env.app.inject({ method: 'POST', url: `/privacy/${b.slug}`, payload: { phone: held, token: await privacyToken(b.slug) } });
    expect(code.json()).toMatchObject({ status: 'code_sent' });
    const refused = await env.app.inject({ method: 'POST', url: `/privacy/${b.slug}/verify`, payload: { ticket: code.json().ticket, code: 'x' } });
    expect(refused.statusCode).toBe(422);
    for (const r of [sent, wrong, code, refused]) expect(r.headers['cache-control'], r.body).toBe('no-store');
  });

  it('the privacy page texts no code outside the account\'s countries, the same answer whether or not the number is held', async () => {
    const env = use();
    const b = await business();
    // The business holds a Lithuanian number (imported before the country rule mattered).
    const held = '+370 600 00002';
    expect((await b.client.post('/v1/contacts', { phone: held })).statusCode).toBe(201);
    const token = await privacyToken(b.slug);
    const start = (phone: string) => env.app.inject({ method: 'POST', url: `/privacy/${b.slug}`, payload: { phone, token } });
    const [h, u] = [await start(held), await start('+370 600 00003')];
    expect(h.statusCode).toBe(422);
    expect(h.json().error).toMatchObject({ code: 'destination_country_not_allowed', details: { field: 'phone' } });
    expect(u.json().error).toEqual(h.json().error);
    expect(await outboundTo(env, [held])).toEqual([]);
  });

  it('the sign-up form: an IPv6 caller rotating addresses inside its /64 is one caller; concurrent sign-ups for one number text it 3 times at most', async () => {
    const env = use();
    const b = await business();
    const token = await joinToken(b.slug);
    const join = (phone: string, ip: string) => env.app.inject({ method: 'POST', url: `/join/${b.slug}`, payload: { phone, consent: true, token }, remoteAddress: ip });
    const statuses: number[] = [];
    for (let i = 1; i <= 11; i++) statuses.push((await join(usPhone(), `2001:db8:aa:bb::${i.toString(16)}`)).statusCode);
    expect(statuses).toEqual([...Array(10).fill(200), 429]);
    // Another /64 is another caller.
    expect((await join(usPhone(), '2001:db8:aa:bc::1')).statusCode).toBe(200);
    const victim = usPhone();
    const many = await Promise.all(Array.from({ length: 8 }, (_, i) => join(victim, `203.0.113.${i + 1}`)));
    expect(many.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 429, 429, 429, 429, 429]);
    expect(await outboundTo(env, [victim])).toHaveLength(3);
  });

  it('the sign-up form: a flood from everywhere stops at the form\'s hourly cap, and resumes the next hour', async () => {
    const env = use();
    const b = await business();
    const token = await joinToken(b.slug);
    const join = (ip: string) => env.app.inject({ method: 'POST', url: `/join/${b.slug}`, payload: { phone: usPhone(), consent: true, token }, remoteAddress: ip });
    // The form has taken all but one of its hour's sign-ups (from as many callers as it took).
    const accountId = fromPublicId('account', b.accountId)!;
    await env.ctx.database.query(`insert into growth_throttle (account_id, key, count, window_started_at) values ($1, 'account', $2, $3)`, [accountId, FORM_LIMITS.perAccount - 1, env.ctx.now().toISOString()]);
    expect((await join('192.0.2.10')).statusCode).toBe(200);
    const refused = await join('192.0.2.11');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('too_many_attempts');
    const real = env.ctx.now;
    env.ctx.now = () => new Date(real().getTime() + 3_600_000 + 1000);
    try {
      expect((await join('192.0.2.12')).statusCode).toBe(200);
    } finally { env.ctx.now = real; }
  });

  it('the privacy page: concurrent requests for one number text it 3 codes at most; an IPv6 /64 is one caller; a flood stops at the business\'s hourly cap', async () => {
    const env = use();
    const b = await business();
    const held = usPhone();
    await b.client.post('/v1/simulator/inbound', { from: held, to: b.number.phoneNumber, body: 'hi' });
    const token = await privacyToken(b.slug);
    const start = (phone: string, ip: string) => env.app.inject({ method: 'POST', url: `/privacy/${b.slug}`, payload: { phone, token }, remoteAddress: ip });
    const many = await Promise.all(Array.from({ length: 8 }, (_, i) => start(held, `198.51.100.${i + 1}`)));
    expect(many.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 429, 429, 429, 429, 429]);
    expect(await outboundTo(env, [held])).toHaveLength(3);
    const v6: number[] = [];
    for (let i = 1; i <= 11; i++) v6.push((await start(usPhone(), `2001:db8:cc:dd::${i.toString(16)}`)).statusCode);
    expect(v6).toEqual([...Array(10).fill(200), 429]);
    // 3 + 10 codes asked so far (a refused request writes nothing): then callers from everywhere until the cap.
    const asked = 13;
    const more: number[] = [];
    for (let i = 0; i < PRIVACY_LIMITS.perAccount - asked + 1; i++) more.push((await start(usPhone(), `10.${i >> 8}.${i & 255}.1`)).statusCode);
    expect(more.filter((s) => s === 200)).toHaveLength(PRIVACY_LIMITS.perAccount - asked);
    expect(more.at(-1)).toBe(429);
  });

  /** The mails to an address once no new one came for 3 s (the jobs that mail run in the background). */
  async function mailsOnceSettled(to: string) {
    let n = -1;
    let stableSince = Date.now();
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
      const now = (await emailsTo(use().app, to, TEST_OPERATOR_TOKEN)).length;
      if (now !== n) [n, stableSince] = [now, Date.now()];
      else if (Date.now() - stableSince > 3000) break;
    }
    return n;
  }

  it('password reset and sign-up cannot mail-bomb one address: 3 mails an hour whoever asks, the same answer every time', async () => {
    const env = use();
    const victim = await signUp(env.app);
    await env.ctx.jobs.work();
    const before = await mailsOnceSettled(victim.email);
    for (let i = 1; i <= 6; i++) {
      const r = await env.app.inject({ method: 'POST', url: '/v1/auth/password-reset/request', payload: { email: victim.email }, remoteAddress: `198.18.0.${i}` });
      expect(r.statusCode).toBe(202);
    }
    expect(await mailsOnceSettled(victim.email) - before).toBe(3);
    // Sign-ups naming the address (it has a login: each would mail "someone tried to sign up"; its own sign-up
    // this hour counts, so 2 more), and a new address alike.
    for (const [email, mailed] of [[victim.email, 2], [`new-${Math.random().toString(36).slice(2, 8)}@example.com`, 3]] as const) {
      const had = await mailsOnceSettled(email);
      for (let i = 1; i <= 6; i++) {
        const body = signupBody({ email });
        const r = await env.app.inject({ method: 'POST', url: '/v1/auth/signup', payload: body, remoteAddress: `198.18.1.${i}` });
        expect(r.statusCode, email).toBe(202);
        expect(r.json()).toEqual({ ok: true });
      }
      expect(await mailsOnceSettled(email) - had, email).toBe(mailed);
    }
  }, 120_000);
}, {}, { simulator: true });

describeEachDb('public routes\' per-IP rate limit', (use) => {
  it('counts an IPv6 caller by its /64, and covers tracked short links (/l/)', async () => {
    const get = (ip: string) => use().app.inject({ url: '/l/AAAAAAAAAAAA', headers: { 'user-agent': 'Mozilla/5.0' }, remoteAddress: ip });
    const v4: number[] = [];
    for (let i = 0; i < 4; i++) v4.push((await get('203.0.113.77')).statusCode);
    expect(v4).toEqual([404, 404, 404, 429]);
    const v6: number[] = [];
    for (let i = 1; i <= 4; i++) v6.push((await get(`2001:db8:77:1::${i}`)).statusCode);
    expect(v6).toEqual([404, 404, 404, 429]);
    expect((await get('2001:db8:77:2::1')).statusCode).toBe(404); // another /64
  });
}, { API_RATE_LIMIT_IP_PER_SECOND: '0.001', API_RATE_LIMIT_IP_BURST: '3' });
