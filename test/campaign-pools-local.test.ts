import { DateTime } from 'luxon';
import { expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { pickDueWinners } from '../src/modules/campaigns/ab-pick.service.js';
import { runFanout } from '../src/modules/campaigns/fanout.js';
import { receiveInbound } from '../src/modules/messaging/inbound.service.js';
import { describeEachDb, type TestEnv } from './harness.js';
import { signUp, type Client } from './factories.js';

/** A zone where it is now inside the federal window, so campaign texts are queued at once. */
const insideZone = () =>
  ['Pacific/Honolulu', 'America/Los_Angeles', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Asia/Tokyo', 'Pacific/Auckland']
    .find((z) => { const h = DateTime.now().setZone(z).hour; return h >= 9 && h < 20; })!;

describeEachDb('number pools (sticky sender), local-time schedules and A/B tests', (use) => {
  const q = async <T = Record<string, unknown>>(env: TestEnv, text: string, params: unknown[] = []) => (await env.ctx.database.query<T>(text, params)).rows;
  const body = { body: 'Hi {{first_name|there}}, new arrivals. Reply STOP to opt out.' };

  async function contact(client: Client, phone: string, tag: string, timeZone: string) {
    const c = (await client.post('/v1/contacts', { phone, tags: [tag], timeZone })).json();
    expect((await client.post(`/v1/contacts/${c.id}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'Yes' } })).statusCode).toBe(201);
    return fromPublicId('contact', c.id)!;
  }

  /** Launches a campaign and fans it out in batches of 4; answers contact → number id of its messages. */
  async function send(env: TestEnv, client: Client, acct: string, from: string, tag: string) {
    const c = (await client.post('/v1/campaigns', { ...body, name: `To ${tag}`, from, audience: { tags: [tag] } })).json();
    expect((await client.post(`/v1/campaigns/${c.id}/launch`)).statusCode).toBe(202);
    await runFanout(env.ctx, { accountId: acct, campaignId: fromPublicId('campaign', c.id)!, batchSize: 4 });
    const rows = await q<{ contact_id: string; number_id: string; from: string; conv_number: string }>(env, `
      select m.contact_id, m.number_id, m."from", cv.number_id as conv_number from messages m left join conversations cv on cv.account_id = m.account_id and cv.id = m.conversation_id
      where m.account_id = $1 and m.campaign_id = $2`, [acct, fromPublicId('campaign', c.id)]);
    // A conversation the text joined (one already open with the contact) is with the assigned number; most join none until a reply.
    for (const r of rows) if (r.conv_number) expect(r.conv_number).toBe(r.number_id);
    return { id: c.id as string, by: new Map(rows.map((r) => [r.contact_id, r.number_id])) };
  }
  const spread = (by: Map<string, string>) => [...by.values()].reduce((m, n) => m.set(n, (m.get(n) ?? 0) + 1), new Map<string, number>());

  it('pools: create, list, get, rename, replace numbers; bad input and another account are refused', async () => {
    const { client } = await signUp(use().app);
    const nums = [];
    for (let i = 0; i < 2; i++) nums.push((await client.post('/v1/numbers', { provider: 'simulator' })).json());
    const created = await client.post('/v1/number-pools', { name: 'Spring', numberIds: nums.map((n) => n.id) });
    expect(created.statusCode, created.body).toBe(201);
    const pool = created.json();
    expect(pool).toMatchObject({ id: expect.stringMatching(/^pool_/), name: 'Spring', numbers: nums.map((n) => ({ id: n.id, phoneNumber: n.phoneNumber })), createdAt: expect.any(String) });
    expect((await client.get('/v1/number-pools')).json().data.map((p: { id: string }) => p.id)).toEqual([pool.id]);
    expect((await client.get(`/v1/number-pools/${pool.id}`)).json()).toEqual(pool);
    const renamed = (await client.patch(`/v1/number-pools/${pool.id}`, { name: 'Spring 2', numberIds: [nums[1].id] })).json();
    expect(renamed).toMatchObject({ name: 'Spring 2', numbers: [{ id: nums[1].id }] });
    expect((await client.post('/v1/number-pools', { name: 'Spring 2', numberIds: [nums[0].id] })).json().error.code).toBe('pool_name_taken');
    expect((await client.post('/v1/number-pools', { name: 'Empty', numberIds: [] })).statusCode).toBe(422);
    expect((await client.post('/v1/number-pools', { name: 'Bogus', numberIds: ['pn_bogus'] })).statusCode).toBe(404);

    const other = (await signUp(use().app)).client;
    expect((await other.post('/v1/number-pools', { name: 'Mine', numberIds: [nums[0].id] })).statusCode).toBe(404);
    expect((await other.get(`/v1/number-pools/${pool.id}`)).statusCode).toBe(404);
    expect((await other.patch(`/v1/number-pools/${pool.id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await other.delete(`/v1/number-pools/${pool.id}`)).statusCode).toBe(404);
    expect((await other.get('/v1/number-pools')).json().data).toEqual([]);
    const r = await other.post('/v1/campaigns', { ...body, name: 'x', from: pool.id, audience: { tags: ['a'] } });
    expect(r.statusCode).toBe(404);
    expect(r.json().error.message).toMatch(/pool/i);
  });

  it('sticky sender: two campaigns over a pool text each contact from the same number, spread evenly; a number that left is replaced; a pool in use is not deleted', async () => {
    const env = use();
    const { client, accountId } = await signUp(env.app);
    const acct = fromPublicId('account', accountId)!;
    const nums: Array<{ id: string }> = [];
    for (let i = 0; i < 3; i++) nums.push((await client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json());
    const zone = insideZone();
    for (let i = 0; i < 9; i++) await contact(client, `+1415555${3100 + i}`, 'pool', zone);
    const pool = (await client.post('/v1/number-pools', { name: 'Main', numberIds: nums.map((n) => n.id) })).json();

    const a = await send(env, client, acct, pool.id, 'pool');
    expect(a.by.size).toBe(9);
    expect([...spread(a.by).values()].sort()).toEqual([3, 3, 3]);
    expect((await client.get(`/v1/campaigns/${a.id}`)).json().from).toBe(pool.id);
    const b = await send(env, client, acct, pool.id, 'pool');
    expect(b.by).toEqual(a.by);

    // A running campaign holds the pool.
    const del = await client.delete(`/v1/number-pools/${pool.id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().error).toMatchObject({ code: 'pool_in_use', details: { campaignIds: expect.arrayContaining([a.id, b.id]) } });

    // The third number leaves: its contacts get one of the two others (evenly), the rest keep theirs.
    const gone = fromPublicId('number', nums[2].id)!;
    expect((await client.patch(`/v1/number-pools/${pool.id}`, { numberIds: [nums[0].id, nums[1].id] })).statusCode).toBe(200);
    const c = await send(env, client, acct, pool.id, 'pool');
    expect(c.by.size).toBe(9);
    for (const [contactId, n] of a.by) {
      if (n === gone) expect(c.by.get(contactId)).not.toBe(gone);
      else expect(c.by.get(contactId)).toBe(n);
    }
    expect([...spread(c.by).values()].sort()).toEqual([4, 5]);

    // A number that joins takes the new recipients until it has caught up.
    const joined = (await client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    expect((await client.patch(`/v1/number-pools/${pool.id}`, { numberIds: [nums[0].id, nums[1].id, joined.id] })).statusCode).toBe(200);
    for (let i = 0; i < 3; i++) await contact(client, `+1415555${3200 + i}`, 'pool', zone);
    const d = await send(env, client, acct, pool.id, 'pool');
    expect(d.by.size).toBe(12);
    for (const [contactId, n] of c.by) expect(d.by.get(contactId)).toBe(n);
    expect([...d.by.entries()].filter(([contactId]) => !c.by.has(contactId)).map(([, n]) => n)).toEqual(Array(3).fill(fromPublicId('number', joined.id)));

    for (const id of [a.id, b.id, c.id, d.id]) await client.post(`/v1/campaigns/${id}/cancel`);
    expect((await client.delete(`/v1/number-pools/${pool.id}`)).statusCode).toBe(204);
    expect(Number((await q<{ n: number }>(env, 'select count(*) n from pool_senders where account_id = $1', [acct]))[0].n)).toBe(0);
  });

  it('local time for everyone: each zone at its own wall-clock time across a DST change, quiet hours still apply, the earliest zone must not be past', async () => {
    const env = use();
    const { client, accountId } = await signUp(env.app);
    const acct = fromPublicId('account', accountId)!;
    await client.post('/v1/numbers', { provider: 'simulator', mps: 100 });
    const ids = {
      ny: await contact(client, '+12125550301', 'local', 'America/New_York'),
      phx: await contact(client, '+16025550302', 'local', 'America/Phoenix'),
      hnl: await contact(client, '+18085550303', 'local', 'Pacific/Honolulu'),
    };
    const run = async (schedule: { localTime: string; date: string }) => {
      const created = await client.post('/v1/campaigns', { ...body, name: 'Local', audience: { tags: ['local'] }, schedule });
      expect(created.statusCode, created.body).toBe(201);
      const c = created.json();
      expect((await client.post(`/v1/campaigns/${c.id}/launch`)).json().status).toBe('scheduled');
      await runFanout(env.ctx, { accountId: acct, campaignId: fromPublicId('campaign', c.id)! });
      const rows = await q<{ contact_id: string; status: string; next_attempt_at: Date }>(env,
        'select contact_id, status, next_attempt_at from messages where account_id = $1 and campaign_id = $2', [acct, fromPublicId('campaign', c.id)]);
      expect(rows.every((r) => r.status === 'scheduled')).toBe(true);
      const at = new Map(rows.map((r) => [r.contact_id, new Date(r.next_attempt_at).toISOString()]));
      return { c, at: { ny: at.get(ids.ny), phx: at.get(ids.phx), hnl: at.get(ids.hnl) } };
    };
    // 2027-03-14: New York springs forward (EDT, UTC−4); Phoenix (MST, UTC−7) and Honolulu (HST, UTC−10) do not.
    const spring = await run({ localTime: '10:00', date: '2027-03-14' });
    expect(spring.c.schedule).toEqual({ at: '2027-03-14T14:00:00.000Z', localTime: '10:00', date: '2027-03-14' });
    expect(spring.at).toEqual({ ny: '2027-03-14T14:00:00.000Z', phx: '2027-03-14T17:00:00.000Z', hnl: '2027-03-14T20:00:00.000Z' });
    // 07:30 is in quiet hours everywhere: deferred to 08:00 local, on 2027-11-07 when New York falls back (EST, UTC−5).
    const fall = await run({ localTime: '07:30', date: '2027-11-07' });
    expect(fall.at).toEqual({ ny: '2027-11-07T13:00:00.000Z', phx: '2027-11-07T15:00:00.000Z', hnl: '2027-11-07T18:00:00.000Z' });

    // In 2 hours in Honolulu is hours ago in New York: refused while New York is in the audience.
    const soon = DateTime.now().setZone('Pacific/Honolulu').plus({ hours: 2 });
    const schedule = { localTime: soon.toFormat('HH:mm'), date: soon.toISODate()! };
    const past = await client.post('/v1/campaigns', { ...body, name: 'Late', audience: { tags: ['local'] }, schedule });
    expect(past.statusCode).toBe(422);
    expect(past.json().error).toMatchObject({ code: 'schedule_in_past', details: { zone: 'America/New_York' } });
    const hnlOnly = await client.post('/v1/campaigns', { ...body, name: 'Late', audience: { contactIds: [(await client.get('/v1/contacts?limit=50')).json().data.find((x: { timeZone: string }) => x.timeZone === 'Pacific/Honolulu').id] }, schedule });
    expect(hnlOnly.statusCode, hnlOnly.body).toBe(201);
    expect((await client.post('/v1/campaigns', { ...body, name: 'Bad', audience: { tags: ['local'] }, schedule: { localTime: '25:00', date: '2027-01-01' } })).statusCode).toBe(422);
    expect((await client.post('/v1/campaigns', { ...body, name: 'Bad', audience: { tags: ['local'] }, schedule: { localTime: '10:00', date: '2027-02-30' } })).statusCode).toBe(422);
  });
  it('A/B test: a sample split evenly over the variants, the rest held; the winner by replies (after its hours, or by hand) goes to the rest', async () => {
    const env = use();
    const { client, accountId } = await signUp(env.app);
    const acct = fromPublicId('account', accountId)!;
    const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    const zone = insideZone();
    for (let i = 0; i < 20; i++) await contact(client, `+1415555${4100 + i}`, 'ab', zone);
    const variants = [{ body: 'A: spring sale {{first_name|friend}}' }, { body: 'B: 20% off this week' }];
    const ab = { name: 'AB', audience: { tags: ['ab'] }, variants, abTest: { samplePercent: 50, metric: 'replies', pickAfterHours: 2 } };
    const bad = async (b: unknown, code: string) => expect((await client.post('/v1/campaigns', b)).json().error.code).toBe(code);
    await bad({ ...ab, abTest: undefined }, 'ab_test_incomplete');
    await bad({ ...ab, body: 'Something else' }, 'body_not_first_variant');
    await bad({ ...ab, variants: [{ body: 'Hi {{nickname}}' }, variants[1]] }, 'unknown_merge_field');
    expect((await client.post('/v1/campaigns', { ...ab, variants: [variants[0]] })).statusCode).toBe(422);

    const run = async () => {
      const c = (await client.post('/v1/campaigns', ab)).json();
      expect(c).toMatchObject({ body: variants[0].body, abTest: { samplePercent: 50, metric: 'replies', pickAfterHours: 2, variants, winner: null } });
      expect((await client.post(`/v1/campaigns/${c.id}/launch`)).statusCode).toBe(202);
      const job = { accountId: acct, campaignId: fromPublicId('campaign', c.id)!, batchSize: 50 };
      await runFanout(env.ctx, job);
      return { id: c.id as string, job };
    };
    const rowsOf = (campaignId: string) => q<{ contact_id: string; status: string; variant: number | null; body: string | null; phone: string }>(env, `
      select r.contact_id, r.status, r.variant, m.body, ct.phone from campaign_recipients r join contacts ct on ct.account_id = r.account_id and ct.id = r.contact_id
      left join messages m on m.account_id = r.account_id and m.id = r.message_id where r.account_id = $1 and r.campaign_id = $2`, [acct, campaignId]);

    const a = await run();
    let rows = await rowsOf(a.job.campaignId);
    const sample = rows.filter((r) => r.variant !== null);
    expect(rows.filter((r) => r.status === 'held').length).toBe(20 - sample.length);
    expect(rows.every((r) => (r.variant === null) === (r.body === null))).toBe(true); // only the sample is texted
    const by = [0, 1].map((v) => sample.filter((r) => r.variant === v));
    expect(Math.abs(by[0].length - by[1].length)).toBeLessThanOrEqual(1);
    for (const r of by[0]) expect(r.body).toMatch(/A: spring sale/);
    for (const r of by[1]) expect(r.body).toMatch(/B: 20% off/);
    expect((await client.get(`/v1/campaigns/${a.id}/recipients?limit=500`)).json().data.filter((r: { variant?: number }) => r.variant !== undefined)).toHaveLength(sample.length);
    expect((await client.get(`/v1/campaigns/${a.id}`)).json().status).toBe('running'); // the held ones are still to go

    // Two of variant B's recipients reply: B wins by replies once the test has had its 2 hours.
    for (const r of by[1].slice(0, 2)) await receiveInbound(env.ctx, { from: r.phone, to: number.phoneNumber, body: 'Yes please', providerMessageId: `in-${r.contact_id}` }, 'simulator');
    const report = (await client.get(`/v1/campaigns/${a.id}/variants`)).json();
    expect(report).toMatchObject({ metric: 'replies', winner: null, data: [{ variant: 0, hits: 0, recipients: by[0].length }, { variant: 1, hits: Math.min(2, by[1].length), recipients: by[1].length }] });
    expect(await pickDueWinners(env.ctx)).toBe(0);
    await q(env, `update campaigns set launched_at = launched_at - interval '3 hours' where account_id = $1 and id = $2`, [acct, a.job.campaignId]);
    expect(await pickDueWinners(env.ctx)).toBe(1);
    expect((await client.get(`/v1/campaigns/${a.id}`)).json().abTest).toMatchObject({ winner: by[1].length ? 1 : 0, winnerPickedAt: expect.any(String) });
    expect((await client.post(`/v1/campaigns/${a.id}/pick-winner`, { variant: 0 })).json().error.code).toBe('winner_already_picked');
    await runFanout(env.ctx, a.job);
    rows = await rowsOf(a.job.campaignId);
    expect(rows.filter((r) => r.body !== null)).toHaveLength(20);
    for (const r of rows.filter((x) => !sample.some((s) => s.contact_id === x.contact_id))) expect(r).toMatchObject({ status: 'queued', variant: by[1].length ? 1 : 0 });

    // By hand, before its hours: the rest gets variant A.
    const b = await run();
    expect((await client.post(`/v1/campaigns/${b.id}/pick-winner`, { variant: 2 })).json().error.code).toBe('invalid_variant');
    expect((await client.post(`/v1/campaigns/${b.id}/pick-winner`, { variant: 0 })).json().abTest.winner).toBe(0);
    await runFanout(env.ctx, b.job);
    rows = await rowsOf(b.job.campaignId);
    expect(rows.filter((r) => r.body !== null)).toHaveLength(20);
    expect(rows.filter((r) => r.variant === 0).length).toBeGreaterThanOrEqual(10);

    // By clicks: a click on a variant B recipient's own short link counts for B.
    const clicks = (await client.post('/v1/campaigns', { ...ab, name: 'Clicks', trackLinks: true, variants: [{ body: 'A: https://shop.example/a' }, { body: 'B: https://shop.example/b' }],
      abTest: { samplePercent: 100, metric: 'clicks' } })).json();
    expect((await client.post(`/v1/campaigns/${clicks.id}/launch`)).statusCode).toBe(202);
    await runFanout(env.ctx, { accountId: acct, campaignId: fromPublicId('campaign', clicks.id)! });
    const bText = (await rowsOf(fromPublicId('campaign', clicks.id)!)).find((r) => r.variant === 1)!.body!;
    const code = /\/l\/([0-9A-Za-z]{12})/.exec(bText)![1];
    const SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
    expect((await env.app.inject({ method: 'GET', url: `/l/${code}`, headers: { 'user-agent': SAFARI } })).headers.location).toBe('https://shop.example/b');
    expect((await client.get(`/v1/campaigns/${clicks.id}/variants`)).json().data.map((x: { hits: number }) => x.hits)).toEqual([0, 1]);

    // Canceled during the test: the sample's texts and the held rest are all canceled.
    const d = await run();
    expect((await client.post(`/v1/campaigns/${d.id}/cancel`)).json().status).toBe('canceled');
    expect((await client.get(`/v1/campaigns/${d.id}/recipients?status=canceled&limit=100`)).json().data).toHaveLength(20);
  });
});
