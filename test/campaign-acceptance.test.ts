// Issue 9 acceptance audit: the points no other test covered on both databases — quiet-hours
// deferral of campaign texts across DST for federal, Florida, Oklahoma, Arizona and Hawaii numbers
// (fan-out under a controlled clock, ctx.now), the 3-per-24-hour cap for Oklahoma (Florida: campaigns.test),
// a suppressed number of an opted-in contact, the full stats shape of GET /v1/campaigns/:id,
// the send-window answer for federal numbers across DST, merge-field refusals naming the field.
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { fromPublicId } from '../src/lib/ids.js';
import { runFanout } from '../src/modules/campaigns/fanout.js';
import { dispatchOnce } from '../src/modules/messaging/dispatcher.js';
import { phoneHash } from '../src/modules/consent/consent.service.js';
import { earliestSendTime, type AccountHours } from '../src/modules/consent/send-window.js';
import { describeEachDb, type TestEnv } from './harness.js';
import { signUp, type Client } from './factories.js';

const PHONES = { ny: '+12125550141', fl: '+13055550142', tx: '+12145550143', ok: '+14055550144', az: '+16025550145', hi: '+18085550146' } as const;
type Who = keyof typeof PHONES;
const ZONES: Record<Who, string> = { ny: 'America/New_York', fl: 'America/New_York', tx: 'America/Chicago', ok: 'America/Chicago', az: 'America/Phoenix', hi: 'Pacific/Honolulu' };

describe('earliestSendTime: the daily cap counts texts by when they go (sent or planned), within the account\'s hours', () => {
  const now = new Date('2026-07-15T23:00:00Z'); // 19:00 EDT
  const at = (iso: string) => new Date(iso);
  const NY = 'America/New_York';
  it.each<[string, string | null, Date[], AccountHours | null, string]>([
    ['three planned for tomorrow 10:00 in FL: not now, the day after at 10:00', 'US-FL', [at('2026-07-16T14:00:00Z'), at('2026-07-16T14:00:00Z'), at('2026-07-16T14:00:00Z')], null, '2026-07-17T14:00:00Z'],
    ['two planned for tomorrow in FL: now', 'US-FL', [at('2026-07-16T14:00:00Z'), at('2026-07-16T15:00:00Z')], null, '2026-07-15T23:00:00Z'],
    ['one sent 20 h ago, two planned in 2 h (OK): now would make 4 within a day; after the first ages out (23:00) → 08:00', 'US-OK', [at('2026-07-15T03:00:00Z'), at('2026-07-16T01:00:00Z'), at('2026-07-16T01:00:00Z')], null, '2026-07-16T12:00:00Z'],
    ['one sent 20 h ago, two planned in 10 h (OK): no day holds 4, now', 'US-OK', [at('2026-07-15T03:00:00Z'), at('2026-07-16T09:00:00Z'), at('2026-07-16T09:00:00Z')], null, '2026-07-15T23:00:00Z'],
    ['three planned for tomorrow in NY: no cap', 'US-NY', [at('2026-07-16T14:00:00Z'), at('2026-07-16T14:00:00Z'), at('2026-07-16T14:00:00Z')], null, '2026-07-15T23:00:00Z'],
    ['cap lifts at 20:00 EDT, the account opens at 09:00', 'US-FL', [at('2026-07-15T00:00:00Z'), at('2026-07-15T21:00:00Z'), at('2026-07-15T22:00:00Z')], { start: '09:00', end: '17:00' }, '2026-07-16T13:00:00Z'],
  ])('%s', (_label, region, sends, hours, expected) => {
    expect(earliestSendTime(now, NY, region, 'marketing', sends, hours).toISOString()).toBe(at(expected).toISOString());
  });
});

describeEachDb('campaign acceptance (issue 9)', (use) => {
  const q = async <T = Record<string, unknown>>(env: TestEnv, text: string, params: unknown[] = []) => (await env.ctx.database.query<T>(text, params)).rows;

  async function account(env: TestEnv) {
    const s = await signUp(env.app);
    const number = await s.client.post('/v1/numbers', { provider: 'simulator', mps: 100 });
    expect(number.statusCode, number.body).toBe(201);
    return { client: s.client, acct: fromPublicId('account', s.accountId)! };
  }
  async function contact(client: Client, phone: string, tags: string[], extra: Record<string, unknown> = {}, optIn = true) {
    const r = await client.post('/v1/contacts', { phone, tags, ...extra });
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().id as string;
    if (optIn) expect((await client.post(`/v1/contacts/${id}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'Yes' } })).statusCode).toBe(201);
    return id;
  }
  /** Creates and launches a campaign (real clock), then fans it out with ctx.now at `at` (when given). */
  async function launchAndFanOut(env: TestEnv, client: Client, acct: string, audience: Record<string, unknown>, at?: Date) {
    const created = await client.post('/v1/campaigns', { name: 'Acceptance', body: 'Hi {{first_name|there}}, 20% off. Reply STOP to opt out.', audience });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const launched = await client.post(`/v1/campaigns/${id}/launch`);
    expect(launched.statusCode, launched.body).toBe(202);
    const real = env.ctx.now;
    if (at) env.ctx.now = () => new Date(at);
    try {
      await runFanout(env.ctx, { accountId: acct, campaignId: fromPublicId('campaign', id)! });
    } finally {
      env.ctx.now = real;
    }
    return { id, cid: fromPublicId('campaign', id)! };
  }
  const messagesBy = async (env: TestEnv, acct: string, cid: string) =>
    new Map((await q<{ contact_id: string; status: string; next_attempt_at: Date }>(env,
      'select contact_id, status, next_attempt_at from messages where account_id = $1 and campaign_id = $2', [acct, cid]))
      .map((m) => [m.contact_id, { status: m.status, at: new Date(m.next_attempt_at).toISOString() }]));

  // 2027: New York and Chicago spring forward on March 14 (02:00 → 03:00) and fall back on November 7 (02:00 → 01:00);
  // Phoenix and Honolulu keep no DST. Federal window 08:00–21:00, Florida and Oklahoma 08:00–20:00, in the number's zone.
  it.each<[string, string, Record<Who, string | 'now'>]>([
    ['spring-forward night, 06:30 UTC: 01:30 EST / 00:30 CST / 23:30 MST / 20:30 HST', '2027-03-14T06:30:00Z', {
      ny: '2027-03-14T12:00:00.000Z', fl: '2027-03-14T12:00:00.000Z', // 08:00 EDT (UTC−4), not EST
      tx: '2027-03-14T13:00:00.000Z', ok: '2027-03-14T13:00:00.000Z', // 08:00 CDT (UTC−5)
      az: '2027-03-14T15:00:00.000Z', // 08:00 MST (UTC−7, no DST)
      hi: 'now', // 20:30 HST: inside the federal window
    }],
    ['fall-back eve, 01:30 UTC: 21:30 EDT / 20:30 CDT / 18:30 MST / 15:30 HST', '2027-11-07T01:30:00Z', {
      ny: '2027-11-07T13:00:00.000Z', fl: '2027-11-07T13:00:00.000Z', // 08:00 EST (UTC−5), not EDT
      tx: 'now', // 20:30 CDT: federal allows until 21:00
      ok: '2027-11-07T14:00:00.000Z', // Oklahoma stops at 20:00: 08:00 CST (UTC−6)
      az: 'now', hi: 'now',
    }],
    ['fall-back night, 07:30 UTC: 02:30 EST / 01:30 CST / 00:30 MST / 21:30 HST', '2027-11-07T07:30:00Z', {
      ny: '2027-11-07T13:00:00.000Z', fl: '2027-11-07T13:00:00.000Z', tx: '2027-11-07T14:00:00.000Z', ok: '2027-11-07T14:00:00.000Z',
      az: '2027-11-07T15:00:00.000Z', hi: '2027-11-07T18:00:00.000Z', // 21:00 HST is outside: next 08:00 HST (UTC−10)
    }],
  ])('quiet hours: campaign texts deferred to the next allowed moment in each number\'s zone and state — %s', async (_label, nowIso, expected) => {
    const env = use();
    const { client, acct } = await account(env);
    const ids = {} as Record<Who, string>;
    for (const who of Object.keys(PHONES) as Who[]) ids[who] = await contact(client, PHONES[who], ['dst'], { firstName: who });
    // Each contact's zone comes from its number (no zone given).
    for (const who of Object.keys(PHONES) as Who[]) expect((await client.get(`/v1/contacts/${ids[who]}`)).json().timeZone).toBe(ZONES[who]);
    const { id, cid } = await launchAndFanOut(env, client, acct, { tags: ['dst'] }, new Date(nowIso));
    const by = await messagesBy(env, acct, cid);
    expect(by.size).toBe(6); // deferred, never dropped
    const got = Object.fromEntries((Object.keys(PHONES) as Who[]).map((who) => {
      const m = by.get(fromPublicId('contact', ids[who])!)!;
      return [who, m.at === new Date(nowIso).toISOString() ? (m.status === 'queued' ? 'now' : `${m.status} now`) : m.status === 'scheduled' ? m.at : `${m.status} ${m.at}`];
    }));
    expect(got).toEqual(expected);
    // The API shows each recipient's moment (recipients list: scheduledFor).
    const listed = (await client.get(`/v1/campaigns/${id}/recipients?status=queued&limit=10`)).json();
    expect(listed.nextCursor).toBeNull();
    expect(listed.data).toHaveLength(6);
    for (const r of listed.data) {
      const who = (Object.keys(ids) as Who[]).find((w) => ids[w] === r.contactId)!;
      expect(r).toEqual({ contactId: ids[who], name: who, phone: `+${'•'.repeat(PHONES[who].length - 3)}${PHONES[who].slice(-2)}`, status: 'queued', messageId: expect.stringMatching(/^msg_/), scheduledFor: expected[who] === 'now' ? new Date(nowIso).toISOString() : expected[who] });
    }
  });

  it('3 marketing texts per 24 h in Oklahoma: a fourth waits until the oldest is a day old (inside 08:00–20:00 Central); Texas (federal) has no such cap', async () => {
    const env = use();
    const { client, acct } = await account(env);
    const okBusy = fromPublicId('contact', await contact(client, '+14055550151', ['cap']))!;
    const okTwo = fromPublicId('contact', await contact(client, '+14055550152', ['cap']))!;
    const txBusy = fromPublicId('contact', await contact(client, '+12145550153', ['cap']))!;
    const sendAt = new Date(Date.now() + 60_000).toISOString();
    for (const [to, n] of [['+14055550151', 3], ['+14055550152', 2], ['+12145550153', 3]] as const) {
      for (let i = 0; i < n; i++) expect((await client.post('/v1/messages', { to, body: `Promo ${i}`, sendAt })).statusCode).toBe(201);
    }
    const [{ oldest }] = await q<{ oldest: Date }>(env, 'select min(created_at) oldest from messages where account_id = $1', [acct]);
    const dayLater = new Date(oldest).getTime() + 86_400_000;
    const { id, cid } = await launchAndFanOut(env, client, acct, { tags: ['cap'] });
    // Under the account's frequency cap (4 a week): nobody skipped, everyone gets a text.
    expect((await client.get(`/v1/campaigns/${id}`)).json().stats).toMatchObject({ recipients: 3, skipped: {}, queued: 3 });
    const by = await messagesBy(env, acct, cid);
    const at = (c: string) => new Date(by.get(c)!.at).getTime();
    expect(at(okBusy)).toBeGreaterThanOrEqual(dayLater);
    const local = DateTime.fromMillis(at(okBusy), { zone: 'America/Chicago' });
    expect(local.hour >= 8 && local.hour < 20, local.toISO()!).toBe(true);
    expect(at(okTwo)).toBeLessThan(dayLater); // two in 24 h: the third may go
    expect(at(txBusy)).toBeLessThan(dayLater); // the daily cap is Florida's and Oklahoma's only
  });

  it('3 per 24 h counts texts by when they go, not when they were written: three sends scheduled for a Florida number at T, a campaign scheduled at T waits until T + 24 h', async () => {
    const env = use();
    const { client, acct } = await account(env);
    const fl = fromPublicId('contact', await contact(client, '+13055550161', ['fl3']))!;
    const T = DateTime.now().setZone('America/New_York').plus({ days: 3 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 }).toUTC();
    for (let i = 0; i < 3; i++) {
      const r = await client.post('/v1/messages', { to: '+13055550161', body: `Promo ${i}`, sendAt: T.toISO() });
      expect(r.statusCode, r.body).toBe(201);
    }
    const created = await client.post('/v1/campaigns', { name: 'Same time', body: 'Hi {{first_name|there}}', audience: { tags: ['fl3'] }, schedule: { at: T.toISO() } });
    expect(created.statusCode, created.body).toBe(201);
    expect((await client.post(`/v1/campaigns/${created.json().id}/launch`)).json().status).toBe('scheduled');
    const cid = fromPublicId('campaign', created.json().id)!;
    await runFanout(env.ctx, { accountId: acct, campaignId: cid });
    const by = await messagesBy(env, acct, cid);
    expect(by.get(fl)).toEqual({ status: 'scheduled', at: T.plus({ hours: 24 }).toJSDate().toISOString() });
  });

  it('quiet hours at hand-over: a queued campaign text whose window has closed (throughput, rate cap, retries pushed it on) is not sent but deferred to the next 08:00, the attempt not spent', async () => {
    const env = use();
    const { client, acct } = await account(env);
    const zone = ['America/Los_Angeles', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Asia/Tokyo', 'Pacific/Honolulu', 'Pacific/Auckland']
      .find((z) => { const h = DateTime.now().setZone(z).hour; return h >= 9 && h < 20; })!;
    const ct = fromPublicId('contact', await contact(client, '+14155550171', ['late'], { timeZone: zone }))!;
    const { cid } = await launchAndFanOut(env, client, acct, { tags: ['late'] });
    expect([...(await messagesBy(env, acct, cid)).values()].map((m) => m.status)).toEqual(['queued']);
    // The dispatcher reaches it only at 22:00 in the recipient's zone.
    let late = DateTime.now().setZone(zone).set({ hour: 22, minute: 0, second: 0, millisecond: 0 });
    if (late < DateTime.now()) late = late.plus({ days: 1 });
    const real = env.ctx.now;
    env.ctx.now = () => late.toJSDate();
    try {
      await dispatchOnce(env.ctx);
    } finally {
      env.ctx.now = real;
    }
    const [m] = await q<{ contact_id: string; status: string; next_attempt_at: Date; attempts: number; claimed_until: Date | null; sent_at: Date | null }>(env,
      'select contact_id, status, next_attempt_at, attempts, claimed_until, sent_at from messages where account_id = $1 and campaign_id = $2', [acct, cid]);
    expect(m).toMatchObject({ contact_id: ct, status: 'queued', attempts: 0, claimed_until: null, sent_at: null });
    expect(new Date(m.next_attempt_at).toISOString()).toBe(late.plus({ days: 1 }).set({ hour: 8 }).toJSDate().toISOString());
  });

  it('scheduled one-to-one marketing sends keep the daily cap too: a 4th to a Florida number for the same moment goes a day later; New York has no cap', async () => {
    const env = use();
    const { client, acct } = await account(env);
    const T = DateTime.now().setZone('America/New_York').plus({ days: 2 }).set({ hour: 11, minute: 0, second: 0, millisecond: 0 }).toUTC();
    const times = async (to: string) => {
      for (let i = 0; i < 4; i++) {
        const r = await client.post('/v1/messages', { to, body: `Deal ${i}`, sendAt: T.toISO() });
        expect(r.statusCode, r.body).toBe(201);
        expect(r.json().status).toBe('scheduled');
      }
      return (await q<{ next_attempt_at: Date }>(env, 'select next_attempt_at from messages where account_id = $1 and "to" = $2 order by next_attempt_at', [acct, to]))
        .map((m) => new Date(m.next_attempt_at).toISOString());
    };
    const t = T.toJSDate().toISOString();
    expect(await times('+13055550191')).toEqual([t, t, t, T.plus({ hours: 24 }).toJSDate().toISOString()]);
    expect(await times('+12125550192')).toEqual([t, t, t, t]);
  });

  it('gates: an opted-in contact whose number is on the suppression list is skipped (opted_out) in the count and the fan-out; stats carry every documented field', async () => {
    const env = use();
    const { client, acct } = await account(env);
    // 13:00 in New York on a weekday in January: everyone inside the window.
    const noon = new Date('2027-01-15T18:00:00Z');
    const ok = [];
    for (let i = 0; i < 4; i++) ok.push(await contact(client, `+1212555016${i}`, ['g'], { firstName: `P${i}` }));
    const suppressed = await contact(client, '+12125550169', ['g']);
    await contact(client, '+12125550170', ['g'], {}, false); // no consent
    expect((await client.get(`/v1/contacts/${suppressed}`)).json().consent).toMatchObject({ state: 'opted_in' });
    await q(env, `insert into suppressions (account_id, phone_hash, phone, source, reason) values ($1, $2, $3, 'import', 'opt_out')`,
      [acct, phoneHash(env.ctx, '+12125550169'), '+12125550169']);
    expect((await client.post('/v1/campaigns/audience/count', { audience: { tags: ['g'] } })).json())
      .toEqual({ matched: 6, eligible: 4, skipped: { opted_out: 1, no_consent: 1 } });
    const { id, cid } = await launchAndFanOut(env, client, acct, { tags: ['g'] }, noon);
    const by = await messagesBy(env, acct, cid);
    expect(by.size).toBe(4);
    expect(by.has(fromPublicId('contact', suppressed)!)).toBe(false);
    expect((await client.get(`/v1/campaigns/${id}/recipients?reason=opted_out`)).json().data).toEqual([{ contactId: suppressed, name: null, phone: '+•••••••••69', status: 'skipped', reason: 'opted_out' }]);
    // Every skipped recipient's reason is exportable (the per-recipient CSV).
    const csv = (await client.get(`/v1/campaigns/${id}/recipients.csv`)).body.trim().split('\n');
    expect(csv).toHaveLength(7);
    expect(csv.filter((l) => /,skipped,/.test(l)).map((l) => l.split(',')[4]).sort()).toEqual(['no_consent', 'opted_out']);

    // Outcomes (set directly: sent, delivered, undelivered, failed; one still waiting), then the stats shape of the API section.
    const msgs = (await q<{ id: string }>(env, 'select id from messages where account_id = $1 and campaign_id = $2 order by id', [acct, cid])).map((m) => m.id);
    const outcome = ['sent', 'delivered', 'undelivered', 'failed'];
    for (let i = 0; i < 3; i++) {
      await q(env, `update messages set status = $3, sent_at = now(), error_code = case when $3 in ('undelivered', 'failed') then 'unreachable' end where account_id = $1 and id = $2`, [acct, msgs[i], outcome[i + 1]]);
    }
    const got = (await client.get(`/v1/campaigns/${id}`)).json();
    expect(got.status).toBe('running');
    expect(got.stats).toEqual(expect.objectContaining({
      recipients: 6, skipped: { opted_out: 1, no_consent: 1 }, queued: 1, sent: 2, delivered: 1, undelivered: 1, failed: 1,
      clicks: 0, replies: 0, optOuts: 0, segments: 4, cost: expect.stringMatching(/^\d+\.\d{4}$/),
    }));
  });

  it('send window for federal numbers across DST (the API): New York and Texas at 20:30 vs Oklahoma; rule TCPA; times in ISO 8601 UTC', async () => {
    const { client } = await signUp(use().app);
    const ask = async (to: string, at: string) => {
      const r = await client.post('/v1/compliance/send-window', { to, at });
      expect(r.statusCode, r.body).toBe(200);
      return r.json();
    };
    expect(await ask('+12125550181', '2027-03-14T06:30:00Z')).toMatchObject({ allowed: false, at: '2027-03-14T06:30:00.000Z', nextAllowedAt: '2027-03-14T12:00:00.000Z', timeZone: 'America/New_York', rule: 'TCPA' });
    expect(await ask('+12125550181', '2027-11-07T06:30:00Z')).toMatchObject({ allowed: false, nextAllowedAt: '2027-11-07T13:00:00.000Z', rule: 'TCPA' });
    expect(await ask('+12145550182', '2027-11-07T01:30:00Z')).toMatchObject({ allowed: true, nextAllowedAt: '2027-11-07T01:30:00.000Z', timeZone: 'America/Chicago', rule: 'TCPA' });
    expect(await ask('+14055550183', '2027-11-07T01:30:00Z')).toMatchObject({ allowed: false, nextAllowedAt: '2027-11-07T14:00:00.000Z', timeZone: 'America/Chicago', rule: 'OK' });
  });

  it('recipients list: bad filters and cursors are 4xx {error:{code,message,details}}, never 500', async () => {
    const { client } = await account(use());
    const c = (await client.post('/v1/campaigns', { name: 'Filters', body: 'Hi', audience: { tags: ['none'] } })).json();
    for (const qs of ['status=nope', 'reason=%00', 'cursor=%%%', 'cursor=abc', 'limit=0', 'limit=100000', 'limit=x', 'status=queued&status=skipped', 'other=1']) {
      const r = await client.get(`/v1/campaigns/${c.id}/recipients?${qs}`);
      expect(r.statusCode, `${qs} ${r.body}`).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, `${qs} ${r.body}`).toBeLessThan(500);
      expect(r.json().error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }
    expect((await client.get(`/v1/campaigns/${c.id}/recipients?status=skipped&reason=landline`)).json()).toEqual({ data: [], nextCursor: null });
  });

  it('merge fields that do not exist or are malformed: 422 naming the field, at create and at change; a custom field key is accepted once it exists', async () => {
    const { client } = await account(use());
    const base = { name: 'Bad', audience: { tags: ['x'] } };
    const cases: Array<[string, string, string]> = [
      ['Hi {{nickname}}', 'unknown_merge_field', 'nickname'],
      ['Hi {{tier|gold}}', 'unknown_merge_field', 'tier'],
      ['Hi {{first name}}', 'malformed_merge_field', '{{first name}}'],
      ['Hi {{first_name', 'malformed_merge_field', '{{'],
      ['Hi {{a|b|c}}', 'malformed_merge_field', '{{a|b|c}}'],
    ];
    const draft = (await client.post('/v1/campaigns', { ...base, body: 'Hi {{first_name}}' })).json();
    for (const [body, code, field] of cases) {
      for (const r of [await client.post('/v1/campaigns', { ...base, body }), await client.patch(`/v1/campaigns/${draft.id}`, { body })]) {
        expect(r.statusCode, `${body} ${r.body}`).toBe(422);
        expect(r.json().error).toMatchObject({ code, details: { field: 'body', mergeField: field } });
        expect(r.json().error.message).toContain(field);
      }
    }
    expect((await client.get(`/v1/campaigns/${draft.id}`)).json().body).toBe('Hi {{first_name}}');
    expect((await client.post('/v1/custom-fields', { key: 'tier', label: 'Tier', type: 'text' })).statusCode).toBe(201);
    expect((await client.post('/v1/campaigns', { ...base, body: 'Hi {{tier|gold}}' })).statusCode).toBe(201);
  });
});
