// Campaigns as a hostile client sees them, on both databases: a campaign's number released under it,
// and the edges of launch, pause, cancel, schedules and bad input.
import { expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { runFanout } from '../src/modules/campaigns/fanout.js';
import { dispatchOnce } from '../src/modules/messaging/dispatcher.js';
import { describeEachDb, type TestEnv } from './harness.js';
import { signUp } from './factories.js';

describeEachDb('campaigns, hostile', (use) => {
  const q = async <T = Record<string, unknown>>(env: TestEnv, text: string, params: unknown[] = []) => (await env.ctx.database.query<T>(text, params)).rows;
  let n = 0;
  /** An account with two numbers and `count` opted-in contacts tagged vip. */
  async function setup(count = 2) {
    const env = use();
    const { client, accountId } = await signUp(env.app);
    const acct = fromPublicId('account', accountId)!;
    const own = (await client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    const other = (await client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    const base = 3000 + (n++ * 20);
    const contacts: string[] = [];
    for (let i = 0; i < count; i++) {
      const c = (await client.post('/v1/contacts', { phone: `+1415555${base + i}`, firstName: `C${i}`, tags: ['vip'], timeZone: 'America/New_York' })).json();
      expect((await client.post(`/v1/contacts/${c.id}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'Yes' } })).statusCode).toBe(201);
      contacts.push(c.id);
    }
    return { env, client, acct, own, other, contacts };
  }
  const body = { name: 'Hostile', body: 'Hi {{first_name|there}}, 20% off today. Reply STOP to opt out.', audience: { tags: ['vip'] } };

  it('a campaign whose own number is released before its fan-out is paused (number_released), never sent from another number', async () => {
    const { env, client, acct, own, other } = await setup();
    const c = (await client.post('/v1/campaigns', { ...body, from: own.id })).json();
    expect(c.from).toBe(own.id);
    const launched = await client.post(`/v1/campaigns/${c.id}/launch`);
    expect(launched.statusCode, launched.body).toBe(202);
    expect(launched.json().status).toBe('running');
    // Released before the fan-out wrote a text (nothing waits on it yet).
    const released = await client.delete(`/v1/numbers/${own.id}`);
    expect(released.statusCode, released.body).toBe(200);

    const campaignId = fromPublicId('campaign', c.id)!;
    await runFanout(env.ctx, { accountId: acct, campaignId });
    const got = (await client.get(`/v1/campaigns/${c.id}`)).json();
    expect(got).toMatchObject({ status: 'paused', paused: { reason: 'number_released', details: { numberId: own.id } }, stats: { queued: 0 }, progress: { fannedOut: false } });
    expect(await q(env, 'select number_id from messages where account_id = $1 and campaign_id = $2', [acct, campaignId])).toEqual([]);
    const events = await q<{ payload: { reason: string } | string }>(env, `select payload from outbox where account_id = $1 and type = 'campaign.paused' and subject_id = $2`, [acct, campaignId]);
    expect(events.map((e) => (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload).reason)).toEqual(['number_released']);

    // It cannot be resumed (it was answered 200 and paused again by its fan-out): nothing from the account's other number.
    const resumed = await client.post(`/v1/campaigns/${c.id}/resume`);
    expect(resumed.statusCode, resumed.body).toBe(422);
    expect(resumed.json().error).toMatchObject({ code: 'number_released', details: { field: 'from', numberId: own.id } });
    await runFanout(env.ctx, { accountId: acct, campaignId });
    expect((await client.get(`/v1/campaigns/${c.id}`)).json()).toMatchObject({ status: 'paused', paused: { reason: 'number_released' } });
    expect(await q(env, 'select 1 from messages where account_id = $1 and number_id = $2', [acct, fromPublicId('number', other.id)])).toEqual([]);
    expect((await client.post(`/v1/campaigns/${c.id}/cancel`)).json().status).toBe('canceled');
  });

  for (const parallel of [1, 2]) it(`a number released between two batches of the fan-out pauses the campaign (number_released): the later batches write no text from it (${parallel} loop${parallel > 1 ? 's' : ''})`, async () => {
    const { env, client, acct, own } = await setup(parallel === 1 ? 3 : 6);
    const c = (await client.post('/v1/campaigns', { ...body, from: own.id })).json();
    expect((await client.post(`/v1/campaigns/${c.id}/launch`)).statusCode).toBe(202);
    const campaignId = fromPublicId('campaign', c.id)!;
    // The fan-out's database handle: before its second transaction (the second batch), the number is released with its waiting text.
    let transactions = 0;
    const db = new Proxy(env.ctx.db, {
      get(target, key) {
        if (key !== 'transaction') return Reflect.get(target, key);
        return async (...args: Parameters<typeof target.transaction>) => {
          if (++transactions === 2) {
            const released = await client.delete(`/v1/numbers/${own.id}?cancelQueued=true`);
            expect(released.statusCode, released.body).toBe(200);
          }
          return target.transaction(...args);
        };
      },
    });
    // Two loops (PostgreSQL): the split's transaction comes first, then the parts' batches at once.
    await runFanout({ ...env.ctx, db, config: { ...env.ctx.config, campaignFanoutParallel: parallel } }, { accountId: acct, campaignId, batchSize: 1 });
    expect(transactions).toBeGreaterThanOrEqual(2);
    if (parallel === 1) {
      const texts = await q(env, 'select status, error_code from messages where account_id = $1 and campaign_id = $2', [acct, campaignId]);
      expect(texts).toEqual([{ status: 'canceled', error_code: 'number_released' }]); // the first batch's, canceled by the release
    }
    // Two loops: at most a batch each — before the release (canceled by it), or the other loop's batch in flight during it, whose
    // text the dispatcher cancels (2e7c591); none after.
    await q(env, `update messages set next_attempt_at = now() where account_id = $1 and campaign_id = $2 and status in ('scheduled', 'queued')`, [acct, campaignId]);
    await dispatchOnce(env.ctx);
    const texts = await q<{ status: string; error_code: string | null }>(env, 'select status, error_code from messages where account_id = $1 and campaign_id = $2', [acct, campaignId]);
    expect(texts.length).toBeLessThanOrEqual(2);
    for (const t of texts) expect(t).toEqual({ status: 'canceled', error_code: 'number_released' });
    expect((await client.get(`/v1/campaigns/${c.id}`)).json()).toMatchObject({ status: 'paused', paused: { reason: 'number_released', details: { numberId: own.id } }, progress: { fannedOut: false } });
  });

  it('a draft whose number was released is not launched (422 number_released, it stays a draft); given another number, it launches from that one', async () => {
    const { env, client, acct, own, other } = await setup();
    const c = (await client.post('/v1/campaigns', { ...body, from: own.id })).json();
    expect((await client.delete(`/v1/numbers/${own.id}`)).statusCode).toBe(200);
    const refused = await client.post(`/v1/campaigns/${c.id}/launch`);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'number_released', details: { field: 'from', numberId: own.id } });
    expect((await client.get(`/v1/campaigns/${c.id}`)).json().status).toBe('draft');
    expect((await client.patch(`/v1/campaigns/${c.id}`, { from: other.id })).statusCode).toBe(200);
    expect((await client.post(`/v1/campaigns/${c.id}/launch`)).statusCode).toBe(202);
    await runFanout(env.ctx, { accountId: acct, campaignId: fromPublicId('campaign', c.id)! });
    const numbers = await q<{ number_id: string }>(env, 'select distinct number_id from messages where account_id = $1 and campaign_id = $2', [acct, fromPublicId('campaign', c.id)]);
    expect(numbers).toEqual([{ number_id: fromPublicId('number', other.id) }]);
  });

  it("the list's progress of a live campaign is the campaign's own (it said 0 recipients written and 0 finished)", async () => {
    const { env, client, acct } = await setup(3);
    const c = (await client.post('/v1/campaigns', body)).json();
    expect((await client.post(`/v1/campaigns/${c.id}/launch`)).statusCode).toBe(202);
    await runFanout(env.ctx, { accountId: acct, campaignId: fromPublicId('campaign', c.id)! });
    // One text final (as a carrier's failure makes it).
    await q(env, `update messages set status = 'failed', error_code = 'test' where id = (select id from messages where account_id = $1 and campaign_id = $2 order by id limit 1)`, [acct, fromPublicId('campaign', c.id)]);
    const one = (await client.get(`/v1/campaigns/${c.id}`)).json();
    expect(one.progress).toEqual({ audience: 3, materialised: 3, finished: 1, fannedOut: true });
    const listed = (await client.get('/v1/campaigns')).json().data.find((x: { id: string }) => x.id === c.id);
    expect(listed).toMatchObject({ status: 'running', progress: one.progress });
    // Paused: the same figures.
    expect((await client.post(`/v1/campaigns/${c.id}/pause`)).statusCode).toBe(200);
    expect((await client.get('/v1/campaigns')).json().data.find((x: { id: string }) => x.id === c.id).progress).toEqual(one.progress);
  });

  it("an A/B test canceled with recipients held for its winner: the CSV export says canceled for them, as the recipients list does (it said queued)", async () => {
    const { env, client, acct } = await setup(6);
    const c = (await client.post('/v1/campaigns', { name: 'AB', audience: body.audience, variants: [{ body: 'A: 10% off. Reply STOP to opt out.' }, { body: 'B: 20% off. Reply STOP to opt out.' }], abTest: { samplePercent: 1, metric: 'replies' } })).json();
    expect((await client.post(`/v1/campaigns/${c.id}/launch`)).statusCode).toBe(202);
    await runFanout(env.ctx, { accountId: acct, campaignId: fromPublicId('campaign', c.id)! });
    expect((await client.post(`/v1/campaigns/${c.id}/cancel`)).statusCode).toBe(200);
    const listed = new Map<string, string>((await client.get(`/v1/campaigns/${c.id}/recipients?limit=500`)).json().data.map((r: { contactId: string; status: string }) => [r.contactId, r.status]));
    expect([...listed.values()]).toContain('canceled');
    const csv = await client.get(`/v1/campaigns/${c.id}/recipients.csv`);
    expect(csv.statusCode).toBe(200);
    const [head, ...lines] = csv.body.trim().split('\n').map((l) => l.split(','));
    const at = (col: string) => head.indexOf(col);
    expect(new Map(lines.map((l) => [l[at('contact_id')], l[at('status')]]))).toEqual(listed);
  });

  it("an A/B winner's held recipients are checked again at release: over the account's frequency cap skipped (frequency_cap), Florida's 3 in 24 h deferred — never texted at once", async () => {
    const env = use();
    const { client, accountId } = await signUp(env.app);
    const acct = fromPublicId('account', accountId)!;
    await client.post('/v1/numbers', { provider: 'simulator', mps: 100 });
    expect((await client.patch('/v1/campaign-settings', { frequencyCap: 4, frequencyDays: 7 })).statusCode).toBe(200);
    const mk = async (phone: string) => {
      const c = (await client.post('/v1/contacts', { phone, tags: ['ab'], timeZone: 'America/New_York' })).json();
      expect((await client.post(`/v1/contacts/${c.id}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'Yes' } })).statusCode).toBe(201);
      return { id: fromPublicId('contact', c.id)!, phone };
    };
    // Two of each kind: the 1 % sample takes one of a pair at most (a stable draw), the other is held.
    const florida = [await mk('+13055550181'), await mk('+13055550182')];
    const busy = [await mk('+14155550183'), await mk('+14155550184')];
    const fresh = [await mk('+14155550185'), await mk('+14155550186')];
    const c = (await client.post('/v1/campaigns', { name: 'AB', audience: { tags: ['ab'] }, variants: [{ body: 'A: 10% off. Reply STOP to opt out.' }, { body: 'B: 20% off. Reply STOP to opt out.' }], abTest: { samplePercent: 1, metric: 'replies' } })).json();
    expect((await client.post(`/v1/campaigns/${c.id}/launch`)).statusCode).toBe(202);
    const campaignId = fromPublicId('campaign', c.id)!;
    await runFanout(env.ctx, { accountId: acct, campaignId });
    const held = new Set((await q<{ contact_id: string }>(env, `select contact_id from campaign_recipients where account_id = $1 and campaign_id = $2 and status = 'held'`, [acct, campaignId])).map((r) => r.contact_id));
    const [fl, over, ok] = [florida, busy, fresh].map((pair) => pair.find((x) => held.has(x.id))!);
    expect([fl, over, ok].every(Boolean)).toBe(true);
    // Meanwhile: 3 marketing texts to the Florida contact (its 24 h cap), 4 to the other (the account's cap: 4 a week).
    for (const [to, k] of [[fl.phone, 3], [over.phone, 4]] as const) {
      for (let i = 0; i < k; i++) expect((await client.post('/v1/messages', { to, body: `Promo ${i}`, sendAt: new Date(Date.now() + 60_000).toISOString() })).statusCode).toBe(201);
    }
    const [{ oldest }] = await q<{ oldest: Date }>(env, `select min(created_at) oldest from messages where account_id = $1 and contact_id = $2`, [acct, fl.id]);
    expect((await client.post(`/v1/campaigns/${c.id}/pick-winner`, { variant: 1 })).statusCode).toBe(200);
    await runFanout(env.ctx, { accountId: acct, campaignId });

    const recipients = new Map<string, { status: string; reason?: string; messageId?: string }>((await client.get(`/v1/campaigns/${c.id}/recipients?limit=500`)).json().data
      .map((r: { contactId: string; status: string; reason?: string; messageId?: string }) => [fromPublicId('contact', r.contactId), r]));
    expect(recipients.get(over.id)).toMatchObject({ status: 'skipped', reason: 'frequency_cap' });
    expect(recipients.get(over.id)).not.toHaveProperty('messageId');
    expect(await q(env, `select 1 from messages where account_id = $1 and campaign_id = $2 and contact_id = $3`, [acct, campaignId, over.id])).toEqual([]);
    const moment = async (contactId: string) => new Date((await q<{ next_attempt_at: Date }>(env,
      `select next_attempt_at from messages where account_id = $1 and campaign_id = $2 and contact_id = $3`, [acct, campaignId, contactId]))[0].next_attempt_at).getTime();
    expect(await moment(fl.id)).toBeGreaterThanOrEqual(new Date(oldest).getTime() + 86_400_000);
    expect(recipients.get(ok.id)).toMatchObject({ status: 'queued', messageId: expect.any(String), variant: 1 });
    expect((await client.get(`/v1/campaigns/${c.id}`)).json().stats.skipped).toMatchObject({ frequency_cap: 1 });
  });

  it('Florida: a text the daily cap deferred keeps its moment through a pause and resume (resume gave it the window\'s next moment: a 4th marketing text in 24 h)', async () => {
    const env = use();
    const { client, accountId } = await signUp(env.app);
    const acct = fromPublicId('account', accountId)!;
    await client.post('/v1/numbers', { provider: 'simulator', mps: 100 });
    const mk = async (phone: string) => {
      const c = (await client.post('/v1/contacts', { phone, tags: ['fl'], timeZone: 'America/New_York' })).json();
      expect((await client.post(`/v1/contacts/${c.id}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'Yes' } })).statusCode).toBe(201);
      return fromPublicId('contact', c.id)!;
    };
    const busy = await mk('+13055550191');
    const fresh = await mk('+13055550192');
    for (let i = 0; i < 3; i++) {
      expect((await client.post('/v1/messages', { to: '+13055550191', body: `Promo ${i}`, sendAt: new Date(Date.now() + 60_000).toISOString() })).statusCode).toBe(201);
    }
    const [{ oldest }] = await q<{ oldest: Date }>(env, `select min(created_at) oldest from messages where account_id = $1 and contact_id = $2`, [acct, busy]);
    const c = (await client.post('/v1/campaigns', { ...body, audience: { tags: ['fl'] } })).json();
    expect((await client.post(`/v1/campaigns/${c.id}/launch`)).statusCode).toBe(202);
    const campaignId = fromPublicId('campaign', c.id)!;
    await runFanout(env.ctx, { accountId: acct, campaignId });
    const moments = async () => new Map((await q<{ contact_id: string; next_attempt_at: Date }>(env, `select contact_id, next_attempt_at from messages where account_id = $1 and campaign_id = $2`, [acct, campaignId]))
      .map((m) => [m.contact_id, new Date(m.next_attempt_at).getTime()]));
    const before = await moments();
    expect(before.get(busy)!).toBeGreaterThanOrEqual(new Date(oldest).getTime() + 86_400_000);

    expect((await client.post(`/v1/campaigns/${c.id}/pause`)).statusCode).toBe(200);
    expect((await client.post(`/v1/campaigns/${c.id}/resume`)).statusCode).toBe(200);
    const after = await moments();
    expect(after.get(busy)!).toBeGreaterThanOrEqual(new Date(oldest).getTime() + 86_400_000);
    expect(after.get(busy)!).toBeGreaterThan(after.get(fresh)!);
  });

  it("a merge field's value that looks like another merge field is text, as the preview renders it (the fan-out filled it in: nested replace)", async () => {
    const { env, client, acct } = await setup(0);
    const ct = (await client.post('/v1/contacts', { phone: '+14155553999', firstName: '{{last_name}}', lastName: 'Vance', tags: ['vip'], timeZone: 'America/New_York' })).json();
    expect((await client.post(`/v1/contacts/${ct.id}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'Yes' } })).statusCode).toBe(201);
    const c = (await client.post('/v1/campaigns', { ...body, body: 'Hi {{first_name}}! The {{last_name}} family gets 20% off. Reply STOP to opt out.' })).json();
    expect((await client.post(`/v1/campaigns/${c.id}/launch`)).statusCode).toBe(202);
    await runFanout(env.ctx, { accountId: acct, campaignId: fromPublicId('campaign', c.id)! });
    const [m] = await q<{ body: string; segments: number }>(env, 'select body, segments from messages where account_id = $1 and campaign_id = $2', [acct, fromPublicId('campaign', c.id)]);
    expect(m.body).toMatch(/: Hi \{\{last_name\}\}! The Vance family gets 20% off\. Reply STOP to opt out\.$/);
  });

  it('a recipient whose merged text grew past 10 segments after the launch gets no text: failed body_too_long, never queued (it was queued with 14 segments)', async () => {
    const { env, client, acct } = await setup(1);
    expect((await client.post('/v1/custom-fields', { key: 'nickname', label: 'Nickname', type: 'text' })).statusCode).toBe(201);
    const ct = (await client.post('/v1/contacts', { phone: '+14155554200', fields: { nickname: 'Bo' }, tags: ['vip'], timeZone: 'America/New_York' })).json();
    expect((await client.post(`/v1/contacts/${ct.id}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'Yes' } })).statusCode).toBe(201);
    const c = (await client.post('/v1/campaigns', { ...body, body: 'Hi {{nickname|friend}}! 20% off. Reply STOP to opt out.' })).json();
    expect((await client.post(`/v1/campaigns/${c.id}/launch`)).statusCode).toBe(202); // every text fits at launch
    expect((await client.patch(`/v1/contacts/${ct.id}`, { fields: { nickname: 'x'.repeat(1990) } })).statusCode).toBe(200);
    const campaignId = fromPublicId('campaign', c.id)!;
    await runFanout(env.ctx, { accountId: acct, campaignId });
    const texts = await q<{ contact_id: string; status: string; error_code: string | null; segments: number }>(env,
      'select contact_id, status, error_code, segments from messages where account_id = $1 and campaign_id = $2 order by status', [acct, campaignId]);
    expect(texts.map((t) => [t.status, t.error_code])).toEqual([['failed', 'body_too_long'], ['queued', null]]);
    expect(texts.find((t) => t.status === 'queued')!.segments).toBeLessThanOrEqual(10);
    expect((await client.get(`/v1/campaigns/${c.id}/recipients?status=failed`)).json().data.map((r: { contactId: string }) => r.contactId)).toEqual([ct.id]);
    const created = await q<{ payload: { status: string; errorCode: string | null } | string }>(env,
      `select payload from outbox where account_id = $1 and type = 'message.created' and subject_id = (select id from messages where account_id = $1 and campaign_id = $2 and status = 'failed')`, [acct, campaignId]);
    expect(created.map((e) => (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload))).toEqual([expect.objectContaining({ status: 'failed', errorCode: 'body_too_long' })]);
  });

  it('a recipient whose merged text became empty after the launch gets no text: failed empty_body (an empty text was queued)', async () => {
    const { env, client, acct } = await setup(1);
    expect((await client.post('/v1/custom-fields', { key: 'promo', label: 'Promo', type: 'text' })).statusCode).toBe(201);
    const ct = (await client.post('/v1/contacts', { phone: '+14155554300', fields: { promo: 'Your code: SPRING' }, tags: ['vip'], timeZone: 'America/New_York' })).json();
    expect((await client.post(`/v1/contacts/${ct.id}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'Yes' } })).statusCode).toBe(201);
    // Texted before: no sender identification is added to the campaign's text (first message only, the default).
    expect((await client.post('/v1/messages', { to: '+14155554300', body: 'Welcome! Reply STOP to opt out.' })).statusCode).toBe(201);
    const c = (await client.post('/v1/campaigns', { ...body, body: '{{promo}} \u200B' })).json(); // blank around the value
    expect(c.id, JSON.stringify(c)).toBeDefined();
    expect((await client.post(`/v1/campaigns/${c.id}/launch`)).statusCode).toBe(202);
    expect((await client.patch(`/v1/contacts/${ct.id}`, { fields: { promo: ' ' } })).statusCode).toBe(200);
    const campaignId = fromPublicId('campaign', c.id)!;
    await runFanout(env.ctx, { accountId: acct, campaignId });
    const [m] = await q<{ status: string; error_code: string | null; body: string }>(env,
      'select status, error_code, body from messages where account_id = $1 and campaign_id = $2 and contact_id = $3', [acct, campaignId, fromPublicId('contact', ct.id)]);
    expect(m).toMatchObject({ status: 'failed', error_code: 'empty_body' });
  });

  it('progress: contacts who joined the audience between launch and fan-out never make it more than the audience (it said 4 of 2 written)', async () => {
    const { env, client, acct } = await setup(2);
    const c = (await client.post('/v1/campaigns', body)).json();
    expect((await client.post(`/v1/campaigns/${c.id}/launch`)).json().progress.audience).toBe(2);
    for (const phone of ['+14155553801', '+14155553802']) {
      const ct = (await client.post('/v1/contacts', { phone, tags: ['vip'] })).json();
      expect((await client.post(`/v1/contacts/${ct.id}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'Yes' } })).statusCode).toBe(201);
    }
    await runFanout(env.ctx, { accountId: acct, campaignId: fromPublicId('campaign', c.id)! });
    const one = (await client.get(`/v1/campaigns/${c.id}`)).json();
    expect(one.progress).toMatchObject({ materialised: 4, fannedOut: true });
    expect(one.progress.audience).toBe(4);
    expect((await client.get('/v1/campaigns')).json().data.find((x: { id: string }) => x.id === c.id).progress).toEqual(one.progress);
  });
});
