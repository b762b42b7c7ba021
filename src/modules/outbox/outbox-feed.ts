import type { RawQuery } from '../../db/client.js';
import * as repo from './outbox.repo.js';

type Position = repo.Position;
type OutboxEvent = repo.OutboxEvent;

/** How often a process's feed reads the outbox while any stream waits on it. */
export const FEED_POLL_MS = 250;
/** Events the feed keeps in memory (the newest): a stream further behind reads the database itself. */
export const FEED_KEEP = 20_000;
/** An account nobody read for this long is no longer watched. */
export const FEED_FORGET_MS = 30_000;
/** The most events one read hands a stream (it asks again at once for the rest). */
export const FEED_READ_LIMIT = 500;

const after = (a: Position, b: Position) => a.txId > b.txId || (a.txId === b.txId && a.eventId > b.eventId);
const positionOf = (e: OutboxEvent): Position => ({ txId: e.txId, eventId: e.id });

/** What a stream reads: its account's next events, and the position through which it has now seen all of them. */
export interface FeedRead { events: OutboxEvent[]; upTo: Position }

/** Polls that may fail in a row before the streams waiting on the feed end with the error. */
export const FEED_FAILURES_TOLERATED = 3;

/**
 * One reader of the outbox per process for every live stream (the inbox's, a conversation's, a
 * partner's queue): every FEED_POLL_MS while a stream waits it reads the new events of the
 * accounts being watched, below the horizon of running transactions (the order consumers read
 * in: none skipped, none twice), and keeps the newest FEED_KEEP in memory. A stream's read is then
 * a scan of that memory, not a query — before, each open stream queried the outbox four times a
 * second, so a hundred agents online cost 400 queries a second.
 *
 * An account is watched from its first read on (until nobody read it for FEED_FORGET_MS); memory
 * holds its events from the poll that first included it (`covered`). A stream whose position is
 * older than that, or than what memory still holds (a resume from an old Last-Event-ID, a
 * stream of an account not watched yet), reads the database itself until it has caught up.
 */
export class OutboxFeed {
  private events: OutboxEvent[] = [];
  /** Memory holds every event after `oldest` (of the accounts covered) up to `tail`. */
  private oldest: Position | null = null;
  private tail: Position | null = null;
  /** Per watched account: memory holds all of its events after this position. */
  private covered = new Map<string, Position>();
  /** Accounts read but not covered yet: the next poll includes them. */
  private joining = new Set<string>();
  private lastRead = new Map<string, number>();
  private waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private timer: NodeJS.Timeout | null = null;
  private polling = false;
  private lastPollAt = Date.now();
  /** Polls that failed in a row. */
  private failures = 0;
  /** Reads of the outbox the feed made (tests count them). */
  polls = 0;

  constructor(private readonly q: RawQuery, private readonly pollMs = FEED_POLL_MS, private readonly keep = FEED_KEEP) {}

  /** The account's events after `from` (at most FEED_READ_LIMIT), and how far the reader has seen. */
  async read(accountId: string, from: Position): Promise<FeedRead> {
    if (this.tail === null) await this.start();
    this.lastRead.set(accountId, Date.now());
    const since = this.covered.get(accountId);
    if (!since || after(since, from) || after(this.oldest!, from)) {
      if (!since) this.joining.add(accountId);
      // Older than what memory holds: from the database. The horizon is taken first: every event below it is final, so
      // the read (whose own horizon is no lower) returns all of them when fewer than the limit came — taken after, an
      // event committed between the two statements would count as seen without having been read.
      const h = await repo.horizon(this.q);
      const events = await repo.readAccountAfter(this.q, accountId, from, FEED_READ_LIMIT);
      if (events.length === FEED_READ_LIMIT) return { events, upTo: positionOf(events[events.length - 1]) };
      const last = events.length ? positionOf(events[events.length - 1]) : from;
      return { events, upTo: after(h, last) ? h : last };
    }
    const out: OutboxEvent[] = [];
    // Binary search for the first event after `from`, then a scan (the events are in position order).
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (after(positionOf(this.events[mid]), from)) hi = mid;
      else lo = mid + 1;
    }
    for (let i = lo; i < this.events.length; i++) {
      const e = this.events[i];
      if (e.accountId !== accountId) continue;
      out.push(e);
      if (out.length === FEED_READ_LIMIT) return { events: out, upTo: positionOf(e) };
    }
    return { events: out, upTo: after(this.tail!, from) ? this.tail! : from };
  }

  /** Resolves after the feed's next read of the outbox (rejects when it failed: the database closed, say). */
  next(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.schedule();
    });
  }

  private async start() {
    const h = await repo.horizon(this.q);
    if (this.tail === null) {
      this.tail = h;
      this.oldest = h;
    }
  }

  private schedule() {
    if (this.timer || this.polling) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.poll();
    }, this.pollMs);
    this.timer.unref();
  }

  private async poll() {
    this.polling = true;
    const waiters = this.waiters;
    this.waiters = [];
    try {
      if (this.tail === null) await this.start();
      const now = Date.now();
      if (now - this.lastPollAt > FEED_FORGET_MS) {
        // No stream waited for a while (no poll since): what memory holds is stale, and reading on from its place would read
        // the watched accounts' whole backlog since — the feed starts again from the horizon, the accounts read since joining.
        for (const id of this.covered.keys()) this.joining.add(id);
        this.covered.clear();
        const h = await repo.horizon(this.q);
        if (after(h, this.tail!)) {
          this.tail = this.oldest = h;
          this.events = [];
        }
      }
      // Accounts nobody read for a while are no longer watched; those read since the last poll join.
      for (const [id, at] of this.lastRead) {
        if (now - at <= FEED_FORGET_MS) continue;
        this.lastRead.delete(id);
        this.covered.delete(id);
        this.joining.delete(id);
      }
      const joining = [...this.joining];
      const accounts = [...this.covered.keys(), ...joining];
      const startedAt = this.tail!;
      // The horizon first: every event below it is final, so a complete read (fewer than the batch) holds all of them and
      // the feed's place moves to it even when the watched accounts wrote nothing — else it stayed at their last event,
      // and an account joining later was read (its whole backlog, into memory, every stream waiting) from there.
      const h = accounts.length ? await repo.horizon(this.q) : null;
      while (accounts.length) {
        const batch = await repo.readAccountsAfter(this.q, accounts, this.tail!, 1000);
        this.polls++;
        if (batch.length) {
          this.events.push(...batch);
          this.tail = positionOf(batch[batch.length - 1]);
          if (this.events.length > this.keep) {
            const drop = this.events.length - this.keep;
            this.oldest = positionOf(this.events[drop - 1]);
            this.events = this.events.slice(drop);
          }
        }
        if (batch.length < 1000) {
          if (after(h!, this.tail!)) this.tail = h!;
          break;
        }
      }
      // Nothing read yet (no account watched): the feed's place moves with the horizon, so an account that joins later starts from there.
      if (!accounts.length) {
        const h = await repo.horizon(this.q);
        if (after(h, this.tail!)) {
          this.tail = this.oldest = h;
          this.events = [];
        }
        this.polls++;
      }
      for (const id of joining) {
        this.covered.set(id, startedAt);
        this.joining.delete(id);
      }
      this.failures = 0;
      for (const w of waiters) w.resolve();
    } catch (err) {
      // A failed read (a dropped connection, say) is tried again by the next poll, its streams still waiting; only
      // FEED_FAILURES_TOLERATED in a row (the database gone) end them — each reconnects with its Last-Event-ID.
      if (++this.failures < FEED_FAILURES_TOLERATED) this.waiters.unshift(...waiters);
      else {
        this.failures = 0;
        for (const w of waiters) w.reject(err);
      }
    } finally {
      this.lastPollAt = Date.now();
      this.polling = false;
      if (this.waiters.length) this.schedule();
    }
  }
}

const feeds = new WeakMap<object, OutboxFeed>();

/** The process's feed over a database (one per `Database`, made at first use). */
export function feedOf(database: { query: RawQuery }): OutboxFeed {
  let f = feeds.get(database);
  if (!f) feeds.set(database, (f = new OutboxFeed(database.query)));
  return f;
}
