import { expect, it } from 'vitest';
import { describeEachDb, settle, type TestEnv } from './harness.js';
import { Client, signUp } from './factories.js';
import { purgeGrowth } from '../src/modules/growth/optins.service.js';

const KW = { programName: 'Deals', frequency: 'Up to 4 msgs/month' };
const FORM = {
  slug: '', title: 'Get our deals', consentWording: 'Yes, text me Acme deals (up to 4/month). Consent is not a condition of purchase. Reply STOP to opt out.',
  programName: 'Deals', frequency: 'Up to 4 msgs/month', confirmBy: 'code', tags: ['web'],
};
const slugOf = () => `acme-${Math.random().toString(36).slice(2, 10)}`;
let phoneSeq = 1000;
const nextPhone = () => `+1 212 555 ${String(phoneSeq++)}`;
const e164 = (p: string) => `+${p.replace(/\D/g, '')}`;

async function account(env: TestEnv) {
  const { client } = await signUp(env.app);
  const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
  return { client, number };
}

async function textsTo(env: TestEnv, phone: string) {
  const { rows } = await env.ctx.database.query<{ body: string; kind: string }>(`select body, kind from messages where direction = 'outbound' and "to" = $1 order by created_at, id`, [e164(phone)]);
  return rows;
}

/** Runs `work` with the app's clock moved forward. */
async function later<T>(env: TestEnv, ms: number, work: () => Promise<T>): Promise<T> {
  const real = env.ctx.now;
  env.ctx.now = () => new Date(real().getTime() + ms);
  try { return await work(); } finally { env.ctx.now = real; }
}

describeEachDb('audience growth', (use) => {
  const inbound = (c: Client, from: string, to: string, body: string) => c.post('/v1/simulator/inbound', { from, to, body });

  it('keywords: created per account, refused when they collide with STOP/HELP/START words, unique, with a QR code', async () => {
    const { client: c, number } = await account(use());
    const k = await c.post('/v1/keywords', { word: ' join ', ...KW, tags: ['sms'], numberId: number.id });
    expect(k.statusCode).toBe(201);
    expect(k.json()).toMatchObject({ id: expect.stringMatching(/^kw_/), word: 'JOIN', numberId: number.id, phoneNumber: number.phoneNumber, doubleOptIn: false });
    expect(k.json().confirmationText).toMatch(/Deals: You are subscribed\. Up to 4 msgs\/month\. Msg & data rates may apply\. Reply HELP for help, STOP to opt out\.$/);
    for (const word of ['stop', 'Opt Out', 'HELP', 'start', 'yes', 'Y']) {
      const r = await c.post('/v1/keywords', { word, ...KW });
      expect(r.statusCode, word).toBe(422);
      expect(r.json().error).toMatchObject({ code: 'reserved_keyword', details: { field: 'word' } });
    }
    expect((await c.post('/v1/keywords', { word: 'join now please', ...KW })).json().error.code).toBe('invalid_keyword');
    expect((await c.post('/v1/keywords', { word: 'JOIN', ...KW, numberId: number.id })).statusCode).toBe(409);
    expect((await c.post('/v1/keywords', { word: 'VIP', ...KW, numberId: 'pn_01h455vb4pex5vsknk084sn02q' })).json().error.code).toBe('unknown_number');
    const qr = await c.get(`/v1/keywords/${k.json().id}/qr.svg`);
    expect(qr.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(qr.body).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const patched = await c.patch(`/v1/keywords/${k.json().id}`, { doubleOptIn: true, word: 'deals' });
    expect(patched.json()).toMatchObject({ word: 'DEALS', doubleOptIn: true, tags: ['sms'] });
    expect((await c.get('/v1/keywords')).json().data).toHaveLength(1);
    // Another account sees none of it.
    const other = await account(use());
    expect((await other.client.get('/v1/keywords')).json().data).toEqual([]);
    expect((await other.client.patch(`/v1/keywords/${k.json().id}`, { word: 'MINE' })).statusCode).toBe(404);
    expect((await other.client.delete(`/v1/keywords/${k.json().id}`)).statusCode).toBe(404);
    expect((await c.delete(`/v1/keywords/${k.json().id}`)).statusCode).toBe(204);
  });

  it('a join keyword opts in at once with keyword evidence, tags, and the CTIA confirmation', async () => {
    const { client: c, number } = await account(use());
    await c.post('/v1/keywords', { word: 'JOIN', ...KW, tags: ['sms-join'] });
    const phone = nextPhone();
    const r = (await inbound(c, phone, number.phoneNumber, ' Join! ')).json();
    const tl = (await c.get(`/v1/contacts/${r.contactId}/consent`)).json();
    expect(tl.state).toBe('opted_in');
    expect(tl.data[0]).toMatchObject({ kind: 'opt_in', source: 'keyword', evidence: { keyword: 'JOIN', number: number.phoneNumber, messageId: r.id, wording: ' Join! ' } });
    expect((await c.get(`/v1/contacts/${r.contactId}`)).json().tags).toEqual(['sms-join']);
    const texts = await textsTo(use(), phone);
    expect(texts).toEqual([{ kind: 'keyword_reply', body: expect.stringMatching(/Deals: You are subscribed\. Up to 4 msgs\/month\. Msg & data rates may apply\. Reply HELP for help, STOP to opt out\.$/) }]);
    // STOP still wins afterwards.
    await inbound(c, phone, number.phoneNumber, 'STOP');
    expect((await c.get(`/v1/contacts/${r.contactId}/consent`)).json().state).toBe('opted_out');
  });

  it('double opt-in: only a Y within 24 hours opts in; other texts and late replies do not', async () => {
    const env = use();
    const { client: c, number } = await account(env);
    await c.post('/v1/keywords', { word: 'VIP', ...KW, doubleOptIn: true });
    const phone = nextPhone();
    const r = (await inbound(c, phone, number.phoneNumber, 'vip')).json();
    expect((await textsTo(env, phone))[0].body).toMatch(/Reply Y to confirm/);
    await inbound(c, phone, number.phoneNumber, 'what is this?');
    expect((await c.get(`/v1/contacts/${r.contactId}/consent`)).json()).toMatchObject({ state: 'unknown', data: [] });
    const y = (await inbound(c, phone, number.phoneNumber, 'Y')).json();
    const tl = (await c.get(`/v1/contacts/${r.contactId}/consent`)).json();
    expect(tl.state).toBe('opted_in');
    expect(tl.data[0].evidence).toMatchObject({ keyword: 'VIP', messageId: r.id, confirmMessageId: y.id, confirmedBy: 'reply' });
    const texts = await textsTo(env, phone);
    expect(texts).toHaveLength(2);
    expect(texts[1].body).toContain('You are subscribed');

    const late = nextPhone();
    const l = (await inbound(c, late, number.phoneNumber, 'VIP')).json();
    await later(env, 25 * 3_600_000, () => inbound(c, late, number.phoneNumber, 'yes'));
    // YES after expiry is the built-in START-like opt-in, not the program's confirmation; a bare Y would be nothing.
    const lateTl = (await c.get(`/v1/contacts/${l.contactId}/consent`)).json();
    expect(lateTl.state).toBe('opted_in'); // the START-like opt-in happened (so the check below is not over an empty timeline)
    expect(lateTl.data.every((e: { source: string; evidence: Record<string, unknown> }) => !e.evidence.keyword)).toBe(true);
    const third = nextPhone();
    const t = (await inbound(c, third, number.phoneNumber, 'VIP')).json();
    await later(env, 25 * 3_600_000, () => inbound(c, third, number.phoneNumber, 'Y'));
    expect((await c.get(`/v1/contacts/${t.contactId}/consent`)).json().state).toBe('unknown');
    // STOP withdraws the pending sign-up: a Y afterwards opts nobody in.
    const fourth = nextPhone();
    const f = (await inbound(c, fourth, number.phoneNumber, 'VIP')).json();
    await inbound(c, fourth, number.phoneNumber, 'STOP');
    await inbound(c, fourth, number.phoneNumber, 'Y');
    expect((await c.get(`/v1/contacts/${f.contactId}/consent`)).json().state).toBe('opted_out');
  });

  it('sign-up form: page, code texted, wrong codes counted, right code opts in with the evidence', async () => {
    const env = use();
    const { client: c, number } = await account(env);
    expect((await c.get('/v1/signup-form')).statusCode).toBe(404);
    const slug = slugOf();
    const saved = await c.request('PUT', '/v1/signup-form', { ...FORM, slug, embedOrigins: ['https://acme.example'] });
    expect(saved.json()).toMatchObject({ slug, url: `${env.config.publicUrl}/join/${slug}`, version: 1, phoneNumber: number.phoneNumber });
    expect((await c.request('PUT', '/v1/signup-form', { ...FORM, slug, embedOrigins: ['https://acme.example'] })).json().version).toBe(2);
    expect((await c.get('/v1/signup-form/qr.svg')).body).toContain('<svg');

    const page = await env.app.inject({ url: `/join/${slug}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'self' https://acme.example");
    expect(page.headers['x-frame-options']).toBeUndefined();
    expect(page.body).toContain(FORM.consentWording.replace(/'/g, '&#39;'));
    const token = /name="token" value="([^"]+)"/.exec(page.body)![1];

    const phone = nextPhone();
    const post = (body: object) => env.app.inject({ method: 'POST', url: `/join/${slug}`, payload: body, headers: { 'user-agent': 'growth-test-browser' } });
    expect((await post({ phone, name: 'Ada Lovelace', token })).json().error.code).toBe('consent_required');
    expect((await post({ phone, consent: true, token: `${Date.now()}.forged` })).json().error.code).toBe('form_expired');
    const sent = await post({ phone, name: 'Ada Lovelace', consent: true, token });
    expect(sent.json()).toMatchObject({ status: 'code_sent', ticket: expect.any(String) });
    const [codeText] = await textsTo(env, phone);
    const code = /code is (\d{6})/.exec(codeText.body)![1];
    // The code goes out like any text, but in no conversation: the inbox never shows a live code.
    await settle(env);
    const { rows: [codeRow] } = await env.ctx.database.query<{ status: string; conversation_id: string | null }>(`select status, conversation_id from messages where "to" = $1`, [e164(phone)]);
    expect(codeRow).toEqual({ status: 'delivered', conversation_id: null });
    const confirm = (body: object) => env.app.inject({ method: 'POST', url: `/join/${slug}/confirm`, payload: body });
    const wrong = await confirm({ ticket: sent.json().ticket, code: code === '000000' ? '111111' : '000000' });
    expect(wrong.json().error).toMatchObject({ code: 'wrong_code', details: { attemptsLeft: 4 } });
    expect((await confirm({ ticket: `${sent.json().ticket}x`, code })).json().error.code).toBe('invalid_ticket');
    expect((await confirm({ ticket: sent.json().ticket, code })).json()).toEqual({ status: 'subscribed' });
    expect((await confirm({ ticket: sent.json().ticket, code })).json().error.code).toBe('code_expired');

    const contact = (await c.get('/v1/contacts')).json().data.find((x: { phone: string }) => x.phone === e164(phone));
    expect(contact).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', tags: ['web'] });
    const tl = (await c.get(`/v1/contacts/${contact.id}/consent`)).json();
    expect(tl.state).toBe('opted_in');
    expect(tl.data[0]).toMatchObject({
      source: 'web_form', recordedBy: 'sign-up form',
      evidence: { wording: FORM.consentWording, url: `${env.config.publicUrl}/join/${slug}`, formVersion: 2, formId: saved.json().id, ip: '127.0.0.1', userAgent: 'growth-test-browser', confirmedBy: 'code' },
    });
    expect(tl.data[0].evidence.firstName).toBeUndefined();
    const texts = await textsTo(env, phone);
    expect(texts.map((t) => t.body)).toEqual([codeText.body, expect.stringContaining('Deals: You are subscribed')]);

    // Five wrong codes close it; an expired code is refused.
    const p2 = nextPhone();
    const t2 = (await post({ phone: p2, consent: true, token })).json().ticket;
    for (let i = 0; i < 4; i++) await confirm({ ticket: t2, code: 'abc' });
    expect((await confirm({ ticket: t2, code: 'abc' })).statusCode).toBe(429);
    const code2 = /code is (\d{6})/.exec((await textsTo(env, p2))[0].body)![1];
    expect((await confirm({ ticket: t2, code: code2 })).json().error.code).toBe('code_expired');
    const p3 = nextPhone();
    const t3 = (await post({ phone: p3, consent: true, token })).json().ticket;
    const code3 = /code is (\d{6})/.exec((await textsTo(env, p3))[0].body)![1];
    expect((await later(env, 11 * 60_000, () => confirm({ ticket: t3, code: code3 }))).json().error.code).toBe('code_expired');
    // A day after they closed or expired, pending sign-ups (and old rate-limit windows) are purged.
    const pendingRows = async () => Number((await env.ctx.database.query<{ n: string }>(`select count(*) as n from pending_opt_ins where phone = any($1::text[])`, [[phone, p2, p3].map(e164)])).rows[0].n);
    expect(await pendingRows()).toBe(3);
    await later(env, 25 * 3_600_000, () => purgeGrowth(env.ctx));
    expect(await pendingRows()).toBe(0);
  });

  it('sign-up form by reply Y; slugs are unique across accounts; a browser form post gets pages; limits per phone and per IP', async () => {
    const env = use();
    const { client: c, number } = await account(env);
    const slug = slugOf();
    expect((await c.request('PUT', '/v1/signup-form', { ...FORM, slug, confirmBy: 'reply', askName: false })).json()).toMatchObject({ askName: false, confirmBy: 'reply' });
    const other = await account(env);
    expect((await other.client.request('PUT', '/v1/signup-form', { ...FORM, slug })).json().error.code).toBe('slug_taken');
    expect((await other.client.get('/v1/signup-form')).statusCode).toBe(404);

    // Framed by the shop's site: the page load's Referer names it, and the evidence keeps it. No name asked.
    const shown = (await env.app.inject({ url: `/join/${slug}`, headers: { referer: 'https://shop.example/deals?x=1' } })).body;
    expect(shown).not.toContain('name="name"');
    const token = /name="token" value="([^"]+)"/.exec(shown)![1];
    const form = (fields: Record<string, string>) => env.app.inject({
      method: 'POST', url: `/join/${slug}`, payload: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const phone = nextPhone();
    const r = await form({ phone, name: 'Bo', consent: 'yes', token });
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expect(r.body).toContain('Reply Y within 24 hours');
    expect((await textsTo(env, phone))[0].body).toMatch(/Reply Y to confirm/);
    const y = (await inbound(c, phone, number.phoneNumber, 'y')).json();
    const tl = (await c.get(`/v1/contacts/${y.contactId}/consent`)).json();
    expect(tl).toMatchObject({ state: 'opted_in' });
    expect((await c.get(`/v1/contacts/${y.contactId}`)).json().firstName).toBeNull();
    expect(tl.data[0]).toMatchObject({ source: 'web_form', evidence: { wording: FORM.consentWording, confirmedBy: 'reply', confirmMessageId: y.id, embeddedIn: 'https://shop.example' } });

    const refused = await form({ phone: 'not a phone', consent: 'yes', token });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('data-testid="join-error"');
    // Per phone: 3 an hour (the first above counts).
    await form({ phone, consent: 'yes', token });
    await form({ phone, consent: 'yes', token });
    expect((await form({ phone, consent: 'yes', token })).statusCode).toBe(429);
    // Per IP: 10 an hour (4 counted so far from this address: the refused phone was not).
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await form({ phone: nextPhone(), consent: 'yes', token })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429]);
    // Another account's form is not this one.
    expect((await env.app.inject({ url: `/join/${slugOf()}` })).statusCode).toBe(404);
  });
}, {}, { simulator: true });
