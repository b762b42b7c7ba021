import { expect, it } from 'vitest';
import { startDispatcher } from '../src/modules/messaging/dispatcher.js';
import { describeEachDb } from './harness.js';
import { signUp } from './factories.js';

/**
 * STOP is final at commit (issue 8, DESIGN "Carriers"): once an opt-out has committed, no carrier
 * submission for that number may start afterwards.
 *
 * What is provable, and how this test proves it. The opt-out transaction takes an exclusive
 * advisory lock per (account, number) before it inserts the suppression and holds it to commit.
 * Right before a hand-over, the dispatcher takes the shared form of the same locks, re-checks
 * suppression in a later statement (its snapshot is taken after the locks were granted), reads the
 * database clock there (`handedOverAt`, kept in the message's `sent` event), commits, and only then
 * calls the carrier. So for a number R whose opt-out O committed at C:
 *  - a hand-over that took its lock after O released it (after C) sees the suppression and cancels;
 *  - one that got the lock first made O wait until it committed: handedOverAt < its commit < C.
 * Hence every submission to R that reached the carrier has handedOverAt < C. The test cannot read C
 * itself, but it reads the database clock right after the STOP's response (`w`), and C ≤ w; so
 * `handedOverAt < w` is a necessary condition that holds for every correct run (never flaky) and
 * fails whenever a hand-over is decided after the STOP was answered. The carrier's ledger
 * (each message's acceptance time, read from the simulator's own ledger: the same machine's clock) shows each submission's arrival: the recorded
 * decision must precede it, which ties the record to the real submission. Today's failure mode — a
 * batch checked at claim time and handed over later — shows up as ledger rows for R received after
 * `w` with no hand-over decided before C; DISPATCH_TEST_HANDOVER_DELAY_MS (a pause between claim
 * and hand-over, tests only) makes that window wide enough to hit reliably.
 */
const SENDERS = 50;
const RECIPIENTS = 40;
const PER_SENDER = 8;
const STOPPERS = 4; // concurrent connections sending STOPs
const STOPPED = 20; // recipients that opt out, spread over the run
const recipient = (i: number) => `+1646555${String(1000 + i).slice(-4)}`;

describeEachDb('STOP is final at commit, under load', (use) => {
  it(`${SENDERS} senders, STOPs throughout: no submission handed over after an opt-out committed`, async () => {
    const { app, ctx, sim } = use();
    await sim.settings({ latencyMs: 3_600_000 }); // receipts held: this test is about hand-overs, and each receipt would be a webhook call to handle
    const { client } = await signUp(app);
    const numbers: Array<{ id: string; phoneNumber: string }> = [];
    for (let s = 0; s < SENDERS; s++) numbers.push((await client.post('/v1/numbers', { provider: 'simulator', mps: 0.01 })).json()); // hold the queue
    const sends: Array<Promise<unknown>> = [];
    for (let s = 0; s < SENDERS; s++) {
      for (let k = 0; k < PER_SENDER; k++) {
        sends.push(client.post('/v1/messages', { from: numbers[s].phoneNumber, to: recipient((s * PER_SENDER + k) % RECIPIENTS), body: `Offer ${s}/${k}` }).then((r) => expect(r.statusCode, r.body).toBe(201)));
      }
      if (sends.length >= RECIPIENTS) await Promise.all(sends.splice(0)); // distinct recipients per wave: two first sends to one new contact race (409/500)
    }
    await Promise.all(sends);
    const total = SENDERS * PER_SENDER;
    const count = async (sql: string) => Number((await ctx.database.query<{ n: number }>(sql)).rows[0].n);
    // The carrier's count so far: one ledger request at a time, shared by the stoppers waiting on it
    // (each fetch carries the whole ledger, parsed here and serialized there: four stoppers fetched it four times as often).
    let asking: Promise<number> | null = null;
    const progress = () => (asking ??= sim.ledger().then((l) => l.messages.length).finally(() => { asking = null; }));
    for (const n of numbers) expect((await client.patch(`/v1/numbers/${n.id}`, { mps: 2 })).statusCode).toBe(200);

    const committed = new Map<string, Date>(); // recipient → database clock read after its STOP was answered
    const dispatcher = startDispatcher(ctx, console);
    try {
      const deadline = Date.now() + 60_000;
      const stopper = async (c: number) => {
        for (let j = c; j < STOPPED; j += STOPPERS) {
          const threshold = Math.floor((total * 0.7 * (j + 1)) / STOPPED); // spread from the start to ~70 % of the run
          while ((await progress()) < threshold && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
          const to = recipient(j * 2); // every other recipient opts out
          const r = await client.post('/v1/simulator/inbound', { from: to, to: numbers[j % SENDERS].phoneNumber, body: 'STOP' });
          expect(r.json().keyword.kind).toBe('opt_out');
          const { rows: [{ w }] } = await ctx.database.query<{ w: Date }>('select clock_timestamp() as w');
          committed.set(to, w);
        }
      };
      await Promise.all(Array.from({ length: STOPPERS }, (_, c) => stopper(c)));
      while ((await count(`select count(*) n from messages where status in ('scheduled', 'queued')`)) > 0) {
        expect(Date.now(), 'the queue did not drain').toBeLessThan(deadline);
        await new Promise((r) => setTimeout(r, 25));
      }
    } finally {
      await dispatcher.stop();
    }

    // Every outbound message to an opted-out number, with what the carrier received and what the dispatcher decided.
    // The carrier's ledger (its own process and storage): when it accepted each message, by our id.
    const arrivals = new Map((await sim.ledger()).messages.map((l) => [l.reference, new Date(l.acceptedAt)]));
    const { rows: found } = await ctx.database.query<{ id: string; to: string; status: string; handed_over_at: Date | null }>(
      `select m.id, m."to", m.status,
              (select max((o.payload->>'handedOverAt')::timestamptz) from outbox o where o.account_id = m.account_id and o.subject_id = m.id) as handed_over_at
       from messages m
       where m.direction = 'outbound' and m.kind <> 'keyword_reply' and m."to" = any($1::text[])`,
      [[...committed.keys()]],
    );
    const rows = found.map((r) => ({ ...r, received_at: arrivals.get(r.id) ?? null }));
    expect(rows.length).toBe(STOPPED * (total / RECIPIENTS));
    let lateArrivals = 0;
    const lateness = (r: (typeof rows)[number]) => (r.received_at ? r.received_at.getTime() - committed.get(r.to)!.getTime() : -Infinity);
    rows.sort((a, b) => lateness(b) - lateness(a)); // the latest arrivals first: a failure names the worst one
    for (const r of rows) {
      const w = committed.get(r.to)!;
      if (!r.received_at) {
        expect(r.status, `message ${r.id} never reached the carrier`).toBe('canceled');
        continue;
      }
      if (r.received_at >= w) lateArrivals++;
      expect(r.handed_over_at, `message ${r.id} reached the carrier ${r.received_at.getTime() - w.getTime()} ms after its recipient's STOP was answered, with no hand-over decision recorded`).not.toBeNull();
      expect(r.handed_over_at!.getTime(), `message ${r.id}: its recorded hand-over came after the carrier received it`).toBeLessThanOrEqual(r.received_at.getTime());
      expect(r.handed_over_at!.getTime(), `message ${r.id} was handed over ${r.handed_over_at!.getTime() - w.getTime()} ms after its recipient's opt-out committed`).toBeLessThan(w.getTime());
    }
    const canceled = rows.filter((r) => r.status === 'canceled').length;
    const submitted = rows.filter((r) => r.received_at).length;
    // The STOPs really landed mid-stream: some messages to these numbers went before, some were stopped.
    expect(canceled).toBeGreaterThan(0);
    expect(submitted).toBeGreaterThan(0);
    console.log(`[${ctx.database.kind}] to opted-out numbers: ${submitted} submitted before the opt-out, ${canceled} canceled; ${lateArrivals} arrived after the STOP's answer (decided before it)`);
    // Every STOP got its confirmation, once.
    expect(await count(`select count(*) n from messages where kind = 'keyword_reply' and status in ('sent', 'delivered')`)).toBe(STOPPED);
  }, 120_000);
}, { DISPATCH_TEST_HANDOVER_DELAY_MS: '30' }, { simulator: true });
