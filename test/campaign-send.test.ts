import { DateTime } from 'luxon';
import pg from 'pg';
import { expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { runFanout } from '../src/modules/campaigns/fanout.js';
import { advanceCampaigns } from '../src/modules/campaigns/campaigns.service.js';
import { describeEachDb, settle, type TestEnv } from './harness.js';
import { signUp } from './factories.js';

/** A zone where it is now well inside the federal window (08:00–21:00). */
const insideZone = () =>
  ['America/Los_Angeles', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Asia/Tokyo', 'Pacific/Honolulu', 'Pacific/Auckland']
    .find((z) => { const h = DateTime.now().setZone(z).hour; return h >= 9 && h < 20; })!;

/** An account with a number and opted-in contacts at `phones` (first name `firstName`), a campaign of `body` to them launched, fanned out and sent. */
async function fannedOut(env: TestEnv, phones: string[], firstName: string, body: string) {
  await env.sim.settings({ latencyMs: 0 });
  const { client, accountId } = await signUp(env.app);
  const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
  for (const phone of phones) {
    const ct = (await client.post('/v1/contacts', { phone, firstName, tags: ['send'], timeZone: insideZone() })).json();
    expect((await client.post(`/v1/contacts/${ct.id}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'Yes, text me offers' } })).statusCode).toBe(201);
  }
  const campaign = (await client.post('/v1/campaigns', { name: 'Now', body, audience: { tags: ['send'] }, from: number.id })).json();
  expect((await client.post(`/v1/campaigns/${campaign.id}/launch`)).statusCode).toBe(202);
  await runFanout(env.ctx, { accountId: fromPublicId('account', accountId)!, campaignId: fromPublicId('campaign', campaign.id)! });
  await settle(env);
  return { client, accountId, number, campaign };
}

describeEachDb('campaign texts through the dispatcher', (use) => {
  it('sends through the existing dispatcher to the carrier, counts delivered, the reply and the opt-out, and completes', async () => {
    const env = use();
    const phones = ['+14155552601', '+14155552602'];
    const { client, number, campaign: c } = await fannedOut(env, phones, 'Lee', 'Hi {{first_name}}! Reply STOP to opt out.');
    // A campaign opens no conversations in the shared inbox: its texts wait outside any until the customer answers.
    expect((await client.get('/v1/conversations')).json().data).toEqual([]);
    // One recipient replies, the other opts out.
    expect((await client.post('/v1/simulator/inbound', { from: phones[0], to: number.phoneNumber, body: 'Thanks!' })).statusCode).toBeLessThan(300);
    expect((await client.post('/v1/simulator/inbound', { from: phones[1], to: number.phoneNumber, body: 'STOP' })).statusCode).toBeLessThan(300);
    await settle(env);
    const got = (await client.get(`/v1/campaigns/${c.id}`)).json();
    expect(got).toMatchObject({
      status: 'completed',
      stats: { recipients: 2, queued: 0, sent: 2, delivered: 2, failed: 0, segments: 2, optOuts: 1 },
      progress: { finished: 2, fannedOut: true },
    });
    expect(got.stats.replies).toBeGreaterThanOrEqual(2); // the reply and the STOP are both inbound texts
    expect((await client.get(`/v1/campaigns/${c.id}/recipients?status=delivered`)).json().data).toHaveLength(2);
    const thread = (await client.get('/v1/conversations')).json().data;
    expect(thread.length).toBe(2); // the campaign texts and the replies share each contact's conversation with the number
    for (const conv of thread) {
      // The campaign text first, then the customer's answer (and, after STOP, the opt-out confirmation).
      const msgs = (await client.get(`/v1/conversations/${conv.id}/messages`)).json().data as Array<{ direction: string; body: string }>;
      expect(msgs[0]).toMatchObject({ direction: 'outbound', body: expect.stringMatching(/Hi Lee! Reply STOP to opt out\.$/) });
      expect(msgs[1].direction).toBe('inbound');
    }
  });

  it('a campaign text joins the conversation an agent or the API opens with the contact later, and only that contact\'s on that number', async () => {
    const env = use();
    const phones = ['+14155552611', '+14155552612'];
    const { client, accountId, number } = await fannedOut(env, phones, 'Kim', 'Hi {{first_name}}, new menu today. Reply STOP to opt out.');
    const other = (await client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    // From another number first: the campaign text stays out of that conversation (it was sent from the campaign's number).
    const elsewhere = await client.post('/v1/messages', { from: other.phoneNumber, to: phones[0], body: 'Your table is ready.' });
    expect(elsewhere.statusCode, elsewhere.body).toBe(201);
    const threadOf = async (id: string) => ((await client.get(`/v1/conversations/${id}/messages`)).json().data as Array<{ body: string }>).map((m) => m.body);
    expect(await threadOf(elsewhere.json().conversationId)).toEqual(['Your table is ready.']);
    // Then from the campaign's number: the campaign text joins the new conversation, before the new text.
    const reply = await client.post('/v1/messages', { from: number.phoneNumber, to: phones[0], body: 'See you at 7.' });
    expect(reply.statusCode, reply.body).toBe(201);
    const thread = await threadOf(reply.json().conversationId);
    expect(thread).toHaveLength(2);
    expect(thread[0]).toMatch(/Hi Kim, new menu today/);
    expect(thread[1]).toBe('See you at 7.');
    // The other recipient's text is still in no conversation.
    const q = async (text: string, params: unknown[]) => (await env.ctx.database.query<{ n: number }>(text, params)).rows;
    expect(await q(`select count(*)::int as n from messages m join contacts ct on ct.account_id = m.account_id and ct.id = m.contact_id
      where m.account_id = $1 and m.campaign_id is not null and m.conversation_id is null and ct.phone = $2`, [fromPublicId('account', accountId), phones[1]])).toEqual([{ n: 1 }]);
  });

  it('a campaign completes, and a scheduled one starts, without anyone opening it (the minute job), with one campaign.completed event', async () => {
    const env = use();
    const { client, accountId, number, campaign: c } = await fannedOut(env, ['+14155552621'], 'Ana', 'Hi {{first_name}}, doors open at 9. Reply STOP to opt out.');
    const account = fromPublicId('account', accountId)!;
    const listed = async (id: string) => ((await client.get('/v1/campaigns')).json().data as Array<{ id: string; status: string }>).find((x) => x.id === id)!.status;
    const completedEvents = async () => (await env.ctx.database.query<{ n: number }>(
      `select count(*)::int as n from outbox where account_id = $1 and type = 'campaign.completed' and subject_id = $2`, [account, fromPublicId('campaign', c.id)])).rows[0].n;
    // Every text is delivered, and nobody opened the campaign: the list still says running until the job comes.
    expect(await listed(c.id)).toBe('running');
    await advanceCampaigns(env.ctx);
    expect(await listed(c.id)).toBe('completed');
    expect(await completedEvents()).toBe(1);
    await advanceCampaigns(env.ctx);
    expect((await client.get(`/v1/campaigns/${c.id}`)).json().status).toBe('completed');
    expect(await completedEvents()).toBe(1);

    // A scheduled campaign is running from its time on (so the guardrails, which watch running campaigns, watch it).
    const at = new Date(Date.now() + 86_400_000);
    const later = (await client.post('/v1/campaigns', { name: 'Tomorrow', body: 'Tomorrow we open at 10.', audience: { tags: ['send'] }, from: number.id, schedule: { at: at.toISOString() } })).json();
    expect((await client.post(`/v1/campaigns/${later.id}/launch`)).json().status).toBe('scheduled');
    await advanceCampaigns(env.ctx);
    expect(await listed(later.id)).toBe('scheduled');
    await advanceCampaigns({ ...env.ctx, now: () => new Date(at.getTime() + 1000) });
    expect(await listed(later.id)).toBe('running');
  });
}, {}, { simulator: true });

// Two connections racing (PostgreSQL): a state change that commits while another holds the campaign's row.
describeEachDb('campaign state changes racing', (use) => {
  /** Holds the campaign's row lock on a connection of its own until `commit`; `waiting` counts backends waiting for a lock. */
  async function holdRow(env: TestEnv, campaignId: string) {
    const c = new pg.Client({ connectionString: env.config.databaseUrl });
    await c.connect();
    await c.query('begin');
    await c.query('select 1 from campaigns where id = $1 for update', [campaignId]);
    return {
      waiting: async () => (await c.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`)).rows[0].n,
      commitWith: async (statement: string) => {
        await c.query(statement, [campaignId]);
        await c.query('commit');
        await c.end();
      },
    };
  }
  const statusOf = async (env: TestEnv, id: string) => (await env.ctx.database.query<{ status: string }>('select status from campaigns where id = $1', [id])).rows[0].status;

  it('a cancel that finds the campaign completed (by the minute job) once it holds the lock changes nothing: 409, no campaign.canceled event', async () => {
    const env = use();
    const { client, campaign: c } = await fannedOut(env, ['+14155552631'], 'Ida', 'Hi {{first_name}}, last call. Reply STOP to opt out.');
    const id = fromPublicId('campaign', c.id)!;
    expect(await statusOf(env, id)).toBe('running');
    const row = await holdRow(env, id);
    const cancel = client.post(`/v1/campaigns/${c.id}/cancel`); // reads it running, then waits for the lock
    await expect.poll(row.waiting, { timeout: 30_000 }).toBeGreaterThan(0);
    await row.commitWith(`update campaigns set status = 'completed', completed_at = now() where id = $1`); // as complete() does
    expect((await cancel).json().error?.code).toBe('campaign_finished');
    expect(await statusOf(env, id)).toBe('completed');
    expect((await env.ctx.database.query(`select 1 from outbox where type = 'campaign.canceled' and subject_id = $1`, [id])).rows).toEqual([]);
  });

  it('a reader that finds a due scheduled campaign paused meanwhile leaves it paused', async () => {
    const env = use();
    const { client, number } = await fannedOut(env, ['+14155552632'], 'Jo', 'Hi {{first_name}}. Reply STOP to opt out.');
    const later = (await client.post('/v1/campaigns', { name: 'Later', body: 'We open at 10.', audience: { tags: ['send'] }, from: number.id, schedule: { at: new Date(Date.now() + 86_400_000).toISOString() } })).json();
    expect((await client.post(`/v1/campaigns/${later.id}/launch`)).json().status).toBe('scheduled');
    const id = fromPublicId('campaign', later.id)!;
    await env.ctx.database.query(`update campaigns set schedule_at = now() - interval '1 minute' where id = $1`, [id]); // its time has come
    const row = await holdRow(env, id);
    const read = client.get(`/v1/campaigns/${later.id}`); // reads it scheduled and due, then waits to flip it
    await expect.poll(row.waiting, { timeout: 30_000 }).toBeGreaterThan(0);
    await row.commitWith(`update campaigns set status = 'paused', paused_reason = 'manual', paused_at = now() where id = $1`); // a pause commits first
    expect((await read).json().status).toBe('paused');
    expect(await statusOf(env, id)).toBe('paused');
    expect((await client.post(`/v1/campaigns/${later.id}/resume`)).statusCode).toBe(200);
  });
}, {}, { simulator: true, only: 'postgres' });
