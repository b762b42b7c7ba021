import { DateTime } from 'luxon';
import { expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { runFanout } from '../src/modules/campaigns/fanout.js';
import { describeEachDb, type TestEnv } from './harness.js';
import { Client, signUp } from './factories.js';

/** A zone where it is now inside (08:00–21:00) / outside the federal window, for a controlled deferral. */
function zones(now: Date) {
  const all = ['Pacific/Honolulu', 'America/Los_Angeles', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Asia/Tokyo', 'Pacific/Auckland'];
  const hour = (z: string) => DateTime.fromJSDate(now, { zone: z }).hour;
  return { inside: all.find((z) => hour(z) >= 9 && hour(z) < 20)!, outside: all.find((z) => hour(z) < 7 || hour(z) >= 22)! };
}

describeEachDb('campaigns', (use) => {
  const q = async <T = Record<string, unknown>>(env: TestEnv, text: string, params: unknown[] = []) => (await env.ctx.database.query<T>(text, params)).rows;
  let n = 0;
  /** An account with a number and contacts: one per skip reason, two eligible (one inside, one outside its quiet hours). */
  async function setup() {
    const env = use();
    const { client, accountId } = await signUp(use().app);
    const acct = fromPublicId('account', accountId)!;
    const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    const z = zones(new Date());
    const base = 2000 + (n++ * 10);
    const mk = async (i: number, extra: Record<string, unknown> = {}, optIn = true) => {
      const c = (await client.post('/v1/contacts', { phone: `+1415555${base + i}`, tags: ['vip'], ...extra })).json();
      if (optIn) expect((await client.post(`/v1/contacts/${c.id}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'Yes' } })).statusCode).toBe(201);
      return c.id as string;
    };
    const ids = {
      inside: await mk(1, { firstName: 'Ana', timeZone: z.inside }),
      outside: await mk(2, { timeZone: z.outside }),
      noConsent: await mk(3, {}, false),
      optedOut: await mk(4),
      landline: await mk(5),
      invalid: await mk(6),
      capped: await mk(7),
      other: await mk(8, { tags: ['other'] }),
    };
    expect((await client.post(`/v1/contacts/${ids.optedOut}/consent`, { kind: 'opt_out', source: 'api' })).statusCode).toBe(201);
    await q(env, `update contacts set phone_type = 'fixed_line' where account_id = $1 and id = $2`, [acct, fromPublicId('contact', ids.landline)]);
    await q(env, `update contacts set phone = '+1' where account_id = $1 and id = $2`, [acct, fromPublicId('contact', ids.invalid)]);
    // Frequency cap 1 a week: the capped contact already had a marketing text.
    await q(env, `insert into campaign_settings (account_id, frequency_cap, frequency_days) values ($1, 1, 7)`, [acct]);
    const sent = await client.post('/v1/messages', { to: `+1415555${base + 7}`, body: 'Earlier promo', sendAt: new Date(Date.now() + 60_000).toISOString() });
    expect(sent.statusCode).toBe(201);
    return { env, client, acct, number, ids, z };
  }
  const audience = { tags: ['vip'] };
  const body = { name: 'Spring sale', body: 'Hi {{first_name|there}}, 20% off today. Reply STOP to opt out.', audience };

  it('counts live, launches, fans out in checkpointed batches with quiet-hour deferral, lists recipients by cursor, pauses, resumes and cancels', async () => {
    const { env, client, acct, ids } = await setup();
    const count = (await client.post('/v1/campaigns/audience/count', { audience })).json();
    expect(count).toEqual({ matched: 7, eligible: 2, skipped: { no_consent: 1, opted_out: 1, landline: 1, invalid_phone: 1, frequency_cap: 1 } });

    const created = await client.post('/v1/campaigns', body);
    expect(created.statusCode).toBe(201);
    const c = created.json();
    expect(c).toMatchObject({ id: expect.stringMatching(/^cmp_/), status: 'draft', name: 'Spring sale' });
    expect((await client.patch(`/v1/campaigns/${c.id}`, { name: 'Spring sale 2' })).json().name).toBe('Spring sale 2');
    expect((await client.get('/v1/campaigns')).json().data.map((x: { id: string }) => x.id)).toContain(c.id);

    const launched = await client.post(`/v1/campaigns/${c.id}/launch`);
    expect(launched.statusCode).toBe(202);
    expect(launched.json().status).toBe('running');
    expect((await client.post(`/v1/campaigns/${c.id}/launch`)).statusCode).toBe(409);
    expect((await client.patch(`/v1/campaigns/${c.id}`, { name: 'x' })).statusCode).toBe(409);

    // Batches of 2: the checkpoint moves; running it again (a resumed job) texts nobody twice.
    const job = { accountId: acct, campaignId: fromPublicId('campaign', c.id)!, batchSize: 2 };
    await runFanout(env.ctx, job);
    await runFanout(env.ctx, job);
    const msgs = await q<{ contact_id: string; kind: string; body: string; status: string; next_attempt_at: Date; conversation_id: string | null }>(env,
      `select contact_id, kind, body, status, next_attempt_at, conversation_id from messages where account_id = $1 and campaign_id = $2 order by contact_id`, [acct, job.campaignId]);
    expect(msgs).toHaveLength(2);
    const byContact = new Map(msgs.map((m) => [m.contact_id, m]));
    const inside = byContact.get(fromPublicId('contact', ids.inside)!)!;
    const outside = byContact.get(fromPublicId('contact', ids.outside)!)!;
    // First text to them: the business name leads (the body already says how to opt out).
    expect(inside).toMatchObject({ kind: 'marketing', status: 'queued', body: expect.stringMatching(/^Acme Plumbing [^:]+: Hi Ana, 20% off today\. Reply STOP to opt out\.$/) });
    expect(inside.conversation_id).toBeNull(); // no conversation of its own: it joins one when the customer replies (campaign-send.test)
    expect(outside).toMatchObject({ status: 'scheduled', body: expect.stringMatching(/: Hi there, 20% off today\. Reply STOP to opt out\.$/) });
    // Deferred to the next 08:00 in the recipient's zone.
    const outsideTz = (await client.get(`/v1/contacts/${ids.outside}`)).json().timeZone;
    expect(DateTime.fromJSDate(new Date(outside.next_attempt_at), { zone: outsideTz }).toFormat('HH:mm')).toBe('08:00');
    expect(new Date(outside.next_attempt_at).getTime()).toBeGreaterThan(Date.now());
    // Each message has its first history event.
    expect(Number((await q<{ n: number }>(env, `select count(*) n from outbox where account_id = $1 and type = 'message.created' and payload->>'campaignId' = $2`, [acct, c.id]))[0].n)).toBe(2);

    const got = (await client.get(`/v1/campaigns/${c.id}`)).json();
    expect(got).toMatchObject({
      status: 'running',
      stats: { recipients: 7, skipped: { no_consent: 1, opted_out: 1, landline: 1, invalid_phone: 1, frequency_cap: 1 }, queued: 2, sent: 0, failed: 0 },
      progress: { audience: 7, materialised: 7, finished: 0, fannedOut: true },
    });

    // Recipients: filtered, and paged by cursor.
    const skippedLandline = (await client.get(`/v1/campaigns/${c.id}/recipients?reason=landline`)).json();
    // Each with the contact's name and phone, the phone masked but for its last two digits (as a partner grant masks it).
    expect(skippedLandline.data).toEqual([{ contactId: ids.landline, name: null, phone: expect.stringMatching(/^\+•{9}\d5$/), status: 'skipped', reason: 'landline' }]);
    const p1 = (await client.get(`/v1/campaigns/${c.id}/recipients?limit=4`)).json();
    const p2 = (await client.get(`/v1/campaigns/${c.id}/recipients?limit=4&cursor=${p1.nextCursor}`)).json();
    expect(p1.data).toHaveLength(4);
    expect(p2.data).toHaveLength(3);
    expect(p2.nextCursor).toBeNull();
    const queued = (await client.get(`/v1/campaigns/${c.id}/recipients?status=queued`)).json().data;
    expect(queued).toHaveLength(2);
    expect(queued[0]).toMatchObject({ messageId: expect.stringMatching(/^msg_/), scheduledFor: expect.any(String) });
    expect(queued.find((r: { contactId: string }) => r.contactId === ids.inside)).toMatchObject({ name: 'Ana', phone: expect.stringMatching(/^\+•{9}\d1$/) });

    // Pause holds the waiting texts; resume gives each its zone's next allowed moment again.
    expect((await client.post(`/v1/campaigns/${c.id}/pause`)).json().status).toBe('paused');
    const held = await q<{ next_attempt_at: Date }>(env, `select next_attempt_at from messages where account_id = $1 and campaign_id = $2`, [acct, job.campaignId]);
    expect(held.every((m) => new Date(m.next_attempt_at).getUTCFullYear() === 2100)).toBe(true);
    expect((await client.post(`/v1/campaigns/${c.id}/pause`)).statusCode).toBe(409);
    expect((await client.post(`/v1/campaigns/${c.id}/resume`)).json().status).toBe('running');
    const after = await q<{ contact_id: string; next_attempt_at: Date }>(env, `select contact_id, next_attempt_at from messages where account_id = $1 and campaign_id = $2`, [acct, job.campaignId]);
    const outsideAgain = after.find((m) => m.contact_id === fromPublicId('contact', ids.outside));
    expect(new Date(outsideAgain!.next_attempt_at).getTime()).toBe(new Date(outside.next_attempt_at).getTime());

    // Cancel: every waiting text canceled through the status machine (history event), the campaign ended.
    const canceled = (await client.post(`/v1/campaigns/${c.id}/cancel`)).json();
    expect(canceled).toMatchObject({ status: 'canceled', stats: { canceled: 2, queued: 0 } });
    expect(Number((await q<{ n: number }>(env, `select count(*) n from outbox o join messages m on m.account_id = o.account_id and m.id = o.subject_id
      where m.account_id = $1 and m.campaign_id = $2 and o.type = 'message.status_changed' and o.payload->>'status' = 'canceled'`, [acct, job.campaignId]))[0].n)).toBe(2);
    expect((await client.get(`/v1/campaigns/${c.id}/recipients?status=canceled`)).json().data).toHaveLength(2);
    expect((await client.post(`/v1/campaigns/${c.id}/cancel`)).statusCode).toBe(409);
  });

  it('refuses bad input with 4xx and writes nothing; another account\'s campaign and number are 404', async () => {
    const { client, acct, env } = await setup();
    const before = Number((await q<{ n: number }>(env, 'select count(*) n from campaigns where account_id = $1', [acct]))[0].n);
    const bad = async (b: unknown, code: string, status = 422) => {
      const r = await client.post('/v1/campaigns', b);
      expect(r.statusCode, r.body).toBe(status);
      expect(r.json().error.code).toBe(code);
      return r.json().error;
    };
    expect((await bad({ ...body, body: 'Hi {{nickname}}' }, 'unknown_merge_field')).details).toMatchObject({ mergeField: 'nickname' });
    await bad({ ...body, body: 'Hi {{first_name' }, 'malformed_merge_field');
    await bad({ ...body, schedule: { at: '2020-01-01T00:00:00Z' } }, 'schedule_in_past');
    await bad({ ...body, audience: { segmentIds: ['seg_nope'] } }, 'not_found', 404);
    expect((await client.post('/v1/campaigns', { ...body, audience: { nope: 1 } })).statusCode).toBe(422);
    expect(Number((await q<{ n: number }>(env, 'select count(*) n from campaigns where account_id = $1', [acct]))[0].n)).toBe(before);

    // Nobody to text: 422 with the counts by reason, nothing launched.
    const nobody = (await client.post('/v1/campaigns', { ...body, audience: { tags: ['nobody-has-this'] } })).json();
    const r = await client.post(`/v1/campaigns/${nobody.id}/launch`);
    expect(r.statusCode).toBe(422);
    expect(r.json().error).toMatchObject({ code: 'no_eligible_recipients', details: { matched: 0 } });
    const onlySkipped = (await client.post('/v1/campaigns', { ...body, audience: { contactIds: [(await client.get('/v1/contacts?limit=50')).json().data.find((x: { consent: { state: string } }) => x.consent.state === 'unknown').id] } })).json();
    const r2 = await client.post(`/v1/campaigns/${onlySkipped.id}/launch`);
    expect(r2.json().error).toMatchObject({ code: 'no_eligible_recipients', details: { skipped: { no_consent: 1 } } });

    // Isolation: another account sees 404 for the campaign, and cannot use this account's number.
    const other = await signUp(use().app);
    const otherClient: Client = other.client;
    const number = (await client.get('/v1/numbers')).json().data[0].id;
    expect((await otherClient.get(`/v1/campaigns/${nobody.id}`)).statusCode).toBe(404);
    expect((await otherClient.post(`/v1/campaigns/${nobody.id}/launch`)).statusCode).toBe(404);
    expect((await otherClient.get(`/v1/campaigns/${nobody.id}/recipients`)).statusCode).toBe(404);
    expect((await otherClient.post('/v1/campaigns', { ...body, from: number })).statusCode).toBe(404);
    expect((await otherClient.get('/v1/campaigns/not-an-id')).statusCode).toBe(404);
  });
  it('audience by segment, ids and exclusions; a scheduled launch is fanned out by the background job and waits for its time', async () => {
    const { env, client, acct, ids } = await setup();
    const seg = (await client.post('/v1/segments', { name: 'VIPs', filter: { conditions: [{ type: 'tag', op: 'has', value: 'vip' }] } })).json().id;
    const count = async (a: unknown) => (await client.post('/v1/campaigns/audience/count', { audience: a })).json();
    expect((await count({ segmentIds: [seg] })).matched).toBe(7);
    expect(await count({ contactIds: [ids.inside, ids.other, 'ct_bogus'] })).toEqual({ matched: 2, eligible: 2, skipped: {} });
    expect((await count({ segmentIds: [seg], tags: ['other'], exclude: { tags: ['other'] } })).matched).toBe(7);
    await q(env, `update contacts set last_message_at = now() - interval '2 days' where account_id = $1 and id = $2`, [acct, fromPublicId('contact', ids.inside)]);
    expect(await count({ segmentIds: [seg], exclude: { segmentIds: [seg] } })).toEqual({ matched: 0, eligible: 0, skipped: {} });
    expect((await count({ tags: ['vip'], exclude: { contactedWithinDays: 3 } })).eligible).toBe(1);
    expect((await count({ tags: ['vip'], exclude: { contactedWithinDays: 1 } })).eligible).toBe(2);

    const at = new Date(Date.now() + 2 * 86_400_000);
    const c = (await client.post('/v1/campaigns', { ...body, audience: { segmentIds: [seg] }, schedule: { at: at.toISOString() } })).json();
    expect(c.schedule).toEqual({ at: at.toISOString() });
    expect((await client.post(`/v1/campaigns/${c.id}/launch`)).json().status).toBe('scheduled');
    await env.ctx.jobs.work();
    let got = (await client.get(`/v1/campaigns/${c.id}`)).json();
    for (let i = 0; i < 100 && !got.progress.fannedOut; i++) {
      await new Promise((r) => setTimeout(r, 100));
      got = (await client.get(`/v1/campaigns/${c.id}`)).json();
    }
    expect(got).toMatchObject({ status: 'scheduled', stats: { recipients: 7, queued: 2 }, progress: { fannedOut: true } });
    const msgs = await q<{ status: string; next_attempt_at: Date; send_at: Date }>(env, `select status, next_attempt_at, send_at from messages where account_id = $1 and campaign_id = $2`, [acct, fromPublicId('campaign', c.id)]);
    expect(msgs).toHaveLength(2);
    for (const m of msgs) {
      expect(m.status).toBe('scheduled');
      expect(new Date(m.next_attempt_at).getTime()).toBeGreaterThanOrEqual(at.getTime() - 1000);
    }
  });
  it('Florida: a recipient who already had 3 marketing texts in 24 h is deferred until the oldest ages out, inside the window', async () => {
    const env = use();
    const { client, accountId } = await signUp(env.app);
    const acct = fromPublicId('account', accountId)!;
    await client.post('/v1/numbers', { provider: 'simulator', mps: 100 });
    const mk = async (phone: string) => {
      const c = (await client.post('/v1/contacts', { phone, tags: ['fl'], timeZone: 'America/New_York' })).json();
      expect((await client.post(`/v1/contacts/${c.id}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'Yes' } })).statusCode).toBe(201);
      return fromPublicId('contact', c.id)!;
    };
    const busy = await mk('+13055550181');
    const fresh = await mk('+13055550182');
    for (let i = 0; i < 3; i++) {
      expect((await client.post('/v1/messages', { to: '+13055550181', body: `Promo ${i}`, sendAt: new Date(Date.now() + 60_000).toISOString() })).statusCode).toBe(201);
    }
    const [{ oldest }] = await q<{ oldest: Date }>(env, `select min(created_at) oldest from messages where account_id = $1 and contact_id = $2`, [acct, busy]);
    const c = (await client.post('/v1/campaigns', { ...body, audience: { tags: ['fl'] } })).json();
    expect((await client.post(`/v1/campaigns/${c.id}/launch`)).statusCode).toBe(202);
    await runFanout(env.ctx, { accountId: acct, campaignId: fromPublicId('campaign', c.id)! });
    const at = new Map((await q<{ contact_id: string; next_attempt_at: Date }>(env, `select contact_id, next_attempt_at from messages where account_id = $1 and campaign_id = $2`, [acct, fromPublicId('campaign', c.id)]))
      .map((m) => [m.contact_id, new Date(m.next_attempt_at)]));
    expect(at.size).toBe(2);
    expect(at.get(busy)!.getTime()).toBeGreaterThanOrEqual(new Date(oldest).getTime() + 86_400_000);
    expect(at.get(busy)!.getTime()).toBeGreaterThan(at.get(fresh)!.getTime());
    const local = DateTime.fromJSDate(at.get(busy)!, { zone: 'America/New_York' });
    expect(local.hour >= 8 && local.hour < 20).toBe(true); // Florida's window
  });
  it("the account's own sending hours narrow the window: a recipient inside the federal window but outside them waits for their start", async () => {
    const env = use();
    const { client, accountId } = await signUp(env.app);
    const acct = fromPublicId('account', accountId)!;
    await client.post('/v1/numbers', { provider: 'simulator', mps: 100 });
    const zone = zones(new Date()).inside;
    const hour = DateTime.now().setZone(zone).hour;
    const sendHours = hour >= 12 ? { start: '08:00', end: '09:00' } : { start: '18:00', end: '19:00' };
    expect((await client.patch('/v1/compliance/settings', { sendHours })).statusCode).toBe(200);
    const ct = (await client.post('/v1/contacts', { phone: '+14155550191', tags: ['hours'], timeZone: zone })).json();
    expect((await client.post(`/v1/contacts/${ct.id}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'Yes' } })).statusCode).toBe(201);
    const c = (await client.post('/v1/campaigns', { ...body, audience: { tags: ['hours'] } })).json();
    expect((await client.post(`/v1/campaigns/${c.id}/launch`)).statusCode).toBe(202);
    await runFanout(env.ctx, { accountId: acct, campaignId: fromPublicId('campaign', c.id)! });
    const [m] = await q<{ status: string; next_attempt_at: Date }>(env, `select status, next_attempt_at from messages where account_id = $1 and campaign_id = $2`, [acct, fromPublicId('campaign', c.id)]);
    expect(m.status).toBe('scheduled');
    expect(DateTime.fromJSDate(new Date(m.next_attempt_at), { zone }).toFormat('HH:mm')).toBe(sendHours.start);
  });
});
