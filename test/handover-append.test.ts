// A Twilio batch's journal grows one window at a time (dispatcher journalWindows → dispatch.repo appendHandoverIfOwn).
// A window is appended only while every claim of it is still the turn's (same attempt, waiting, lease running) and the
// journal row is still there: a window appended after a takeover had claimed (and read the journal for) its texts would be
// POSTed by both workers; a row written anew after it was dropped at the lease's bound would list texts never POSTed.
import { expect, it } from 'vitest';
import { describeEachDb } from './harness.js';
import { signUp } from './factories.js';
import { fromPublicId } from '../src/lib/ids.js';
import { appendHandoverIfOwn } from '../src/modules/messaging/dispatch.repo.js';

describeEachDb('the hand-over journal grows only with the turn\'s own claims', (use) => {
  it('appends a window whose claims are still the turn\'s; refuses one taken over, one whose lease ran out, and a dropped row', async () => {
    const { app, ctx } = use();
    const a = await signUp(app);
    const accountId = fromPublicId('account', a.accountId)!;
    const number = (await a.client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await a.client.post('/v1/messages', { from: number.phoneNumber, to: `+1415555017${i}`, body: `Window ${i}` });
      expect(r.statusCode, r.body).toBe(201);
      ids.push(fromPublicId('message', r.json().id)!);
    }
    // Claimed by a turn (attempt 1, lease running); the journal lists the first window (ids[0]).
    await ctx.database.query(`update messages set attempts = 1, claimed_until = now() + interval '1 minute' where account_id = $1 and id = any($2::uuid[])`, [accountId, ids]);
    const journal = crypto.randomUUID();
    await ctx.database.query(`insert into dispatch_handovers (account_id, id, message_ids) values ($1, $2, $3::uuid[])`, [accountId, journal, [ids[0]]]);
    const listed = async () => (await ctx.database.query<{ message_ids: string[] }>('select message_ids from dispatch_handovers where account_id = $1 and id = $2', [accountId, journal])).rows[0]?.message_ids ?? null;

    expect(await appendHandoverIfOwn(ctx.db, accountId, journal, [{ id: ids[1], attempt: 1 }])).toBe(true);
    expect(await listed()).toEqual([ids[0], ids[1]]);
    // Taken over: another worker's claim is attempt 2.
    await ctx.database.query(`update messages set attempts = 2 where account_id = $1 and id = $2`, [accountId, ids[2]]);
    expect(await appendHandoverIfOwn(ctx.db, accountId, journal, [{ id: ids[2], attempt: 1 }])).toBe(false);
    // The lease ran out.
    await ctx.database.query(`update messages set attempts = 1, claimed_until = now() - interval '1 second' where account_id = $1 and id = $2`, [accountId, ids[2]]);
    expect(await appendHandoverIfOwn(ctx.db, accountId, journal, [{ id: ids[2], attempt: 1 }])).toBe(false);
    expect(await listed()).toEqual([ids[0], ids[1]]);
    // The row was dropped (emptied at the lease's bound, or the batch recorded): not written anew.
    await ctx.database.query(`update messages set claimed_until = now() + interval '1 minute' where account_id = $1 and id = $2`, [accountId, ids[2]]);
    await ctx.database.query('delete from dispatch_handovers where account_id = $1 and id = $2', [accountId, journal]);
    expect(await appendHandoverIfOwn(ctx.db, accountId, journal, [{ id: ids[2], attempt: 1 }])).toBe(false);
    expect(await listed()).toBeNull();
  });
});
