import type { Ctx } from '../../context.js';
import type { Receipt } from '../../providers/provider.js';
import type { StatusChange } from './status.service.js';
import { advance, type MessageStatus } from './status.js';

/**
 * Receipts that outrun their message's recording. A carrier may report a message delivered before
 * the dispatcher's transaction that marks it sent has committed (the test SMSC sends the receipt
 * right after the submit_sm_resp, a fast carrier its callback right after the 201). Applied at once,
 * such a receipt finds its message still queued: it is parked (early_receipts), and the recording
 * transaction takes it back and writes a second status change — two extra row writes, three extra
 * statements and a second update of the message, for every message.
 *
 * Instead, in this process, a connection's receipts are queued: they wait for the dispatcher turns that were handing
 * batches to that connection when they arrived (only those: a turn that starts later cannot hold
 * their messages), and then apply together, in one transaction, finding their messages sent. The
 * carrier gets its answer (deliver_sm_resp, the webhook's response) only once that transaction has
 * committed, so nothing is acknowledged before it is stored. A receipt whose message is not from one
 * of those turns (another worker's, an unknown id) is handled exactly as before (parked, matched
 * later). A turn whose recording fails releases its waiters too.
 *
 * Better still, the recording itself takes the waiting receipts of the messages it marks sent
 * (`takeWaiting`) and writes both changes at once (status.service's `then`): one update of the row,
 * both history events. Their carrier still gets its answer only after the queue's next apply, which
 * comes after this turn has ended (the recording committed, or failed and gave them back).
 */
/**
 * How long receipts wait for the recordings in flight before they are applied anyway (and parked
 * if their message is not sent yet, matched by the dispatcher's sweep) — for a session connection,
 * how long without any answer from its carrier (RECEIPT_WAIT_PROGRESS_MAX_MS). The wait must be bounded:
 * an SMSC may hold its submit_sm_resp until its early deliver_sm is answered, and the recording
 * waits for that submit_sm_resp — unbounded, both would wait until the response timeout and a
 * delivered message would end outcome_unknown.
 */
export const RECEIPT_WAIT_MAX_MS = 200;

/**
 * Receipts wait for the turns in flight on their connection while those can end without them:
 * receipts whose submissions the carrier had already answered (`holdable`), turns whose carrier
 * calls are over (only recording), and, on a connection that reports when its
 * carrier last answered a submission (SMPP sessions, `lastAnswerAt`), turns still submitting while
 * answers keep coming — until RECEIPT_WAIT_MAX_MS passed without one (the carrier may be holding
 * its answers for these receipts) — but never longer than this in all. A batch of thousands takes longer than
 * RECEIPT_WAIT_MAX_MS to submit on a busy machine; with a fixed bound its early receipts were
 * parked and applied a second time (a second row update, an early_receipts row written and deleted).
 */
export const RECEIPT_WAIT_PROGRESS_MAX_MS = 10_000;

const answersOf = new WeakMap<Ctx, Map<string, () => number>>();

/** Registers how to ask a connection when its carrier last answered a submission (see RECEIPT_WAIT_PROGRESS_MAX_MS). */
export function watchAnswers(ctx: Ctx, connectionId: string, lastAnswerAt: () => number): void {
  mapOf(answersOf, ctx).set(connectionId, lastAnswerAt);
}

/** Resolves when the turns have ended, or when receipts should not wait for them any longer. */
function turnsOrBound(ctx: Ctx, connectionId: string, turns: Set<Promise<void>>, holdable: () => boolean = () => false): Promise<void> {
  const lastAnswerAt = answersOf.get(ctx)?.get(connectionId);
  const started = Date.now();
  return new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve();
    };
    void Promise.all(turns).then(finish);
    const check = () => {
      const now = Date.now();
      if (now - started >= RECEIPT_WAIT_PROGRESS_MAX_MS) return finish();
      // Turns whose carrier calls are over are only recording, and receipts whose submissions the carrier had answered
      // hold nothing up there: nothing at the carrier waits for these receipts' answers.
      if (holdable() || [...turns].every((t) => submittedTurns.has(t))) {
        timer = setTimeout(check, RECEIPT_WAIT_MAX_MS);
        return;
      }
      const quietFor = now - Math.max(started, lastAnswerAt?.() ?? 0);
      if (!lastAnswerAt || quietFor >= RECEIPT_WAIT_MAX_MS) return finish();
      timer = setTimeout(check, RECEIPT_WAIT_MAX_MS - quietFor);
    };
    timer = setTimeout(check, RECEIPT_WAIT_MAX_MS);
  });
}

type Turns = Map<string, Set<Promise<void>>>;
const turnsOf = new WeakMap<Ctx, Turns>();
/** Turns (their `ended`) whose carrier calls are over: only their recording is left. */
const submittedTurns = new WeakSet<Promise<void>>();

/** A batch being handed to a connection, until its recording has ended (`end`); `submitted` once its carrier calls are over. */
export interface RecordingTurn { readonly connectionId: string; readonly ended: Promise<void>; submitted(): void; end(): void }

interface Waiting<T> {
  items: T[]; apply: (all: T[]) => Promise<number>; resolve: (n: number) => void; reject: (e: unknown) => void;
  /** Nothing at the carrier waits for their answer (it had answered their submissions): they may wait as long as the turns take. */
  holdable: boolean;
}
interface Queue {
  waiting: Array<Waiting<any>>;
  /** The batch waiting for the turns of its snapshot (none while it is being applied). */
  current: { batch: Array<Waiting<any>>; turns: Set<Promise<void>> } | null;
  running: boolean;
  /** Whether its receipts wait for the connection's turns (else they are only applied together). */
  waits: boolean;
}
const queuesOf = new WeakMap<Ctx, Map<string, Queue>>();

function mapOf<V>(m: WeakMap<Ctx, Map<string, V>>, ctx: Ctx): Map<string, V> {
  let v = m.get(ctx);
  if (!v) m.set(ctx, (v = new Map()));
  return v;
}

/**
 * Marks a batch being handed to a connection until its recording has ended; call `end()` when it
 * has (committed or failed).
 */
export function recordingTurn(ctx: Ctx, connectionId: string): RecordingTurn {
  const turns = mapOf(turnsOf, ctx);
  let open = turns.get(connectionId);
  if (!open) turns.set(connectionId, (open = new Set()));
  const set = open;
  let release!: () => void;
  const ended = new Promise<void>((r) => (release = r));
  set.add(ended);
  return {
    connectionId,
    ended,
    submitted: () => void submittedTurns.add(ended),
    end: () => {
      set.delete(ended);
      if (!set.size && turns.get(connectionId) === set) turns.delete(connectionId);
      release();
    },
  };
}

/**
 * For the recording of a turn's batch: takes the receipts waiting on its connection that `match`
 * picks, out of the queue, for that recording's transaction. Only receipts that wait for this turn
 * are taken (they cannot be applied, nor their carrier answered, before it ends). Call `restore`
 * when the transaction failed: they go back and are applied after the turn like the others.
 */
export function takeWaiting<T>(ctx: Ctx, turn: RecordingTurn, match: (item: T) => boolean): { items: T[]; restore: (which?: (item: T) => boolean) => void } {
  const q = queuesOf.get(ctx)?.get(turn.connectionId);
  if (!q) return { items: [], restore: () => undefined };
  const entries: Array<Waiting<T>> = [...q.waiting, ...(q.current?.turns.has(turn.ended) ? q.current.batch : [])];
  const taken: Array<{ entry: Waiting<T>; items: T[] }> = [];
  for (const entry of entries) {
    // One pass: what this recording takes, and what stays.
    let mine: T[] | null = null;
    let rest: T[] | null = null;
    for (const item of entry.items) {
      if (match(item)) (mine ??= []).push(item);
      else (rest ??= []).push(item);
    }
    if (!mine) continue;
    entry.items = rest ?? [];
    taken.push({ entry, items: mine });
  }
  return {
    items: taken.flatMap((t) => t.items),
    restore: (which = () => true) => { for (const t of taken) t.entry.items.push(...t.items.filter(which)); },
  };
}

/**
 * The change that receipts taken by a recording add after `sent` (forward moves only, in the order
 * they came; a late or repeated one adds nothing), or undefined.
 */
export function afterSent(receipts: Receipt[] | undefined): StatusChange['then'] {
  if (!receipts?.length) return undefined;
  let status: MessageStatus = 'sent';
  let errorCode: string | null = null;
  for (const r of receipts) {
    const next = advance(status, r.status);
    if (next === status) continue;
    status = next;
    errorCode = r.errorCode ?? null;
  }
  return status === 'sent' ? undefined : { to: status, errorCode, source: 'carrier' };
}

/**
 * Applies a connection's receipts once the turns recording batches to it when they arrived have
 * ended; receipts that wait together are applied in one call. Resolves with the callers' share of
 * what `apply` returns (a count: all of it goes to the first caller of a call), or rejects when
 * `apply` throws (the carrier is refused and reports again).
 */
export function afterRecording<T>(ctx: Ctx, connectionId: string, items: T[], apply: (all: T[]) => Promise<number>, opts: { waitForTurns?: boolean; holdable?: boolean } = {}): Promise<number> {
  const waits = opts.waitForTurns ?? true;
  const key = waits ? connectionId : `${connectionId}|at-once`;
  const queues = mapOf(queuesOf, ctx);
  const q = queues.get(key);
  return new Promise<number>((resolve, reject) => {
    const queue: Queue = q ?? { waiting: [], current: null, running: false, waits };
    if (!q) queues.set(key, queue);
    queue.waiting.push({ items, apply, resolve, reject, holdable: opts.holdable ?? false });
    if (!queue.running) void drain(ctx, connectionId, key, queue);
  });
}

async function drain(ctx: Ctx, connectionId: string, key: string, q: Queue) {
  q.running = true;
  // Receipts that come in the same turn of the event loop (concurrent webhook requests, a burst of
  // deliver_sm) and while an apply runs are applied together: one transaction for all of them.
  await new Promise((r) => setImmediate(r));
  while (q.waiting.length) {
    // Everything queued so far arrived before this snapshot of the connection's turns.
    const turns = new Set(q.waits ? turnsOf.get(ctx)?.get(connectionId) ?? [] : []);
    const batch = q.waiting.splice(0);
    q.current = { batch, turns };
    if (turns.size) await turnsOrBound(ctx, connectionId, turns, () => batch.every((w) => w.holdable || !w.items.length));
    q.current = null;
    try {
      const items = batch.flatMap((w) => w.items);
      const n = items.length ? await batch[0].apply(items) : 0;
      batch.forEach((w, i) => w.resolve(i === 0 ? n : 0));
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }
  q.running = false;
  if (mapOf(queuesOf, ctx).get(key) === q) mapOf(queuesOf, ctx).delete(key);
}
