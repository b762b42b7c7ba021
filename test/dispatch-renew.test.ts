// A turn renews the lease of the batch it holds (dispatcher.ts keepLease → renewClaims) on a pooled
// connection, while the same turn's hand-over or recording transaction updates those messages in
// several statements (status changes, deferrals, give-backs). A renewal that waited for a row such a
// transaction holds, having already locked another of the batch that the transaction updates next,
// made a lock cycle: PostgreSQL's deadlock check ended one of them a second later — the recording
// of what the carrier answered, or the renewal. A renewal passes over rows another transaction holds
// (they are being settled; if that rolls back, the next renewal takes them).
import { expect, it } from 'vitest';
import { txQuery } from '../src/db/client.js';
import { withTx } from '../src/db/tx.js';
import { fromPublicId } from '../src/lib/ids.js';
import { claimDue, ownClaimsAtHandOver, renewClaims } from '../src/modules/messaging/dispatch.repo.js';
import { describeEachDb } from './harness.js';
import { signUp } from './factories.js';

describeEachDb('dispatch lease renewal', (use) => {
  it('never waits for a message a recording transaction holds: the others are renewed at once, that one left to the recording', async () => {
    const { app, ctx } = use();
    const { client, accountId } = await signUp(app);
    const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: 1000 })).json(); // no dispatcher runs here
    for (let i = 0; i < 2; i++) expect((await client.post('/v1/messages', { to: '+1 646 555 0178', body: `Renew ${i}` })).statusCode).toBe(201);
    const acct = fromPublicId('account', accountId)!;
    const nid = fromPublicId('number', number.id)!;
    await ctx.database.query('update sender_buckets set tokens = 1000 where account_id = $1 and number_id = $2', [acct, nid]);
    const claimed = await claimDue(ctx.database.query, acct, nid, 1000, 5);
    expect(claimed).toHaveLength(2);
    const [deferred, sent] = claimed;
    const claims = claimed.map((c) => ({ id: c.id, attempt: c.attempts }));
    const leaseOf = async (id: string) => (await ctx.database.query<{ s: number }>(
      `select extract(epoch from claimed_until - now())::float8 as s from messages where account_id = $1 and id = $2`, [acct, id])).rows[0].s;

    const renewed = await withTx(ctx.db, async (tx) => {
      // The recording's first statement holds one message of the batch…
      await txQuery(tx)(`update messages set updated_at = now() where account_id = $1 and id = $2`, [acct, sent.id]);
      // …a renewal starts meanwhile (its timer), and the recording's next statement updates the other one.
      const renewal = renewClaims(ctx.database.query, acct, claims, 60);
      const n = await Promise.race([renewal, new Promise<string>((r) => setTimeout(() => r('waited'), 2000))]);
      await txQuery(tx)(`update messages set claimed_until = null where account_id = $1 and id = $2`, [acct, deferred.id]);
      await renewal.catch(() => undefined);
      return n;
    });
    expect(renewed).toBe(1);
    expect(await leaseOf(sent.id)).toBeLessThan(10); // left to the recording (here committed unrenewed)
  }, 30_000);
}, {}, { only: 'postgres' });

// The hand-over keeps only the claims still its own (dispatch.repo ownClaimsAtHandOver): a lease that ran
// out may have been taken over; a running one with less than half its length left is renewed there.
describeEachDb('claims at the hand-over', (use) => {
  it('keeps live claims of the same attempt, renews those running low, drops expired, taken-over and settled ones', async () => {
    const { app, ctx } = use();
    const { client, accountId } = await signUp(app);
    const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: 1000 })).json(); // no dispatcher runs here
    for (let i = 0; i < 5; i++) expect((await client.post('/v1/messages', { to: '+1 646 555 0179', body: `Own ${i}` })).statusCode).toBe(201);
    const acct = fromPublicId('account', accountId)!;
    const nid = fromPublicId('number', number.id)!;
    await ctx.database.query('update sender_buckets set tokens = 1000 where account_id = $1 and number_id = $2', [acct, nid]);
    const claimed = await claimDue(ctx.database.query, acct, nid, 1000, 60);
    expect(claimed).toHaveLength(5);
    const [live, low, expired, takenOver, settled] = claimed.map((c) => c.id);
    const set = (sql: string, id: string) => ctx.database.query(`update messages set ${sql} where account_id = $1 and id = $2`, [acct, id]);
    await set(`claimed_until = now() + interval '10 seconds'`, low);
    await set(`claimed_until = now() - interval '1 second'`, expired);
    await set('attempts = attempts + 1', takenOver);
    await set(`status = 'canceled', claimed_until = null`, settled);
    const own = await ownClaimsAtHandOver(ctx.db, acct, claimed.map((c) => ({ id: c.id, attempt: c.attempts })), 60);
    expect([...own].sort()).toEqual([live, low].sort());
    const leaseOf = async (id: string) => (await ctx.database.query<{ s: number }>(
      `select extract(epoch from claimed_until - now())::float8 as s from messages where account_id = $1 and id = $2`, [acct, id])).rows[0].s;
    expect(await leaseOf(low)).toBeGreaterThan(50);
    expect(await leaseOf(expired)).toBeLessThan(0); // left as it was: whoever takes it over decides
  });

  // DISPATCH_CLAIM_MS need not be whole seconds (500 is allowed): `$4 / 2` made PostgreSQL type the lease as an
  // integer, and every hand-over failed with "invalid input syntax for type integer" for e.g. 1.5 s.
  it('takes a lease of a fractional number of seconds', async () => {
    const { app, ctx } = use();
    const { client, accountId } = await signUp(app);
    const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: 1000 })).json(); // no dispatcher runs here
    expect((await client.post('/v1/messages', { to: '+1 646 555 0179', body: 'Fractional' })).statusCode).toBe(201);
    const acct = fromPublicId('account', accountId)!;
    const nid = fromPublicId('number', number.id)!;
    await ctx.database.query('update sender_buckets set tokens = 1000 where account_id = $1 and number_id = $2', [acct, nid]);
    const [c] = await claimDue(ctx.database.query, acct, nid, 1000, 1.5);
    await ctx.database.query(`update messages set claimed_until = now() + interval '0.5 seconds' where account_id = $1 and id = $2`, [acct, c.id]); // running low
    const own = await ownClaimsAtHandOver(ctx.db, acct, [{ id: c.id, attempt: c.attempts }], 1.5);
    expect([...own]).toEqual([c.id]);
    const { rows: [m] } = await ctx.database.query<{ s: number }>(`select extract(epoch from claimed_until - now())::float8 as s from messages where account_id = $1 and id = $2`, [acct, c.id]);
    expect(m.s).toBeGreaterThan(1); // renewed for the whole 1.5 s
  });
});

// A batch's claims are looked up by id. Written as a join of the id list with messages filtered on the lease
// (`claimed_until > now()` / `is not null`), the planner — whose statistics see claimed_until null nearly
// everywhere, as it is outside the batches in flight — estimated one matching row and scanned the whole table,
// comparing every row with the whole list: ~80 µs of database CPU per message at the hand-over in the dispatch
// bench (100,000 queued), more than the outcome's write, and a full scan per turn every third of the lease.
describeEachDb('claim look-ups at scale', (use) => {
  it('the hand-over check and the renewal read a batch by its ids, never by a scan of messages', async () => {
    const { app, ctx } = use();
    const { client, accountId } = await signUp(app);
    const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: 100_000 })).json(); // no dispatcher runs here
    const acct = fromPublicId('account', accountId)!;
    const nid = fromPublicId('number', number.id)!;
    await ctx.database.query(
      `insert into messages (id, account_id, number_id, direction, kind, "from", "to", body, encoding, segments, status, next_attempt_at, provider)
       select gen_random_uuid(), $1, $2, 'outbound', 'conversational', $3, '+1646' || lpad(g::text, 7, '0'), 'Code ' || g, 'GSM-7', 1, 'queued', now(), 'simulator'
       from generate_series(1, 20000) g`, [acct, nid, number.phoneNumber]);
    await ctx.database.query('analyze messages');
    await ctx.database.query('update sender_buckets set tokens = 100000 where account_id = $1 and number_id = $2', [acct, nid]);
    const claimed = await claimDue(ctx.database.query, acct, nid, 500, 60);
    expect(claimed).toHaveLength(500);
    const claims = claimed.map((c) => ({ id: c.id, attempt: c.attempts }));
    const scans = await withTx(ctx.db, async (tx) => {
      const q = txQuery(tx);
      const seqScans = async () => Number((await q<{ n: string }>(`select seq_scan as n from pg_stat_xact_user_tables where relname = 'messages'`)).rows[0].n);
      const before = await seqScans();
      expect((await ownClaimsAtHandOver(tx, acct, claims, 60)).size).toBe(500);
      expect(await renewClaims(q, acct, claims, 60)).toBe(500);
      return (await seqScans()) - before;
    });
    expect(scans).toBe(0);
  });
}, {}, { only: 'postgres' });
