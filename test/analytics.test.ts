import { DateTime } from 'luxon';
import { beforeAll, expect, it } from 'vitest';
import { txQuery } from '../src/db/client.js';
import { withTx } from '../src/db/tx.js';
import { fromPublicId } from '../src/lib/ids.js';
import { rollupAll, rollupOnce, ANALYTICS_CONSUMER } from '../src/modules/analytics/rollup.service.js';
import { currentPosition } from '../src/modules/outbox/outbox.service.js';
import { runFanout } from '../src/modules/campaigns/fanout.js';
import { runImport } from '../src/modules/imports/import-runner.js';
import { dispatchOnce } from '../src/modules/messaging/dispatcher.js';
import { applyReceipts } from '../src/modules/messaging/receipts.js';
import { describeEachDb, type TestEnv } from './harness.js';
import { postMultipart, signUp, waitForImport, type Client } from './factories.js';
import { makeOperator } from './operator-fixtures.js';

/** A zone where it is now well inside the federal send window (campaign texts go at once). */
const insideZone = () =>
  ['America/Los_Angeles', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Asia/Tokyo', 'Pacific/Honolulu', 'Pacific/Auckland']
    .find((z) => { const h = DateTime.now().setZone(z).hour; return h >= 9 && h < 20; })!;

/**
 * Analytics (issue 13): scripted traffic — sends, receipts delivered/failed with carrier codes,
 * inbound texts, STOP/START, a campaign, an inbox reply — gives exact figures from the rollups;
 * the rollup resumes after an interruption without counting twice; date range, number filter,
 * CSV, and isolation between accounts.
 */
describeEachDb('analytics', (use) => {
  const q = async <T = Record<string, unknown>>(env: TestEnv, text: string, params: unknown[] = []) => (await env.ctx.database.query<T>(text, params)).rows;
  /** Dispatches until none of the account's texts waits (a background dispatcher may hold some under its lease: poll, no sleeps). */
  async function dispatchAll(env: TestEnv, acct: string) {
    const waiting = async () => Number((await q<{ n: string }>(env,
      `select count(*) n from messages where account_id = $1 and direction = 'outbound' and status in ('accepted', 'scheduled', 'queued', 'sending')`, [acct]))[0].n);
    const until = Date.now() + 60_000;
    while (Date.now() < until) {
      await dispatchOnce(env.ctx);
      if ((await waiting()) === 0) return;
      await new Promise((r) => setImmediate(r));
    }
    throw new Error('dispatch did not settle');
  }
  /**
   * Waits until every outbox event written so far is final for readers. On PostgreSQL consumers read
   * below the server-wide horizon of running transactions: another test file's open transaction holds
   * it back for a moment, and a rollup run then finds nothing yet (the clean-clone run saw 0 events).
   */
  async function outboxSettled(env: TestEnv) {
    const [{ max }] = await q<{ max: string }>(env, `select coalesce(max(tx_id), 0)::text as max from outbox`);
    const until = Date.now() + 60_000;
    while ((await currentPosition(env.ctx.database.query)).txId < Number(max)) {
      if (Date.now() > until) throw new Error('the outbox horizon did not pass the last event');
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  async function receipt(env: TestEnv, acct: string, publicId: string, status: 'delivered' | 'failed' | 'undelivered', errorCode?: string) {
    const [m] = await q<{ provider: string; provider_message_id: string }>(env, `select provider, provider_message_id from messages where account_id = $1 and id = $2`, [acct, fromPublicId('message', publicId)]);
    expect(m.provider_message_id).toBeTruthy();
    await applyReceipts(env.ctx, [{ accountId: acct, provider: m.provider, providerMessageId: m.provider_message_id, status, ...(errorCode ? { errorCode } : {}) }]);
  }

  let today = '';
  let past = '';
  let accountZone = '';
  let a: { client: Client; acct: string; n1: { id: string; phoneNumber: string }; n2: { id: string; phoneNumber: string }; campaignId: string } ;

  beforeAll(async () => {
    const env = use();
    await env.sim.settings({ latencyMs: 600_000 }); // the carrier reports nothing by itself: the test's receipts decide
    const s = await signUp(env.app);
    const { client } = s;
    // Days are the account's (its owner's +1 415 number: America/Los_Angeles), not UTC days.
    accountZone = (await client.get('/v1/account')).json().account.timeZone;
    expect(accountZone).toBe('America/Los_Angeles');
    [{ d: today }] = await q<{ d: string }>(env, `select (now() at time zone $1)::date::text as d`, [accountZone]);
    past = DateTime.fromISO(today, { zone: 'utc' }).minus({ days: 3 }).toISODate()!;
    const acct = fromPublicId('account', s.accountId)!;
    const n1 = (await client.post('/v1/numbers', { provider: 'simulator', mps: 1000 })).json();
    const n2 = (await client.post('/v1/numbers', { provider: 'simulator', mps: 1000 })).json();
    const send = async (to: string, from: string) => {
      const r = await client.post('/v1/messages', { to, from, body: 'Your order is ready.' });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().id as string;
    };
    const [ma, mb, mc] = [await send('+14155550201', n1.id), await send('+14155550202', n1.id), await send('+14155550203', n1.id)];
    const md = await send('+14155550204', n2.id);
    // A campaign from n1 to two consenting contacts.
    const zone = insideZone();
    for (const phone of ['+14155550211', '+14155550212']) {
      const c = (await client.post('/v1/contacts', { phone, tags: ['vip'], timeZone: zone })).json();
      expect((await client.post(`/v1/contacts/${c.id}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'Yes' } })).statusCode).toBe(201);
    }
    const campaign = (await client.post('/v1/campaigns', { name: 'Spring sale', body: 'Hi, 20% off today.', audience: { tags: ['vip'] }, from: n1.id })).json();
    expect((await client.post(`/v1/campaigns/${campaign.id}/launch`)).statusCode).toBe(202);
    await runFanout(env.ctx, { accountId: acct, campaignId: fromPublicId('campaign', campaign.id)! });
    await dispatchAll(env, acct);
    await receipt(env, acct, ma, 'delivered');
    await receipt(env, acct, mb, 'failed', '30007');
    await receipt(env, acct, mc, 'undelivered', '30003');
    await receipt(env, acct, md, 'delivered');
    const campaignTexts = await q<{ id: string }>(env, `select id from messages where account_id = $1 and campaign_id = $2`, [acct, fromPublicId('campaign', campaign.id)]);
    expect(campaignTexts).toHaveLength(2);
    for (const t of campaignTexts) {
      const [m] = await q<{ provider: string; provider_message_id: string }>(env, `select provider, provider_message_id from messages where account_id = $1 and id = $2`, [acct, t.id]);
      await applyReceipts(env.ctx, [{ accountId: acct, provider: m.provider, providerMessageId: m.provider_message_id, status: 'delivered' }]);
    }
    // A campaign recipient texts STOP, then START; a customer texts and an agent answers.
    const inbound = async (from: string, body: string) => {
      const r = await client.post('/v1/simulator/inbound', { from, to: n1.phoneNumber, body });
      expect(r.statusCode, r.body).toBe(201);
      return r.json();
    };
    await inbound('+14155550211', 'STOP');
    await inbound('+14155550211', 'START');
    const hello = await inbound('+14155550220', 'Hello, are you open?');
    const reply = await client.post(`/v1/conversations/${hello.conversationId}/messages`, { body: 'Yes, until 6.' });
    expect(reply.statusCode, reply.body).toBe(201);
    await dispatchAll(env, acct);
    // n2's text happened three days ago (its events backdated: the rollups count by the event's UTC day).
    // (A test-only rewrite of history: the outbox is append-only except in a transaction that declares itself an erasure.)
    await withTx(env.ctx.db, async (tx) => {
      await txQuery(tx)(`select set_config('wm.erasure', 'on', true)`);
      await txQuery(tx)(`update outbox set created_at = created_at - interval '3 days' where account_id = $1 and subject_id = $2`, [acct, fromPublicId('message', md)]);
    });
    a = { client, acct, n1, n2, campaignId: campaign.id };
  });

  const summary = async (c: Client, query: string) => {
    const r = await c.get(`/v1/analytics/summary?${query}`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };
  /** Segments and cost of the account's outbound texts that reached the carrier (what the rollup must show). */
  const handedOver = async (env: TestEnv, numberId?: string) => {
    const [r] = await q<{ n: string; seg: string }>(env,
      `select count(*) n, coalesce(sum(segments), 0) seg from messages where account_id = $1 and direction = 'outbound' and status in ('sent', 'delivered', 'undelivered', 'failed') and error_code is distinct from 'submit'
       and ($2::uuid is null or number_id = $2::uuid)`, [a.acct, numberId ? fromPublicId('number', numberId) : null]);
    return { n: Number(r.n), segments: Number(r.seg) };
  };

  it('an interrupted rollup commits nothing; resumed, it counts every event once (exact figures)', async () => {
    const env = use();
    const range = `from=${past}&to=${today}`;
    const before = await q(env, `select * from outbox_positions where consumer = $1`, [ANALYTICS_CONSUMER]);
    await outboxSettled(env);
    await expect(rollupOnce(env.ctx.db, { limit: 7, beforeCommit: () => { throw new Error('crash'); } })).rejects.toThrow('crash');
    expect(await q(env, `select * from outbox_positions where consumer = $1`, [ANALYTICS_CONSUMER])).toEqual(before);
    expect((await summary(a.client, range)).totals.sent).toBe(0);
    expect(await rollupOnce(env.ctx.db, { limit: 7 })).toBe(7); // part of the way
    await expect(rollupOnce(env.ctx.db, { limit: 5, beforeCommit: () => { throw new Error('crash'); } })).rejects.toThrow('crash');
    await rollupAll(env.ctx);
    await rollupAll(env.ctx); // nothing new: nothing changes

    const s = await summary(a.client, range);
    const out = await handedOver(env);
    expect(out.n).toBe(9); // 4 direct, 2 campaign, 2 keyword replies, 1 inbox reply
    expect(s.totals).toMatchObject({
      // opt-ins: the two consents recorded through the API and START (every source counts).
      sent: 9, delivered: 4, failed: 2, received: 3, optIns: 3, optOuts: 1, responses: 1, segmentsOut: out.segments, segmentsIn: 3,
      deliveryRate: 66.7, respondedWithin: { fiveMinutes: 100, oneHour: 100, oneDay: 100 },
    });
    expect(s.totals.averageResponseSeconds).toBeGreaterThanOrEqual(0);
    // US long code: $0.0083 a segment (src/modules/messaging/pricing.ts).
    expect(s.cost).toMatchObject({ amount: (out.segments * 0.0083).toFixed(4), currency: 'USD' });
    expect(s.errors).toEqual([{ code: '30003', failed: 1, share: 50 }, { code: '30007', failed: 1, share: 50 }]);
    expect(s.campaigns).toEqual([expect.objectContaining({
      id: a.campaignId, name: 'Spring sale', recipients: 2, sent: 2, delivered: 2, deliveredPercent: 100, failed: 0, optOuts: 1, optOutPercent: 50, clicks: 0,
    })]);
    expect(s.sla).toMatchObject({ scope: 'account', byAgent: [], byTeam: [] });
    expect(s.timeZone).toBe(accountZone);
    expect(s.series).toHaveLength(4);
    expect(s.series[0]).toMatchObject({ period: past, sent: 1, delivered: 1 });
    expect(s.series[3]).toMatchObject({ period: today, sent: 8, delivered: 3, failed: 2, received: 3 });
  });

  it('date range, number filter and granularity', async () => {
    const todayOnly = await summary(a.client, `from=${today}&to=${today}`);
    expect(todayOnly.totals).toMatchObject({ sent: 8, delivered: 3, failed: 2 });
    const n2 = await summary(a.client, `from=${past}&to=${today}&numberId=${a.n2.id}`);
    expect(n2.totals).toMatchObject({ sent: 1, delivered: 1, failed: 0, received: 0, optOuts: 0 });
    expect(n2.errors).toEqual([]);
    expect(n2.campaigns).toEqual([]);
    const n1 = await summary(a.client, `from=${past}&to=${today}&numberId=${a.n1.id}`);
    expect(n1.totals).toMatchObject({ sent: 8, delivered: 3, failed: 2, received: 3, optOuts: 1, optIns: 1 });
    const monthly = await summary(a.client, `from=${past}&to=${today}&granularity=month`);
    expect(monthly.series.reduce((t: number, p: { sent: number }) => t + p.sent, 0)).toBe(9);
    expect(monthly.series.every((p: { period: string }) => p.period.endsWith('-01'))).toBe(true);
    // No dates: the last 30 days up to today in the account's zone.
    const recent = await summary(a.client, '');
    expect(recent).toMatchObject({ to: today, today, from: DateTime.fromISO(today, { zone: 'utc' }).minus({ days: 29 }).toISODate() });
    expect(recent.totals.sent).toBe(9);
    const before = await summary(a.client, `from=2020-01-01&to=2020-01-31&granularity=week`);
    expect(before.totals.sent).toBe(0);
    // Bad input at the edge.
    for (const [query, code] of [
      [`from=${today}`, 'validation_failed'], [`to=${today}`, 'validation_failed'], [`from=${today}&to=${past}`, 'invalid_range'], [`from=2020-01-01&to=2022-01-01`, 'invalid_range'],
      [`from=${today}&to=${today}&numberId=ct_nope`, 'invalid_number_id'], [`from=2026-02-30&to=${today}`, 'validation_failed'],
      [`from=${today}&to=${today}&granularity=year`, 'validation_failed'], [`from=${today}&to=${today}&colour=red`, 'unknown_parameter'],
    ]) {
      const r = await a.client.get(`/v1/analytics/summary?${query}`);
      expect(r.statusCode, query).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, query).toBeLessThan(500);
      expect(r.json().error.code, query).toBe(code);
    }
  });

  it('exports the series as CSV', async () => {
    const r = await a.client.get(`/v1/analytics/export.csv?from=${past}&to=${today}`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/csv/);
    expect(r.headers['content-disposition']).toBe(`attachment; filename="analytics-${past}-${today}.csv"`);
    const lines = r.body.trim().split('\r\n');
    expect(lines[0]).toBe('period,sent,delivered,failed,received,segments_out,segments_in,opt_ins,opt_outs,responses,average_response_seconds,cost_usd');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toBe(`${past},1,1,0,0,1,0,0,0,0,,0.0083`);
    expect(lines[4].split(',').slice(0, 5)).toEqual([today, '8', '3', '2', '3']);
  });

  it('isolation: another account sees only its own figures; partner-free roles rules', async () => {
    const env = use();
    const other = await signUp(env.app);
    const s = await summary(other.client, `from=${past}&to=${today}`);
    expect(s.totals).toMatchObject({ sent: 0, delivered: 0, received: 0, optOuts: 0 });
    expect(s.campaigns).toEqual([]);
    expect(s.errors).toEqual([]);
    // Another account's number id filters to nothing, it does not reveal anything.
    expect((await summary(other.client, `from=${past}&to=${today}&numberId=${a.n1.id}`)).totals.sent).toBe(0);
    // Unauthenticated: 401; an API key without messages:read: 403.
    expect((await env.app.inject({ method: 'GET', url: `/v1/analytics/summary?from=${today}&to=${today}` })).statusCode).toBe(401);
    const key = (await a.client.post('/v1/api-keys', { name: 'contacts only', scopes: ['contacts:read'] })).json().key;
    expect((await env.app.inject({ method: 'GET', url: `/v1/analytics/summary?from=${today}&to=${today}`, headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(403);
    const reader = (await a.client.post('/v1/api-keys', { name: 'reader', scopes: ['messages:read'] })).json().key;
    const ok = await env.app.inject({ method: 'GET', url: `/v1/analytics/export.csv?from=${today}&to=${today}`, headers: { authorization: `Bearer ${reader}` } });
    expect(ok.statusCode).toBe(200);
  });

  it("cost is what billing charges: the account's override over the price book over the list price", async () => {
    const env = use();
    const op = await makeOperator(env);
    const b = await signUp(env.app);
    const acct = fromPublicId('account', b.accountId)!;
    await b.client.post('/v1/numbers', { provider: 'simulator', mps: 1000 });
    const set = await op.client.request('PUT', `/v1/operator/accounts/${b.accountId}/prices`, { country: 'US', senderType: '*', unit: 'sms', price: '0.02' });
    expect(set.statusCode, set.body).toBe(200);
    const sent = await b.client.post('/v1/messages', { to: '+1 212 555 0199', body: 'Two segments: ' + 'x'.repeat(150) });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json().segments).toBe(2);
    await dispatchAll(env, acct);
    await outboxSettled(env);
    await rollupAll(env.ctx);
    const s = await summary(b.client, `from=${past}&to=${today}`);
    expect(s.totals.segmentsOut).toBe(2);
    expect(s.cost).toMatchObject({ amount: '0.0400', currency: 'USD' });
    // Billing metered the same amount for the same text.
    const [u] = await q<{ amount: string }>(env, `select coalesce(sum(amount_micros), 0)::text amount from usage_counters where account_id = $1 and direction = 'outbound'`, [acct]);
    expect(Number(u.amount)).toBe(40_000);
  });

  /** Moves every outbox event of a message to one instant (a test-only rewrite, as in beforeAll). */
  async function eventsAt(env: TestEnv, acct: string, messageId: string, iso: string) {
    await withTx(env.ctx.db, async (tx) => {
      await txQuery(tx)(`select set_config('wm.erasure', 'on', true)`);
      await txQuery(tx)(`update outbox set created_at = $3 where account_id = $1 and subject_id = $2`, [acct, fromPublicId('message', messageId), iso]);
    });
  }

  it("days are the account's local days (an evening in Los Angeles stays on its day) and follow a change of zone without a rewrite", async () => {
    const env = use();
    const b = await signUp(env.app);
    const acct = fromPublicId('account', b.accountId)!;
    await b.client.post('/v1/numbers', { provider: 'simulator', mps: 1000 });
    const sent = await b.client.post('/v1/messages', { to: '+14155550301', body: 'See you tomorrow.' });
    expect(sent.statusCode, sent.body).toBe(201);
    await dispatchAll(env, acct);
    // 21:30 on 9 March in Los Angeles (PDT since 8 March, UTC−7) is 04:30 UTC on the 10th.
    await eventsAt(env, acct, sent.json().id, '2026-03-10T04:30:00Z');
    await outboxSettled(env);
    await rollupAll(env.ctx);
    const range = 'from=2026-03-09&to=2026-03-10';
    const la = await summary(b.client, range);
    expect(la.timeZone).toBe('America/Los_Angeles');
    expect(la.series.map((p: { period: string; sent: number }) => [p.period, p.sent])).toEqual([['2026-03-09', 1], ['2026-03-10', 0]]);
    expect((await summary(b.client, 'from=2026-03-10&to=2026-03-10')).totals.sent).toBe(0);
    const csv = (await b.client.get(`/v1/analytics/export.csv?${range}`)).body.trim().split('\r\n');
    expect(csv.slice(1).map((l: string) => l.split(',').slice(0, 2).join(','))).toEqual(['2026-03-09,1', '2026-03-10,0']);
    // The business works in Kolkata (UTC+5:30, business hours' zone): 10:00 on the 10th there.
    expect((await b.client.request('PUT', '/v1/business-hours', { timeZone: 'Asia/Kolkata', hours: [] })).statusCode).toBe(200);
    const kolkata = await summary(b.client, range);
    expect(kolkata.timeZone).toBe('Asia/Kolkata');
    expect(kolkata.series.map((p: { period: string; sent: number }) => [p.period, p.sent])).toEqual([['2026-03-09', 0], ['2026-03-10', 1]]);
  });

  it('opt-ins and opt-outs from every source: API, CSV import, keyword and the carrier (21610)', async () => {
    const env = use();
    const c = await signUp(env.app);
    const acct = fromPublicId('account', c.accountId)!;
    const n = (await c.client.post('/v1/numbers', { provider: 'simulator', mps: 1000 })).json();
    const consent = async (contactId: string, kind: 'opt_in' | 'opt_out') =>
      expect((await c.client.post(`/v1/contacts/${contactId}/consent`, { kind, source: 'api', evidence: { wording: 'Agreed by phone' } })).statusCode).toBe(201);
    const c1 = (await c.client.post('/v1/contacts', { phone: '+14155550231' })).json();
    const c2 = (await c.client.post('/v1/contacts', { phone: '+14155550232' })).json();
    await consent(c1.id, 'opt_in'); // API: +1 in
    await consent(c2.id, 'opt_in'); // API: +1 in
    await consent(c2.id, 'opt_out'); // API: +1 out
    const up = await postMultipart(c.client, '/v1/imports', { options: { consent: { basis: 'consented', description: 'Signed up at the counter on our paper form.' } } },
      { content: 'phone,first_name\n+14155550241,Ann\n+14155550242,Bo\n' });
    expect(up.statusCode, up.body).toBe(202);
    await runImport(env.ctx, { accountId: acct, importId: fromPublicId('import', up.json().id)! }); // the job's work, now
    expect((await waitForImport(c.client, up.json().id)).status).toBe('completed'); // import: +2 in
    expect((await c.client.post('/v1/simulator/inbound', { from: '+14155550243', to: n.phoneNumber, body: 'STOP' })).statusCode).toBe(201); // keyword: +1 out
    // The carrier refuses a text: the recipient texted STOP at the carrier (Twilio 21610).
    const refused = await c.client.post('/v1/messages', { to: '+14155550244', from: n.id, body: 'Your order is ready.' });
    expect(refused.statusCode, refused.body).toBe(201);
    await dispatchAll(env, acct);
    await receipt(env, acct, refused.json().id, 'failed', 'recipient_opted_out'); // carrier: +1 out
    await outboxSettled(env);
    await rollupAll(env.ctx);
    const s = await summary(c.client, `from=${past}&to=${today}`);
    expect(s.totals).toMatchObject({ optIns: 4, optOuts: 3 });
    expect(s.series.reduce((t: number, p: { optIns: number }) => t + p.optIns, 0)).toBe(4);
  });

  it('SLA per agent and per team (as the inbox SLA report), over the local days, only the account\'s own', async () => {
    const env = use();
    const realNow = env.ctx.now;
    const at = (iso: string) => { env.ctx.now = () => new Date(iso); };
    try {
      at('2026-12-04T12:00:00Z'); // sessions are minted on the test clock
      const { client, userId, accountId } = await signUp(env.app);
      const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
      expect((await client.post('/v1/sla-policies', { name: 'Default', firstResponseMinutes: 10, nextResponseMinutes: null, resolutionMinutes: null })).statusCode).toBe(201);
      const team = (await client.post('/v1/teams', { name: 'Billing' })).json();
      const text = async (from: string) => {
        const r = await client.post('/v1/simulator/inbound', { from, to: number.phoneNumber, body: 'Where is my order?' });
        expect(r.statusCode, r.body).toBe(201);
        return r.json().conversationId as string;
      };
      const answer = async (id: string) => expect((await client.post(`/v1/conversations/${id}/messages`, { body: 'On it!' })).statusCode).toBe(201);
      at('2026-12-09T15:00:00Z'); // 07:00 in Los Angeles
      const mine = await text('+12125550111');
      const billing = await text('+12125550112');
      expect((await client.post(`/v1/conversations/${mine}/assign`, { userId })).statusCode).toBe(200);
      expect((await client.post(`/v1/conversations/${billing}/assign`, { teamId: team.id })).statusCode).toBe(200);
      at('2026-12-09T15:05:00Z');
      await answer(mine); // met
      at('2026-12-09T15:20:00Z');
      await answer(billing); // late: breached
      at('2026-12-10T05:00:00Z'); // 21:00 on the 9th in Los Angeles
      const evening = await text('+12125550113');
      at('2026-12-10T05:02:00Z');
      await answer(evening); // met, nobody's
      // One SLA report serves the totals, the agents and the teams: one read of the targets and one of the CSAT answers.
      const acct = fromPublicId('account', accountId) ?? accountId;
      const reads = { targets: 0, csat: 0 };
      const query = env.ctx.database.query;
      env.ctx.database.query = ((text: string, params?: unknown[]) => {
        if (params?.[0] === acct && /from sla_targets t\s+where t\.account_id = \$1 and t\.started_at >= \$2/.test(text)) reads.targets++;
        if (params?.[0] === acct && /from csat_surveys s\s+where s\.account_id = \$1 and s\.status = 'answered'/.test(text)) reads.csat++;
        return query(text, params);
      }) as typeof query;
      const s = await summary(client, 'from=2026-12-09&to=2026-12-09').finally(() => { env.ctx.database.query = query; });
      expect(reads).toEqual({ targets: 1, csat: 1 });
      expect(s.sla).toMatchObject({ total: 3, met: 2, breached: 1, percentMet: 66.7, scope: 'account' });
      expect(s.sla.byAgent).toEqual([
        { id: null, name: 'Unassigned', total: 2, met: 1, breached: 1, percentMet: 50 },
        { id: userId, name: 'Ada Owner', total: 1, met: 1, breached: 0, percentMet: 100 },
      ]);
      expect(s.sla.byTeam).toEqual([
        { id: null, name: 'No team', total: 2, met: 2, breached: 0, percentMet: 100 },
        { id: team.id, name: 'Billing', total: 1, met: 0, breached: 1, percentMet: 0 },
      ]);
      const other = await signUp(env.app);
      expect((await summary(other.client, 'from=2026-12-09&to=2026-12-09')).sla).toMatchObject({ total: 0, byAgent: [], byTeam: [] });
    } finally {
      env.ctx.now = realNow;
    }
  });
}, {}, { simulator: true });
