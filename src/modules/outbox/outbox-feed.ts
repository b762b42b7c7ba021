import type { RawQuery } from '../../db/client.js';
import * as repo from './outbox.repo.js';

type Position = repo.Position;
type OutboxEvent = repo.OutboxEvent;

/** How often a process's feed reads the outbox while any stream waits on it. */
export const FEED_POLL_MS = 250;
/** Events the feed keeps in memory (the newest): a stream further behind reads the database itself. */
export const FEED_KEEP = 20_000;
/** The most events one read hands a stream (it asks again at once for the rest). */
export const FEED_READ_LIMIT = 500;

const after = (a: Position, b: Position) => a.txId > b.txId || (a.txId === b.txId && a.eventId > b.eventId);
const positionOf = (e: OutboxEvent): Position => ({ txId: e.txId, eventId: e.id });

/** What a stream reads: its account's next events, and the position through which it has now seen all of them. */
export interface FeedRead { events: OutboxEvent[]; upTo: Position }

/**
 * One reader of the outbox per process for every live stream (the inbox's, a conversation's, a
 * partner's queue): it reads the events of all accounts below the horizon of running transactions
 * (the order consumers read in: none skipped, none twice) every FEED_POLL_MS while a stream waits,
 * and keeps the newest FEED_KEEP in memory. A stream's read is then a scan of that memory, not a
 * query — before, each open stream queried the outbox four times a second, so a hundred agents
 * online cost 400 queries a second. A stream whose position is older than what the feed holds (a
 * resume from an old Last-Event-ID, a stream that started before the feed) reads the database
 * itself until it has caught up.
 */
export class OutboxFeed {
  private events: OutboxEvent[] = [];
  /** Everything after `oldest` up to `tail` is in `events`. */
  private oldest: Position | null = null;
  private tail: Position | null = null;
  private waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private timer: NodeJS.Timeout | null = null;
  private polling = false;
  /** Reads of the outbox the feed made (tests count them). */
  polls = 0;

  constructor(private readonly q: RawQuery, private readonly pollMs = FEED_POLL_MS, private readonly keep = FEED_KEEP) {}

  /** The account's events after `from` (at most FEED_READ_LIMIT), and how far the reader has seen. */
  async read(accountId: string, from: Position): Promise<FeedRead> {
    if (this.tail === null || this.oldest === null) await this.start();
    if (after(this.oldest!, from)) {
      // Older than what memory holds: from the database (all of the account's events below the horizon when fewer than the limit came).
      const events = await repo.readAccountAfter(this.q, accountId, from, FEED_READ_LIMIT);
      if (events.length === FEED_READ_LIMIT) return { events, upTo: positionOf(events[events.length - 1]) };
      const h = await repo.horizon(this.q);
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
      for (;;) {
        const batch = await repo.readAfter(this.q, this.tail!, 1000);
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
        if (batch.length < 1000) break;
      }
      for (const w of waiters) w.resolve();
    } catch (err) {
      for (const w of waiters) w.reject(err);
    } finally {
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
