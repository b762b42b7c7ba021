/**
 * Parallel fan-out (CAMPAIGN_FANOUT_PARALLEL on PostgreSQL): the audience split into ranges of contact
 * ids, each fanned out by its own loop with its own checkpoint. Whatever the split, every eligible
 * contact gets exactly one recipient row and one message, a re-run or a second worker at the same time
 * texts nobody twice, and the campaign is fanned out once every part is done. On PGlite (one
 * connection) the same campaign takes the one loop, with the same outcome.
 */
import { DateTime } from 'luxon';
import { expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { runFanout } from '../src/modules/campaigns/fanout.js';
import { describeEachDb, type TestEnv } from './harness.js';
import { signUp } from './factories.js';

const insideZone = () =>
  ['America/Los_Angeles', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Asia/Tokyo', 'Pacific/Honolulu', 'Pacific/Auckland']
    .find((z) => { const h = DateTime.now().setZone(z).hour; return h >= 9 && h < 20; })!;

describeEachDb('campaign fan-out in parts', (use) => {
  const q = async <T = Record<string, unknown>>(env: TestEnv, text: string, params: unknown[] = []) => (await env.ctx.database.query<T>(text, params)).rows;

  async function launched(eligible: number, skipped: number) {
    const env = use();
    const { client, accountId } = await signUp(env.app);
    const acct = fromPublicId('account', accountId)!;
    await client.post('/v1/numbers', { provider: 'simulator', mps: 100 });
    const zone = insideZone();
    const contacts: string[] = [];
    for (let i = 0; i < eligible + skipped; i++) {
      const c = (await client.post('/v1/contacts', { phone: `+1415555${3000 + i}`, tags: ['all'], timeZone: zone })).json();
      // Every third of the first `skipped` has no consent: skipped rows sit between queued ones in every part.
      if (i % 3 !== 0 || i >= skipped * 3) expect((await client.post(`/v1/contacts/${c.id}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'Yes' } })).statusCode).toBe(201);
      contacts.push(fromPublicId('contact', c.id)!);
    }
    const c = (await client.post('/v1/campaigns', { name: 'Parts', body: 'Hi {{first_name|there}}! Reply STOP to opt out.', audience: { tags: ['all'] } })).json();
    expect((await client.post(`/v1/campaigns/${c.id}/launch`)).statusCode).toBe(202);
    return { env, acct, cid: fromPublicId('campaign', c.id)!, publicId: c.id as string, contacts };
  }

  const outcome = async (env: TestEnv, acct: string, cid: string) => ({
    recipients: await q<{ status: string; n: number }>(env, `select status, count(*)::int as n from campaign_recipients where account_id = $1 and campaign_id = $2 group by status order by status`, [acct, cid]),
    perContact: await q<{ n: number }>(env, `select count(*)::int as n from messages where account_id = $1 and campaign_id = $2 group by contact_id having count(*) > 1`, [acct, cid]),
    messages: Number((await q<{ n: number }>(env, `select count(*)::int as n from messages where account_id = $1 and campaign_id = $2`, [acct, cid]))[0].n),
    linked: Number((await q<{ n: number }>(env, `select count(*)::int as n from campaign_recipients r join messages m on m.account_id = r.account_id and m.id = r.message_id
      where r.account_id = $1 and r.campaign_id = $2 and m.contact_id = r.contact_id`, [acct, cid]))[0].n),
    fannedOut: (await q<{ fanned_out_at: Date | null }>(env, `select fanned_out_at from campaigns where account_id = $1 and id = $2`, [acct, cid]))[0].fanned_out_at !== null,
    progress: await q<{ queued: number; fanned_out: boolean }>(env, `select (payload->>'queued')::int as queued, (payload->>'fannedOut')::boolean as fanned_out
      from outbox where account_id = $1 and type = 'campaign.progress' and subject_id = $2 order by id`, [acct, cid]),
  });

  it('splits the audience into parts with their own checkpoints; every eligible contact gets one message; progress adds up', async () => {
    const { env, acct, cid } = await launched(10, 3);
    await runFanout(env.ctx, { accountId: acct, campaignId: cid, batchSize: 2 });
    const o = await outcome(env, acct, cid);
    expect(o.recipients).toEqual([{ status: 'queued', n: 10 }, { status: 'skipped', n: 3 }]);
    expect(o.messages).toBe(10);
    expect(o.perContact).toEqual([]);
    expect(o.linked).toBe(10);
    expect(o.fannedOut).toBe(true);
    expect(o.progress.reduce((s, e) => s + e.queued, 0)).toBe(10);
    expect(o.progress.filter((e) => e.fanned_out)).toHaveLength(1);
    expect(o.progress[o.progress.length - 1].fanned_out).toBe(true);
    const parts = await q<{ part: number; after_id: string | null; upto_id: string | null; cursor: string | null; done: boolean }>(env,
      `select part, after_id, upto_id, cursor, done_at is not null as done from campaign_fanout_parts where account_id = $1 and campaign_id = $2 order by part`, [acct, cid]);
    if (env.ctx.database.kind === 'postgres') {
      // 13 contacts in batches of 2, two at once: two ranges that meet (the first's end is the second's start) and cover everyone.
      expect(parts).toHaveLength(env.ctx.config.campaignFanoutParallel);
      expect(parts.every((p) => p.done)).toBe(true);
      expect(parts[0].after_id).toBeNull();
      expect(parts[parts.length - 1].upto_id).toBeNull();
      for (let i = 1; i < parts.length; i++) expect(parts[i].after_id).toBe(parts[i - 1].upto_id);
      expect(parts[0].cursor).toBe(parts[0].upto_id);
    } else {
      expect(parts).toEqual([]); // PGlite: one connection, one loop
    }
  });

  it('a second worker at the same time and a re-run from rewound checkpoints text nobody twice', async () => {
    const { env, acct, cid } = await launched(9, 2);
    const job = { accountId: acct, campaignId: cid, batchSize: 2 };
    await Promise.all([runFanout(env.ctx, job), runFanout(env.ctx, job)]);
    let o = await outcome(env, acct, cid);
    expect(o.messages).toBe(9);
    expect(o.perContact).toEqual([]);
    expect(o.fannedOut).toBe(true);
    // As if the checkpoints' last commits were lost while the rows were not: every part and the campaign rewound.
    await q(env, `update campaign_fanout_parts set cursor = null, done_at = null where account_id = $1 and campaign_id = $2`, [acct, cid]);
    await q(env, `update campaigns set fanned_out_at = null, fanout_cursor = null where account_id = $1 and id = $2`, [acct, cid]);
    await runFanout(env.ctx, job);
    o = await outcome(env, acct, cid);
    expect(o.recipients).toEqual([{ status: 'queued', n: 9 }, { status: 'skipped', n: 2 }]);
    expect(o.messages).toBe(9);
    expect(o.perContact).toEqual([]);
    expect(o.linked).toBe(9);
    expect(o.fannedOut).toBe(true);
  });

  it('a pause between batches stops every part; resume goes on from each checkpoint', async () => {
    const { env, acct, cid, publicId } = await launched(8, 0);
    const job = { accountId: acct, campaignId: cid, batchSize: 2 };
    // Paused before the fan-out runs: nothing is written, the parts (PostgreSQL) keep their checkpoints.
    await q(env, `update campaigns set status = 'paused' where account_id = $1 and id = $2`, [acct, cid]);
    await runFanout(env.ctx, job);
    expect((await outcome(env, acct, cid)).messages).toBe(0);
    await q(env, `update campaigns set status = 'running' where account_id = $1 and id = $2`, [acct, cid]);
    await runFanout(env.ctx, job);
    const o = await outcome(env, acct, cid);
    expect(o.messages).toBe(8);
    expect(o.perContact).toEqual([]);
    expect(o.fannedOut).toBe(true);
    expect(publicId).toMatch(/^cmp_/);
  });
}, {}, { simulator: true });
