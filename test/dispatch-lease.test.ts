import { expect, it } from 'vitest';
import { txQuery } from '../src/db/client.js';
import { withTx } from '../src/db/tx.js';
import { fromPublicId } from '../src/lib/ids.js';
import { claimDue, dueSenders } from '../src/modules/messaging/dispatch.repo.js';
import { describeEachDb } from './harness.js';
import { signUp } from './factories.js';

const N = 30;

describeEachDb('dispatch lease', (use) => {
  it('a claim is a lease in claimed_until only: a HOT update, the queue order kept, not claimed again while it lasts, taken over once it ran out', async () => {
    const { app, ctx } = use();
    const { client, accountId } = await signUp(app);
    const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: 1000 })).json(); // no dispatcher runs here
    for (let i = 0; i < N; i++) expect((await client.post('/v1/messages', { to: '+1 646 555 0178', body: `Lease ${i}` })).statusCode).toBe(201);
    const acct = fromPublicId('account', accountId)!;
    const nid = fromPublicId('number', number.id)!;
    await ctx.database.query('update sender_buckets set tokens = 1000 where account_id = $1 and number_id = $2', [acct, nid]);
    const queue = async () => (await ctx.database.query<{ id: string; next: string; leased: boolean }>(
      `select id, next_attempt_at::text as next, claimed_until > now() as leased from messages where account_id = $1 and number_id = $2 order by id`, [acct, nid])).rows;
    const before = await queue();
    expect(before.every((m) => m.leased === null)).toBe(true);

    // The claim, and in its transaction the table's HOT-update counter: every claimed row stayed on its page with no index entry.
    const { claimed, hot } = await withTx(ctx.db, async (tx) => {
      const c = await claimDue(txQuery(tx), acct, nid, 1000, 30);
      const { rows: [r] } = await txQuery(tx)<{ hot: string }>(`select pg_stat_get_xact_tuples_hot_updated('messages'::regclass) as hot`);
      return { claimed: c, hot: Number(r.hot) };
    });
    expect(claimed).toHaveLength(N);
    expect(claimed.every((c) => !c.taken_over)).toBe(true);
    // (A claimed row's new version is 8 bytes longer — claimed_until was null — so a page's last row may just not fit: a HOT update for nearly each, none before fillfactor 50.)
    expect(hot).toBeGreaterThanOrEqual(N - 2);
    const leased = await queue();
    expect(leased.map((m) => m.next)).toEqual(before.map((m) => m.next)); // the queue index is not touched
    expect(leased.every((m) => m.leased)).toBe(true);

    // Under a live lease: not claimed again, and the sender is not due.
    expect(await claimDue(ctx.database.query, acct, nid, 1000, 30)).toHaveLength(0);
    expect((await dueSenders(ctx.database.query)).some((s) => s.account_id === acct && s.number_id === nid)).toBe(false);

    // The worker died: once the lease ran out the messages are due again, and the next claim knows it took them over.
    await ctx.database.query(`update messages set claimed_until = now() - interval '1 second' where account_id = $1 and number_id = $2`, [acct, nid]);
    expect((await dueSenders(ctx.database.query)).some((s) => s.account_id === acct && s.number_id === nid)).toBe(true);
    // A sender with a turn in flight in the reading worker is left out (its probe skipped): it gets no second turn from the list.
    expect((await dueSenders(ctx.database.query, [nid])).some((s) => s.number_id === nid)).toBe(false);
    const again = await claimDue(ctx.database.query, acct, nid, 1000, 30);
    expect(again).toHaveLength(N);
    expect(again.every((c) => c.taken_over)).toBe(true);
  });
});
