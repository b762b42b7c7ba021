import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { txQuery } from '../src/db/client.js';
import { withTx } from '../src/db/tx.js';
import {
  START, appendEvents, consumeOnce, consumerPosition, currentPosition, decodePosition, encodePosition, positionOf, readAccountEvents, type OutboxEvent,
} from '../src/modules/outbox/outbox.service.js';
import { DB_KINDS, describeEachDb, startTestEnv, type TestEnv } from './harness.js';

async function newAccount(env: TestEnv) {
  const id = randomUUID();
  await env.ctx.database.query(`insert into accounts (id, name) values ($1, 'Outbox test')`, [id]);
  return id;
}

/** Writes one transaction of `n` events; returns their sequence numbers. */
async function writeTx(env: TestEnv, accountId: string, type: string, seqs: number[]) {
  await withTx(env.ctx.db, (tx) => appendEvents(tx, seqs.map((seq) => ({ accountId, type, payload: { seq } }))));
  return seqs;
}

/**
 * Consumes until `into` holds `expected` events of `type` (then a few more passes, which must
 * find nothing of it). The read horizon is server-wide on PostgreSQL: a transaction another test
 * run holds open anywhere on the server delays events, so this waits instead of stopping at the
 * first empty batch.
 */
async function drain(env: TestEnv, consumer: string, into: OutboxEvent[], type: string, expected: number, limit = 50) {
  const take = (events: OutboxEvent[]) => void into.push(...events.filter((e) => e.type === type));
  const deadline = Date.now() + 20_000;
  while (into.length < expected && Date.now() < deadline) {
    if ((await consumeOnce(env.ctx.db, consumer, async (events) => take(events), { limit })) === 0) await new Promise((r) => setTimeout(r, 20));
  }
  for (let i = 0; i < 3; i++) await consumeOnce(env.ctx.db, consumer, async (events) => take(events), { limit });
}

/** Polls `read` until `done` holds (the horizon may be held back by another run's open transaction). */
async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describeEachDb('outbox readers', (use) => {
  let accountId = '';
  beforeAll(async () => {
    accountId = await newAccount(use());
  });

  it('a durable consumer gets every event once, in order, across small batches, a failed batch and a restart', async () => {
    const env = use();
    const consumer = `test-${randomUUID()}`;
    const type = `test.batch.${randomUUID()}`;
    const written: number[] = [];
    let seq = 0;
    const more = async (k: number) => written.push(...(await writeTx(env, accountId, type, Array.from({ length: k }, () => seq++))));
    for (let i = 0; i < 40; i++) await more(1 + (i % 7));

    const seen: OutboxEvent[] = [];
    const onlyMine = (events: OutboxEvent[]) => events.filter((e) => e.type === type);
    for (let round = 0; round < 12; round++) {
      await consumeOnce(env.ctx.db, consumer, async (events) => void seen.push(...onlyMine(events)), { limit: 13 });
      if (round % 3 === 0) await more(5); // new events arrive while the consumer works through the backlog
    }
    expect(seen.length).toBeLessThan(written.length);
    // A batch whose handler fails moves nothing: the same events come again.
    const before = await consumerPosition(env.ctx.database, consumer);
    const crash = () => consumeOnce(env.ctx.db, consumer, async () => { throw new Error('handler crashed'); }, { limit: 13 }).then(() => 'nothing to read', (e: Error) => e.message);
    expect(await eventually(crash, (r) => r !== 'nothing to read')).toBe('handler crashed');
    expect(await consumerPosition(env.ctx.database, consumer)).toEqual(before);
    if (seen.length) expect(before).toEqual(positionOf(seen[seen.length - 1]));

    // "Restart": a new instance knows nothing but the consumer's name; its position is in the database.
    const afterRestart: OutboxEvent[] = [];
    await more(3);
    await drain(env, consumer, afterRestart, type, written.length - seen.length, 17);
    const all = [...seen, ...afterRestart].map((e) => e.payload.seq);
    expect(all).toEqual(written);
    expect(new Set([...seen, ...afterRestart].map((e) => e.id)).size).toBe(written.length);
    expect((await consumerPosition(env.ctx.database, consumer)).txId).toBeGreaterThan(0);
  });

  it('an account stream reads only its account, from an opaque position; a new stream replays nothing final', async () => {
    const env = use();
    const other = await newAccount(env);
    const type = `test.stream.${randomUUID()}`;
    const from = await currentPosition(env.ctx.database.query);
    expect((await readAccountEvents(env.ctx.database.query, accountId, from)).filter((e) => e.type === type)).toEqual([]);
    await writeTx(env, accountId, type, [1, 2]);
    await writeTx(env, other, type, [3]);
    await writeTx(env, accountId, type, [4]);
    const read = async () => (await readAccountEvents(env.ctx.database.query, accountId, from)).filter((e) => e.type === type);
    const mine = await eventually(read, (v) => v.length >= 3);
    expect(mine.map((e) => e.payload.seq)).toEqual([1, 2, 4]);
    expect(mine.every((e) => e.accountId === accountId)).toBe(true);
    const token = encodePosition(positionOf(mine[1]));
    expect(token).not.toMatch(/^\d+$/);
    const rest = (await readAccountEvents(env.ctx.database.query, accountId, decodePosition(token))).filter((e) => e.type === type);
    expect(rest.map((e) => e.payload.seq)).toEqual([4]);
    expect(() => decodePosition('not-a-position')).toThrow(expect.objectContaining({ status: 400, code: 'invalid_event_id' }));
    expect((await readAccountEvents(env.ctx.database.query, accountId, START)).length).toBeGreaterThanOrEqual(3);
  });

  // Every event writes an entry into each of the outbox's indexes (two events per dispatched text): three, each one a
  // reader's order — an account's stream is the key itself (migration 0074; it was a fourth index beside the key).
  it('each reader walks an index in its own order, and the outbox has no other index', async () => {
    const env = use();
    const { rows: idx } = await env.ctx.database.query<{ indexdef: string }>(`select indexdef from pg_indexes where tablename = 'outbox' order by indexname`);
    expect(idx.map((r) => r.indexdef.replace(/^.* USING btree /, ''))).toEqual(['(account_id, tx_id, id)', '(account_id, subject_id, id)', '(tx_id, id)']);
    const plan = await withTx(env.ctx.db, async (tx) => {
      const q = txQuery(tx);
      await q('set local enable_seqscan = off');
      const explain = async (sql: string) => (await q<Record<string, string>>(`explain ${sql}`)).rows.map((x) => Object.values(x)[0]).join('\n');
      return {
        account: await explain(`select id from outbox where account_id = '${accountId}' and (tx_id, id) > (0, 0) order by tx_id, id limit 10`),
        all: await explain(`select id from outbox where (tx_id, id) > (0, 0) order by tx_id, id limit 10`),
        subject: await explain(`select id from outbox where account_id = '${accountId}' and subject_id = '${randomUUID()}' order by id`),
      };
    });
    expect(plan.account).toContain('outbox_account_id_tx_id_id_pk');
    expect(plan.account).not.toContain('Sort');
    expect(plan.all).toContain('outbox_tx_idx');
    expect(plan.subject).toContain('outbox_subject_idx');
  });

  it('outbox rows are append-only', async () => {
    const env = use();
    await writeTx(env, accountId, 'test.append_only', [1]);
    await expect(env.ctx.database.query(`update outbox set type = 'x' where type = 'test.append_only'`)).rejects.toThrow(/append-only/);
    await expect(env.ctx.database.query(`delete from outbox where type = 'test.append_only'`)).rejects.toThrow(/append-only/);
  });
});

describe.skipIf(!DB_KINDS.includes('postgres'))('outbox on PostgreSQL: transactions that commit out of order', () => {
  let env: TestEnv;
  let stop: () => Promise<void>;
  let accountId = '';
  const clients: pg.Client[] = [];
  const client = async () => {
    const c = new pg.Client({ connectionString: env.ctx.database.connectionString });
    await c.connect();
    clients.push(c);
    return c;
  };
  const insert = (c: pg.Client, type: string, seq: number) =>
    c.query(`insert into outbox (account_id, type, payload) values ($1, $2, $3)`, [accountId, type, JSON.stringify({ seq })]);

  beforeAll(async () => {
    ({ env, stop } = await startTestEnv('postgres'));
    accountId = await newAccount(env);
  }, 60_000);
  afterAll(async () => {
    for (const c of clients) await c.end().catch(() => undefined);
    await stop?.();
  }, 60_000);

  it('holds back a committed event while an older transaction is open, then delivers both, each once', async () => {
    const consumer = `test-${randomUUID()}`;
    const type = `test.interleaved.${randomUUID()}`;
    const seen: OutboxEvent[] = [];
    const [t1, t2] = [await client(), await client()];
    await t1.query('begin');
    await insert(t1, type, 1); // T1 writes first (the older transaction) and stays open
    await t2.query('begin');
    await insert(t2, type, 2);
    await t2.query('commit');
    // T2's event is committed and visible (a reader of "id > last id" would take it and later skip T1's)…
    expect(Number((await env.ctx.database.query<{ n: number }>(`select count(*) n from outbox where type = $1`, [type])).rows[0].n)).toBe(1);
    for (let i = 0; i < 5; i++) await consumeOnce(env.ctx.db, consumer, async (events) => void seen.push(...events.filter((e) => e.type === type)));
    expect(seen).toEqual([]); // …but the consumer does not move past T1
    expect((await readAccountEvents(env.ctx.database.query, accountId, START)).filter((e) => e.type === type)).toEqual([]); // nor does a stream
    await t1.query('commit');
    await drain(env, consumer, seen, type, 2);
    expect(seen.map((e) => e.payload.seq)).toEqual([1, 2]);
    await drain(env, consumer, seen, type, 2);
    expect(seen).toHaveLength(2);
    const stream = await eventually(async () => (await readAccountEvents(env.ctx.database.query, accountId, START)).filter((e) => e.type === type), (v) => v.length >= 2);
    expect(stream.map((e) => e.payload.seq)).toEqual([1, 2]);
  });

  it('a rolled-back transaction leaves nothing and does not block the consumer', async () => {
    const consumer = `test-${randomUUID()}`;
    const type = `test.rollback.${randomUUID()}`;
    const seen: OutboxEvent[] = [];
    const t = await client();
    await t.query('begin');
    await insert(t, type, 1);
    await t.query('rollback');
    await writeTx(env, accountId, type, [2]);
    await drain(env, consumer, seen, type, 1);
    expect(seen.map((e) => e.payload.seq)).toEqual([2]);
  });

  it('two consumer instances under concurrent writers see every event exactly once', async () => {
    const consumer = `test-${randomUUID()}`;
    const type = `test.concurrent.${randomUUID()}`;
    const seen: OutboxEvent[] = [];
    const writers = await Promise.all(Array.from({ length: 5 }, () => client()));
    let seq = 0;
    let writing = true;
    const writer = async (c: pg.Client) => {
      for (let i = 0; i < 50; i++) {
        await c.query('begin');
        for (let k = 0; k <= i % 3; k++) await insert(c, type, seq++);
        if (i % 4 === 0) await c.query('select pg_sleep(0.005)'); // hold the transaction open a little
        await c.query('commit');
      }
    };
    const reader = async () => {
      while (writing) {
        await consumeOnce(env.ctx.db, consumer, async (events) => void seen.push(...events.filter((e) => e.type === type)), { limit: 40 });
        await new Promise((r) => setTimeout(r, 2));
      }
    };
    const readers = [reader(), reader()];
    await Promise.all(writers.map(writer));
    writing = false;
    await Promise.all(readers);
    await drain(env, consumer, seen, type, seq);
    expect(seq).toBe(5 * (17 * 1 + 17 * 2 + 16 * 3)); // each writer: 50 transactions of 1, 2, 3, 1, … events
    const ids = seen.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const { rows } = await env.ctx.database.query<{ id: number }>(`select id from outbox where type = $1 order by id`, [type]);
    expect([...ids].sort((a, b) => a - b)).toEqual(rows.map((r) => Number(r.id)));
    expect(rows).toHaveLength(seq);
    // Delivered in (tx_id, id) order: never a step back.
    for (let i = 1; i < seen.length; i++) {
      const [p, q] = [seen[i - 1], seen[i]];
      expect(q.txId > p.txId || (q.txId === p.txId && q.id > p.id)).toBe(true);
    }
  }, 60_000);
});
