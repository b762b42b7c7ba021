import http from 'node:http';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { expect, it, vi } from 'vitest';
import { withTx } from '../src/db/tx.js';
import { FEED_FORGET_MS, OutboxFeed, feedOf } from '../src/modules/outbox/outbox-feed.js';
import { appendEvents, currentPosition, readAccountEvents, type OutboxEvent, type Position } from '../src/modules/outbox/outbox.service.js';
import { describeEachDb, type TestEnv } from './harness.js';
import { signUp } from './factories.js';

/**
 * The process's one outbox reader for live streams (src/modules/outbox/outbox-feed.ts): each
 * stream gets its own account's events, in order, each once — from memory, or from the database
 * when it is further behind than memory holds — and many open streams cost one outbox read per
 * poll, not one each.
 */
describeEachDb('outbox feed', (use) => {
  async function newAccount(env: TestEnv) {
    const id = randomUUID();
    await env.ctx.database.query(`insert into accounts (id, name) values ($1, 'Feed test')`, [id]);
    return id;
  }
  const write = (env: TestEnv, accountId: string, seqs: number[]) =>
    withTx(env.ctx.db, (tx) => appendEvents(tx, seqs.map((seq) => ({ accountId, type: 'feed.test', payload: { seq } }))));

  /** A stream's loop over the feed until it holds `n` events (20 s bound: the horizon is server-wide on PostgreSQL). */
  async function follow(feed: OutboxFeed, accountId: string, from: Position, n: number): Promise<OutboxEvent[]> {
    const got: OutboxEvent[] = [];
    let after = from;
    const deadline = Date.now() + 20_000;
    while (got.filter((e) => e.type === 'feed.test').length < n) {
      if (Date.now() > deadline) throw new Error(`stream of ${accountId}: ${got.length} of ${n} events`);
      const r = await feed.read(accountId, after);
      got.push(...r.events);
      after = r.upTo;
      if (r.events.length < 500) await feed.next();
    }
    return got.filter((e) => e.type === 'feed.test');
  }
  const seqsOf = (events: OutboxEvent[]) => events.map((e) => e.payload.seq);
  const positionOfLast = (events: OutboxEvent[]): Position => ({ txId: events[events.length - 1].txId, eventId: events[events.length - 1].id });
  /** The database's query, counting the rows of `accountId` the feed's polls read (readAccountsAfter). */
  function polledRows(env: TestEnv, accountId: string) {
    let n = 0;
    const q: typeof env.ctx.database.query = async (text, params) => {
      const r = await env.ctx.database.query(text, params);
      if (/any\(\$1::uuid\[\]\)/.test(text)) n += r.rows.filter((x) => (x as { account_id?: string }).account_id === accountId).length;
      return r as never;
    };
    return { q, rows: () => n };
  }

  it('gives each stream its own account\'s events in order, each once, with one outbox read per poll for all of them', async () => {
    const env = use();
    const [a, b] = [await newAccount(env), await newAccount(env)];
    let outboxReads = 0;
    const q: typeof env.ctx.database.query = (text, params) => {
      if (/\bfrom outbox\b/.test(text)) outboxReads++;
      return env.ctx.database.query(text, params);
    };
    const feed = new OutboxFeed(q, 5);
    const start = await currentPosition(env.ctx.database.query);
    // Ten streams, five per account, all from now.
    const streams = [a, a, a, a, a, b, b, b, b, b].map((id) => follow(feed, id, start, 6));
    await write(env, a, [1, 2]);
    await write(env, b, [101]);
    await write(env, a, [3]);
    await write(env, b, [102, 103, 104]);
    await write(env, a, [4, 5, 6]);
    await write(env, b, [105, 106]);
    const got = await Promise.all(streams);
    for (const s of got.slice(0, 5)) expect(seqsOf(s)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const s of got.slice(5)) expect(seqsOf(s)).toEqual([101, 102, 103, 104, 105, 106]);
    // The streams read memory: the outbox was read about once per poll (plus each stream's first read, which may come before the feed's start), not ten times.
    expect(feed.polls).toBeGreaterThan(0);
    expect(outboxReads).toBeLessThanOrEqual(feed.polls + 10);
  }, 60_000);

  it('a stream further behind than memory holds reads the database until it has caught up, and misses nothing', async () => {
    const env = use();
    const a = await newAccount(env);
    const other = await newAccount(env);
    const feed = new OutboxFeed(env.ctx.database.query, 5, 4); // keeps 4 events
    const from = await currentPosition(env.ctx.database.query);
    // The feed runs ahead (another stream keeps it polling) while this account's events pile up with others'.
    const runner = follow(feed, other, from, 12);
    for (let i = 0; i < 6; i++) {
      await write(env, a, [i + 1]);
      await write(env, other, [100 + 2 * i, 101 + 2 * i]);
    }
    await runner;
    // Memory holds only the newest 4 events now: this stream, still at `from`, is behind them.
    const got = await follow(feed, a, from, 6);
    expect(seqsOf(got)).toEqual([1, 2, 3, 4, 5, 6]);
  }, 60_000);

  it('a quiet watched account does not hold the feed back: an account joining later is not read from before its stream\'s position', async () => {
    const env = use();
    const [quiet, busy] = [await newAccount(env), await newAccount(env)];
    const polled = polledRows(env, busy);
    const feed = new OutboxFeed(polled.q, 5);
    // The quiet account is watched (covered from the feed's first poll) and writes nothing.
    let quietAt = await currentPosition(env.ctx.database.query);
    const keepQuiet = async () => {
      quietAt = (await feed.read(quiet, quietAt)).upTo;
      await feed.next();
    };
    await keepQuiet();
    await keepQuiet();
    // Another account writes 30 events nobody watches; the feed polls until the horizon is past them.
    await write(env, busy, Array.from({ length: 30 }, (_, i) => i + 1));
    const deadline = Date.now() + 20_000;
    while ((await readAccountEvents(env.ctx.database.query, busy, { txId: 0, eventId: 0 }, 1000)).length < 30) {
      if (Date.now() > deadline) throw new Error('the horizon did not pass the events written');
      await keepQuiet();
    }
    await keepQuiet();
    // Its stream opens now, after those events: the feed's polls need none of them.
    const from = await currentPosition(env.ctx.database.query);
    const runner = follow(feed, busy, from, 2);
    await write(env, busy, [31, 32]);
    expect(seqsOf(await runner)).toEqual([31, 32]);
    expect(polled.rows()).toBeLessThanOrEqual(2);
  }, 60_000);

  it('after a time with no stream waiting, the feed does not read the backlog of the accounts it watched before', async () => {
    const env = use();
    const a = await newAccount(env);
    const polled = polledRows(env, a);
    const feed = new OutboxFeed(polled.q, 5);
    // A stream of the account, then none for a while (the feed does not poll: nobody waits) while the account writes 30 events.
    let at = await currentPosition(env.ctx.database.query);
    for (let i = 0; i < 2; i++) {
      at = (await feed.read(a, at)).upTo;
      await feed.next();
    }
    await write(env, a, Array.from({ length: 30 }, (_, i) => i + 1));
    const deadline = Date.now() + 20_000;
    while ((await readAccountEvents(env.ctx.database.query, a, at, 1000)).length < 30) {
      if (Date.now() > deadline) throw new Error('the horizon did not pass the events written');
      await currentPosition(env.ctx.database.query);
    }
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + FEED_FORGET_MS + 1000);
      // A new stream opens after those events: the feed's polls need none of them.
      const from = await currentPosition(env.ctx.database.query);
      const runner = follow(feed, a, from, 2);
      await write(env, a, [31, 32]);
      expect(seqsOf(await runner)).toEqual([31, 32]);
      expect(polled.rows()).toBeLessThanOrEqual(2);
    } finally {
      vi.useRealTimers();
    }
  }, 60_000);

  it('a poll that fails once does not end the streams waiting on it: the next poll serves them; failures in a row do', async () => {
    const env = use();
    const a = await newAccount(env);
    let failNext = 0;
    const q: typeof env.ctx.database.query = async (text, params) => {
      if (failNext > 0 && /any\(\$1::uuid\[\]\)/.test(text)) {
        failNext--;
        throw new Error('connection reset (test)');
      }
      return env.ctx.database.query(text, params);
    };
    const feed = new OutboxFeed(q, 5);
    const from = await currentPosition(env.ctx.database.query);
    await feed.read(a, from); // the account is watched from now on
    await write(env, a, [1, 2]);
    // One failed read of the watched accounts: the stream waits on and gets its events from the next poll.
    failNext = 1;
    const got = await follow(feed, a, from, 2);
    expect(seqsOf(got)).toEqual([1, 2]);
    expect(failNext).toBe(0);
    // The database down for good (every poll fails): the waiting stream ends with the error, not waiting forever.
    failNext = 1_000;
    await write(env, a, [3]);
    await expect(follow(feed, a, positionOfLast(got), 1)).rejects.toThrow(/connection reset/);
  });

  it('many open inbox streams of a process share one outbox reader', async () => {
    const env = use();
    if (env.ctx.database.kind !== 'postgres') return; // the statements are counted on PostgreSQL's client
    const s = await signUp(env.app);
    if (!env.app.server.listening) await env.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (env.app.server.address() as { port: number }).port;
    const cookie = Object.entries(s.client.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    const open = () => new Promise<http.ClientRequest>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/v1/conversations/stream', headers: { cookie } });
      req.on('error', reject).on('response', (res) => {
        expect(res.statusCode).toBe(200);
        res.resume();
        resolve(req);
      });
    });
    const streams = await Promise.all(Array.from({ length: 8 }, open));
    const feed = feedOf(env.ctx.database);
    let outboxReads = 0;
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text ?? '';
      if (/\bfrom outbox\b/.test(text)) outboxReads++;
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    try {
      // Eight polls of the feed: eight streams reading for themselves would read the outbox 64 times.
      const polls = feed.polls;
      const deadline = Date.now() + 30_000;
      while (feed.polls < polls + 8 && Date.now() < deadline) await feed.next();
      const seen = feed.polls - polls;
      expect(seen).toBeGreaterThanOrEqual(8);
      expect(outboxReads).toBeLessThanOrEqual(seen + 2);
    } finally {
      pg.Client.prototype.query = query;
      for (const r of streams) r.destroy();
    }
  }, 60_000);
});
