/**
 * Parallel fan-out (CAMPAIGN_FANOUT_PARALLEL on PostgreSQL): the audience split into ranges of contact
 * ids, each fanned out by its own loop with its own checkpoint. Whatever the split, every eligible
 * contact gets exactly one recipient row and one message, a re-run or a second worker at the same time
 * texts nobody twice, and the campaign is fanned out once every part is done. On PGlite (one
 * connection) the same campaign takes the one loop, with the same outcome.
 */
import { DateTime } from 'luxon';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { withTx } from '../src/db/tx.js';
import { fromPublicId } from '../src/lib/ids.js';
import { FANOUT_JOB, resumeStaleFanouts, runFanout } from '../src/modules/campaigns/fanout.js';
import { describeEachDb, type TestEnv } from './harness.js';
import { signUp } from './factories.js';

const insideZone = () =>
  ['America/Los_Angeles', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Asia/Tokyo', 'Pacific/Honolulu', 'Pacific/Auckland']
    .find((z) => { const h = DateTime.now().setZone(z).hour; return h >= 9 && h < 20; })!;

const q = async <T = Record<string, unknown>>(env: TestEnv, text: string, params: unknown[] = []) => (await env.ctx.database.query<T>(text, params)).rows;

/**
 * An account with a number and `eligible + skipped` contacts tagged `all` (phones from +1415555`first`),
 * and a launched campaign to them. Every third of the first `skipped * 3` has no consent: skipped rows sit
 * between queued ones in every part.
 */
async function launched(env: TestEnv, eligible: number, skipped: number, first: number) {
  const { client, accountId } = await signUp(env.app);
  const acct = fromPublicId('account', accountId)!;
  await client.post('/v1/numbers', { provider: 'simulator', mps: 100 });
  const zone = insideZone();
  const ids: string[] = [];
  for (let i = 0; i < eligible + skipped; i++) {
    const c = (await client.post('/v1/contacts', { phone: `+1415555${first + i}`, tags: ['all'], timeZone: zone })).json();
    if (i % 3 !== 0 || i >= skipped * 3) expect((await client.post(`/v1/contacts/${c.id}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'Yes' } })).statusCode).toBe(201);
    ids.push(c.id);
  }
  const c = (await client.post('/v1/campaigns', { name: 'Parts', body: 'Hi {{first_name|there}}! Reply STOP to opt out.', audience: { tags: ['all'] } })).json();
  expect((await client.post(`/v1/campaigns/${c.id}/launch`)).statusCode).toBe(202);
  return { env, client, acct, cid: fromPublicId('campaign', c.id)!, publicId: c.id as string, ids };
}

describeEachDb('campaign fan-out in parts', (use) => {
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
    const { env, acct, cid } = await launched(use(), 10, 3, 3000);
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
    const { env, acct, cid } = await launched(use(), 9, 2, 3000);
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

  it('the watchdog re-queues a fan-out whose worker died — not one whose parts are still moving — and the re-run finishes it', async () => {
    const { env, acct, cid } = await launched(use(), 8, 0, 3000);
    const sent: Array<[string, object]> = [];
    const send = env.ctx.jobs.send;
    env.ctx.jobs.send = async (name, data) => void sent.push([name, data]);
    try {
      // A part advanced a moment ago while the campaign's own row is an hour old (parts do not touch it): not stale.
      await q(env, `update campaigns set updated_at = now() - interval '1 hour' where account_id = $1 and id = $2`, [acct, cid]);
      await q(env, `insert into campaign_fanout_parts (account_id, campaign_id, part, updated_at) values ($1, $2, 0, now())`, [acct, cid]);
      expect(await resumeStaleFanouts(env.ctx, 60_000)).toBe(0);
      // Its worker died: nothing moved for an hour.
      await q(env, `update campaign_fanout_parts set updated_at = now() - interval '1 hour' where account_id = $1 and campaign_id = $2`, [acct, cid]);
      expect(await resumeStaleFanouts(env.ctx, 60_000)).toBe(1);
      expect(sent).toEqual([[FANOUT_JOB, { accountId: acct, campaignId: cid }]]);
    } finally {
      env.ctx.jobs.send = send;
    }
    // The re-queued job's work: the one part (from the first contact, to the last) goes to the end, the campaign is fanned out.
    await runFanout(env.ctx, { accountId: acct, campaignId: cid, batchSize: 3 });
    const o = await outcome(env, acct, cid);
    expect(o.messages).toBe(8);
    expect(o.perContact).toEqual([]);
    expect(o.fannedOut).toBe(true);
    expect(await resumeStaleFanouts(env.ctx, 0)).toBe(0);
  });

  it('a pause between batches stops every part; resume goes on from each checkpoint', async () => {
    const { env, acct, cid, publicId } = await launched(use(), 8, 0, 3000);
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

/**
 * Races, made to happen (PostgreSQL: two connections): a trigger holds the fan-out's statement on an
 * advisory lock this test holds, while the other party acts; then it lets go.
 */
describeEachDb('campaign fan-out in parts, races', (use) => {
  /** Holds advisory lock `key` until the returned release; `gate` creates a trigger that waits on it. */
  async function hold(env: TestEnv, key: number, trigger: string) {
    await q(env, `create or replace function test_gate_${key}() returns trigger language plpgsql as $$ begin perform pg_advisory_xact_lock(${key}); return new; end $$`);
    await q(env, trigger.replace('$FN', `test_gate_${key}`));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let held!: () => void;
    const isHeld = new Promise<void>((r) => (held = r));
    const holder = withTx(env.ctx.db, async (tx) => { await tx.execute(sql`select pg_advisory_xact_lock(${key})`); held(); await gate; });
    await isHeld;
    return async () => { release(); await holder; };
  }
  /** Waits until `n` backends of this database wait on a lock (the parties are where the test wants them). */
  async function waitingOnLocks(env: TestEnv, n: number) {
    await expect.poll(async () => Number((await q<{ n: number }>(env,
      `select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`))[0].n)).toBeGreaterThanOrEqual(n);
  }

  it('a recipient row left waiting in one part\'s range gets one message, not one from each part', async () => {
    const { env, acct, cid } = await launched(use(), 20, 0, 3200);
    const contacts = (await q<{ id: string }>(env, 'select id from contacts where account_id = $1 order by id', [acct])).map((r) => r.id);
    // A row an earlier batch left waiting for its message (e.g. its contact's zone changed between the batch's two statements).
    await q(env, `insert into campaign_recipients (account_id, campaign_id, contact_id, status) values ($1, $2, $3, 'queued')`, [acct, cid, contacts[0]]);
    // Both parts' first batches overlap: their checkpoint writes wait on the test's lock.
    const release = await hold(env, 4242, 'create trigger test_gate_parts before update on campaign_fanout_parts for each row execute function $FN()');
    const run = runFanout(env.ctx, { accountId: acct, campaignId: cid, batchSize: 5 });
    await waitingOnLocks(env, 2);
    await release();
    await run;
    await q(env, 'drop trigger test_gate_parts on campaign_fanout_parts');
    expect(await q(env, `select contact_id from messages where account_id = $1 and campaign_id = $2 group by contact_id having count(*) > 1`, [acct, cid])).toEqual([]);
    expect(Number((await q<{ n: number }>(env, 'select count(*)::int as n from messages where account_id = $1 and campaign_id = $2', [acct, cid]))[0].n)).toBe(20);
  });

  it('a contact deleted while a batch is writing its text gets no text and keeps no recipient row', async () => {
    const { env, client, acct, cid, ids } = await launched(use(), 3, 0, 3300);
    const victim = fromPublicId('contact', ids[1])!;
    const release = await hold(env, 4244, 'create trigger test_gate_msgs before insert on messages for each row when (new.campaign_id is not null) execute function $FN()');
    const run = runFanout(env.ctx, { accountId: acct, campaignId: cid, batchSize: 10 });
    await waitingOnLocks(env, 1); // the batch is inside its insert
    const deleted = client.delete(`/v1/contacts/${ids[1]}`); // waits for the batch (the campaign's row)
    await waitingOnLocks(env, 2);
    await release();
    await run;
    expect((await deleted).statusCode).toBe(204);
    await q(env, 'drop trigger test_gate_msgs on messages');
    // The batch's text to the deleted contact was canceled and redacted by the erasure that followed it; no recipient row.
    expect(await q(env, `select status from messages where account_id = $1 and campaign_id = $2 and (contact_id = $3 or "to" = '+14155553301')
      and status not in ('canceled')`, [acct, cid, victim])).toEqual([]);
    expect(await q(env, 'select 1 from campaign_recipients where account_id = $1 and contact_id = $2', [acct, victim])).toEqual([]);
    expect(Number((await q<{ n: number }>(env, `select count(*)::int as n from messages where account_id = $1 and campaign_id = $2 and status = 'queued'`, [acct, cid]))[0].n)).toBe(2);
  });
}, {}, { simulator: true, only: 'postgres' });
