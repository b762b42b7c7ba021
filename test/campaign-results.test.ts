import { DateTime } from 'luxon';
import { expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { runFanout } from '../src/modules/campaigns/fanout.js';
import { checkGuardrails } from '../src/modules/campaigns/guardrails.service.js';
import { claimDue } from '../src/modules/messaging/dispatch.repo.js';
import { dispatchOnce } from '../src/modules/messaging/dispatcher.js';
import { receiveInbound } from '../src/modules/messaging/inbound.service.js';
import { describeEachDb, settle, type TestEnv } from './harness.js';
import { signUp, type Client } from './factories.js';

/** Campaign settings, guardrails, rate cap, hand-over of paused/canceled campaigns, and results (issue 9). */

/** A zone where it is now well inside the federal window (08:00–21:00). */
const insideZone = () =>
  ['America/Los_Angeles', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Asia/Tokyo', 'Pacific/Honolulu', 'Pacific/Auckland']
    .find((z) => { const h = DateTime.now().setZone(z).hour; return h >= 9 && h < 20; })!;

const HELD = '2100-01-01T00:00:00.000Z';
let phoneSeq = 0;

describeEachDb('campaign settings, guardrails, rate cap and results', (use) => {
  const q = async <T = Record<string, unknown>>(env: TestEnv, text: string, params: unknown[] = []) => (await env.ctx.database.query<T>(text, params)).rows;

  /** An account with a number and `n` opted-in contacts, and a campaign to them launched and fanned out (its texts queued now). */
  async function launched(env: TestEnv, n: number, opts: { rateLimit?: number; mps?: number } = {}) {
    const s = await signUp(env.app);
    const { client } = s;
    const acct = fromPublicId('account', s.accountId)!;
    const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: opts.mps ?? 1000 })).json();
    const contacts: string[] = [];
    const zone = insideZone();
    for (let i = 0; i < n; i++) {
      const phone = `+1415556${String(1000 + (phoneSeq++ % 9000)).padStart(4, '0')}`;
      const c = (await client.post('/v1/contacts', { phone, firstName: `P${i}`, tags: ['r'], timeZone: zone })).json();
      expect((await client.post(`/v1/contacts/${c.id}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'Yes' } })).statusCode).toBe(201);
      contacts.push(c.id);
    }
    const body = { name: 'Promo', body: 'Hi {{first_name}}', audience: { tags: ['r'] }, from: number.id, ...(opts.rateLimit ? { rateLimit: opts.rateLimit } : {}) };
    const created = await client.post('/v1/campaigns', body);
    expect(created.statusCode, created.body).toBe(201);
    const campaign = created.json();
    expect((await client.post(`/v1/campaigns/${campaign.id}/launch`)).statusCode).toBe(202);
    const cid = fromPublicId('campaign', campaign.id)!;
    await runFanout(env.ctx, { accountId: acct, campaignId: cid });
    return { ...s, client, acct, cid, campaign, number, contacts };
  }

  const messagesOf = (env: TestEnv, acct: string, cid: string) =>
    q<{ id: string; status: string; error_code: string | null; next_attempt_at: Date; claimed_until: Date | null; attempts: number; contact_id: string }>(env,
      `select id, status, error_code, next_attempt_at, claimed_until, attempts, contact_id from messages where account_id = $1 and campaign_id = $2 order by contact_id`, [acct, cid]);

  it('settings: defaults, an admin changes them (audited), bad input 422, a read-only key 403', async () => {
    const env = use();
    const { client } = await signUp(env.app);
    expect((await client.get('/v1/campaign-settings')).json()).toEqual({
      frequencyCap: 4, frequencyDays: 7, guardrails: { optOutRate: 0.05, filteredRate: 0.05, failureRate: 0.2, minSample: 100, windowMinutes: 60 }, defaultRateLimit: null,
    });
    const r = await client.patch('/v1/campaign-settings', { guardrails: { optOutRate: 0.02, failureRate: null, minSample: 10 }, defaultRateLimit: 5 });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ frequencyCap: 4, guardrails: { optOutRate: 0.02, filteredRate: 0.05, failureRate: null, minSample: 10, windowMinutes: 60 }, defaultRateLimit: 5 });
    expect((await client.get('/v1/campaign-settings')).json().defaultRateLimit).toBe(5);
    for (const bad of [{ guardrails: { optOutRate: 1.5 } }, { guardrails: { windowMinutes: 0 } }, { defaultRateLimit: -1 }, { frequencyCap: 'x' }, { guardrails: { other: 1 } }, { nope: 1 }]) {
      const res = await client.patch('/v1/campaign-settings', bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(422);
      expect(res.json().error.code).toBe('validation_failed');
    }
    const key = (await client.post('/v1/api-keys', { name: 'read only', scopes: ['messages:read'] })).json().key;
    const asKey = { authorization: `Bearer ${key}` };
    expect((await env.app.inject({ method: 'GET', url: '/v1/campaign-settings', headers: asKey })).statusCode).toBe(200);
    expect((await env.app.inject({ method: 'PATCH', url: '/v1/campaign-settings', headers: asKey, payload: { defaultRateLimit: 1 } })).statusCode).toBe(403);
    // A new campaign gets the default rate cap.
    const c = (await client.post('/v1/campaigns', { name: 'x', body: 'Hi', audience: { tags: ['none'] } })).json();
    expect(c.rateLimit).toBe(5);
  });

  it.each([
    ['opt_out_rate', 'an opt-out'],
    ['filtered_rate', 'a carrier-filtered text (Twilio 30007)'],
    ['filtered_rate', 'a text an SMSC rejected (SMPP REJECTD receipt)'],
    ['failure_rate', 'failed texts'],
  ] as const)('guardrail %s: %s over the threshold pauses the campaign, holds its waiting texts and tells the owner', async (reason, what) => {
    const env = use();
    const s = await launched(env, 5);
    expect((await s.client.patch('/v1/campaign-settings', { guardrails: { minSample: 4 } })).statusCode).toBe(200);
    const msgs = await messagesOf(env, s.acct, s.cid);
    expect(msgs).toHaveLength(5);
    const [sent, waiting] = [msgs.slice(0, 4).map((m) => m.id), msgs[4]];
    await q(env, `update messages set status = 'sent', sent_at = now() where account_id = $1 and id = any($2::uuid[])`, [s.acct, sent]);
    expect(await checkGuardrails(env.ctx, s.acct)).toBe(0); // healthy so far
    if (reason === 'opt_out_rate') {
      const contact = msgs[0].contact_id;
      const pub = s.contacts.find((c) => fromPublicId('contact', c) === contact)!;
      expect((await s.client.post(`/v1/contacts/${pub}/consent`, { kind: 'opt_out', source: 'api' })).statusCode).toBe(201);
    } else {
      const failed = reason === 'filtered_rate' ? sent.slice(0, 1) : sent.slice(0, 2);
      const [status, code] = reason === 'failure_rate' ? ['failed', 'unreachable'] : what.includes('SMPP') ? ['failed', 'REJECTD:045'] : ['undelivered', 'carrier_filtered'];
      await q(env, `update messages set status = $3, error_code = $4, updated_at = now() where account_id = $1 and id = any($2::uuid[])`, [s.acct, failed, status, code]);
    }
    expect(await checkGuardrails(env.ctx, s.acct)).toBe(1);
    expect(await checkGuardrails(env.ctx, s.acct)).toBe(0); // once
    const got = (await s.client.get(`/v1/campaigns/${s.campaign.id}`)).json();
    expect(got.status).toBe('paused');
    expect(got.paused).toMatchObject({ reason, details: { reason, sample: 4 } });
    const held = (await messagesOf(env, s.acct, s.cid)).find((m) => m.id === waiting.id)!;
    expect([held.status, new Date(held.next_attempt_at).toISOString()]).toEqual(['queued', HELD]);
    const mail = await q<{ to: string; subject: string }>(env, `select "to", subject from emails where account_id = $1 and subject like 'Campaign paused%'`, [s.acct]);
    expect(mail).toEqual([{ to: s.email, subject: 'Campaign paused: Promo' }]);
    const events = await q<{ payload: { reason: string; campaignId: string } }>(env, `select payload from outbox where account_id = $1 and type = 'campaign.paused'`, [s.acct]);
    expect(events.map((e) => [e.payload.reason, e.payload.campaignId])).toEqual([[reason, s.campaign.id]]);
    const audit = await q<{ actor_type: string }>(env, `select actor_type from audit_events where account_id = $1 and action = 'campaign.paused'`, [s.acct]);
    expect(audit).toEqual([{ actor_type: 'system' }]);
    // Resumed by a member: running again, the reason cleared.
    const resumed = (await s.client.post(`/v1/campaigns/${s.campaign.id}/resume`)).json();
    expect([resumed.status, resumed.paused]).toEqual(['running', null]);
    expect(await checkGuardrails(env.ctx, s.acct)).toBe(0); // judged on what happens after the pause, not paused again at once
  });

  it('rate cap: a claim takes only the campaign\'s tokens, the rest step aside, and a one-to-one text on the same number still goes', async () => {
    const env = use();
    await env.sim.settings({ latencyMs: 0 });
    const s = await launched(env, 6, { rateLimit: 2 });
    expect(s.campaign.rateLimit).toBe(2);
    const direct = await s.client.post('/v1/messages', { from: s.number.phoneNumber, to: '+14155550999', body: 'Your order is ready.' });
    expect(direct.statusCode, direct.body).toBe(201);
    await dispatchOnce(env.ctx);
    const after = await messagesOf(env, s.acct, s.cid);
    expect(after.filter((m) => m.status !== 'queued')).toHaveLength(2);
    // The rest step aside, each given its own moment at the campaign's rate: 0.5 s apart.
    const aside = after.filter((m) => m.status === 'queued').map((m) => new Date(m.next_attempt_at).getTime()).sort((x, y) => x - y);
    expect(aside.slice(1).map((t, i) => Math.round((t - aside[i]) / 10) * 10)).toEqual([500, 500, 500]);
    const one = await q<{ status: string }>(env, `select status from messages where account_id = $1 and id = $2`, [s.acct, fromPublicId('message', direct.json().id)]);
    expect(one[0].status).not.toBe('queued');
    // Time passes (one second's tokens): two more.
    await q(env, `update campaign_buckets set tokens = 2, refilled_at = now() where account_id = $1`, [s.acct]);
    await q(env, `update messages set next_attempt_at = now() where account_id = $1 and campaign_id = $2 and status = 'queued'`, [s.acct, s.cid]);
    await dispatchOnce(env.ctx);
    const later = await messagesOf(env, s.acct, s.cid);
    expect(later.filter((m) => m.status !== 'queued')).toHaveLength(4);
    // Those over the cap again go after the moments already given out (each text moved once, not again at every claim).
    const next = later.filter((m) => m.status === 'queued').map((m) => new Date(m.next_attempt_at).getTime()).sort((x, y) => x - y);
    expect(next[0] - aside[3]).toBeGreaterThanOrEqual(490);
  });

  it.each(['pause', 'cancel'] as const)('texts claimed before a %s are not handed to the carrier', async (action) => {
    const env = use();
    await env.sim.settings({ latencyMs: 0 });
    const s = await launched(env, 2);
    // The dispatcher stops between its claim's commit and the hand-over until the member has acted (a gate: no clock to outrun) —
    // at this account's claim: an earlier test's texts that stepped aside (rate cap) may come due and be claimed in the same pass.
    let claimedSignal!: () => void;
    let release!: () => void;
    const claimed = new Promise<void>((r) => (claimedSignal = r));
    const released = new Promise<void>((r) => (release = r));
    env.ctx.testHooks = { afterClaim: (rows) => (rows.some((r) => r.account_id === s.acct) ? (claimedSignal(), released) : Promise.resolve()) };
    try {
      const pass = dispatchOnce(env.ctx);
      await claimed;
      expect((await messagesOf(env, s.acct, s.cid)).every((m) => m.claimed_until)).toBe(true);
      expect((await s.client.post(`/v1/campaigns/${s.campaign.id}/${action}`)).statusCode).toBe(200);
      release();
      await pass;
    } finally {
      release();
      env.ctx.testHooks = undefined;
    }
    const msgs = await messagesOf(env, s.acct, s.cid);
    if (action === 'pause') {
      expect(msgs.map((m) => [m.status, m.claimed_until, new Date(m.next_attempt_at).toISOString(), m.attempts])).toEqual([['queued', null, HELD, 0], ['queued', null, HELD, 0]]);
      // A member's pause is announced like a guardrail's: campaign.paused (manual) and an audit entry by the member.
      const events = await q<{ payload: { reason: string } }>(env, `select payload from outbox where account_id = $1 and type = 'campaign.paused'`, [s.acct]);
      expect(events.map((e) => e.payload.reason)).toEqual(['manual']);
      expect(await q(env, `select actor_type from audit_events where account_id = $1 and action = 'campaign.paused'`, [s.acct])).toEqual([{ actor_type: 'user' }]);
      expect((await s.client.post(`/v1/campaigns/${s.campaign.id}/resume`)).statusCode).toBe(200);
      await settle(env);
      expect((await messagesOf(env, s.acct, s.cid)).map((m) => m.status)).toEqual(['delivered', 'delivered']);
    } else {
      expect(msgs.map((m) => [m.status, m.error_code])).toEqual([['canceled', 'campaign_canceled'], ['canceled', 'campaign_canceled']]);
    }
  });

  it('a canceled campaign\'s text whose claim was taken over (its worker died) is not resent: failed, outcome unknown', async () => {
    const env = use();
    const s = await launched(env, 1);
    const nid = fromPublicId('number', s.number.id)!;
    expect(await claimDue(env.ctx.database.query, s.acct, nid, 10, 30)).toHaveLength(1); // a worker claims it, then dies
    await q(env, `update messages set claimed_until = now() - interval '1 second', next_attempt_at = now() - interval '1 second' where account_id = $1 and campaign_id = $2`, [s.acct, s.cid]);
    expect((await s.client.post(`/v1/campaigns/${s.campaign.id}/cancel`)).statusCode).toBe(200);
    await dispatchOnce(env.ctx);
    expect((await messagesOf(env, s.acct, s.cid)).map((m) => [m.status, m.error_code])).toEqual([['failed', 'campaign_canceled']]);
  });

  it('results: replies and opt-outs count people, not texts (one person replying 3 times is one reply; opting out twice, one opt-out)', async () => {
    const env = use();
    const s = await launched(env, 3);
    const phones = await Promise.all(s.contacts.map(async (id) => (await s.client.get(`/v1/contacts/${id}`)).json().phone as string));
    for (const [i, from] of [phones[0], phones[0], phones[0], phones[1]].entries()) {
      await receiveInbound(env.ctx, { from, to: s.number.phoneNumber, body: `Answer ${i}`, providerMessageId: `SMreply${s.cid}${i}` }, 'simulator');
    }
    for (const kind of ['opt_out', 'opt_in', 'opt_out']) {
      expect((await s.client.post(`/v1/contacts/${s.contacts[2]}/consent`, { kind, source: 'api', ...(kind === 'opt_in' ? { evidence: { wording: 'Yes' } } : {}) })).statusCode).toBe(201);
    }
    expect((await s.client.post(`/v1/contacts/${s.contacts[1]}/consent`, { kind: 'opt_out', source: 'api' })).statusCode).toBe(201);
    expect((await s.client.get(`/v1/campaigns/${s.campaign.id}`)).json().stats).toMatchObject({ replies: 2, optOuts: 2 });
    // The timeline counts the people of each bucket: the replies put in one minute here (consent events are append-only).
    await q(env, `update messages set created_at = date_trunc('minute', now()) + interval '10 seconds' where account_id = $1 and direction = 'inbound'`, [s.acct]);
    await q(env, `update campaigns set launched_at = date_trunc('minute', now()) where account_id = $1 and id = $2`, [s.acct, s.cid]);
    const t = (await s.client.get(`/v1/campaigns/${s.campaign.id}/timeline?bucket=minute`)).json();
    expect(t.data.reduce((a: number, d: { replies: number }) => a + d.replies, 0)).toBe(2);
  });

  it('results: cost, timeline per bucket, per-recipient CSV (admins; a read-only key is refused)', async () => {
    const env = use();
    await env.sim.settings({ latencyMs: 0 });
    const s = await launched(env, 3);
    await settle(env);
    const got = (await s.client.get(`/v1/campaigns/${s.campaign.id}`)).json();
    expect(got.stats).toMatchObject({ recipients: 3, sent: 3, delivered: 3, segments: 3, cost: '0.0249', costMicros: 24_900, currency: 'USD' });
    for (const bucket of ['minute', 'hour', 'day']) {
      const t = await s.client.get(`/v1/campaigns/${s.campaign.id}/timeline?bucket=${bucket}`);
      expect(t.statusCode, t.body).toBe(200);
      const sum = (k: string) => t.json().data.reduce((a: number, d: Record<string, number>) => a + d[k], 0);
      expect([sum('sent'), sum('delivered'), sum('failed')]).toEqual([3, 3, 0]);
    }
    expect((await s.client.get(`/v1/campaigns/${s.campaign.id}/timeline?bucket=week`)).statusCode).toBe(422);
    const csv = await s.client.get(`/v1/campaigns/${s.campaign.id}/recipients.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('contact_id,phone,name,status,reason,message_id,scheduled_for,sent_at,delivered_at,error_code');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^ct_\w+,'\+1415556\d{4},P\d,delivered,,msg_\w+,[^,]+,[^,]+,[^,]+,$/);
    const key = (await s.client.post('/v1/api-keys', { name: 'ro', scopes: ['messages:read'] })).json().key;
    const asKey = { authorization: `Bearer ${key}` };
    expect((await env.app.inject({ method: 'GET', url: `/v1/campaigns/${s.campaign.id}/recipients.csv`, headers: asKey })).statusCode).toBe(403);
    expect((await env.app.inject({ method: 'GET', url: `/v1/campaigns/${s.campaign.id}/timeline`, headers: asKey })).statusCode).toBe(200);
    const other = await signUp(env.app);
    expect((await other.client.get(`/v1/campaigns/${s.campaign.id}/recipients.csv`)).statusCode).toBe(404);
    expect((await other.client.get(`/v1/campaigns/${s.campaign.id}/timeline`)).statusCode).toBe(404);
  });
}, {}, { simulator: true });
