import type { Ctx } from '../../context.js';

/**
 * Receipts that outrun their message's recording. A carrier may report a message delivered before
 * the dispatcher's transaction that marks it sent has committed (the test SMSC sends the receipt
 * right after the submit_sm_resp, a fast carrier its callback right after the 201). Applied at once,
 * such a receipt finds its message still queued: it is parked (early_receipts), and the recording
 * transaction takes it back and writes a second status change — two extra row writes, three extra
 * statements and a second update of the message, for every message.
 *
 * Instead, in this process, a connection's receipts wait for the dispatcher turns that were handing
 * batches to that connection when they arrived (only those: a turn that starts later cannot hold
 * their messages), and then apply together, in one transaction, finding their messages sent. The
 * carrier gets its answer (deliver_sm_resp, the webhook's response) only once that transaction has
 * committed, so nothing is acknowledged before it is stored. A receipt whose message is not from one
 * of those turns (another worker's, an unknown id) is handled exactly as before (parked, matched
 * later). A turn whose recording fails releases its waiters too.
 */
type Turns = Map<string, Set<Promise<void>>>;
const turnsOf = new WeakMap<Ctx, Turns>();

interface Waiting<T> { items: T[]; apply: (all: T[]) => Promise<number>; resolve: (n: number) => void; reject: (e: unknown) => void }
interface Queue { waiting: Array<Waiting<any>>; running: boolean }
const queuesOf = new WeakMap<Ctx, Map<string, Queue>>();

function mapOf<V>(m: WeakMap<Ctx, Map<string, V>>, ctx: Ctx): Map<string, V> {
  let v = m.get(ctx);
  if (!v) m.set(ctx, (v = new Map()));
  return v;
}

/**
 * Marks a batch being handed to a connection until its recording has ended; call the returned
 * function when it has (committed or failed).
 */
export function recordingTurn(ctx: Ctx, connectionId: string): () => void {
  const turns = mapOf(turnsOf, ctx);
  let open = turns.get(connectionId);
  if (!open) turns.set(connectionId, (open = new Set()));
  const set = open;
  let release!: () => void;
  const p = new Promise<void>((r) => (release = r));
  set.add(p);
  return () => {
    set.delete(p);
    if (!set.size && turns.get(connectionId) === set) turns.delete(connectionId);
    release();
  };
}

/**
 * Applies a connection's receipts once the turns recording batches to it when they arrived have
 * ended; receipts that wait together are applied in one call. Resolves with the callers' share of
 * what `apply` returns (a count: all of it goes to the first caller of a call), or rejects when
 * `apply` throws (the carrier is refused and reports again).
 */
export function afterRecording<T>(ctx: Ctx, connectionId: string, items: T[], apply: (all: T[]) => Promise<number>): Promise<number> {
  const queues = mapOf(queuesOf, ctx);
  const q = queues.get(connectionId);
  if (!q && !turnsOf.get(ctx)?.get(connectionId)?.size) return apply(items);
  return new Promise<number>((resolve, reject) => {
    const queue = q ?? { waiting: [], running: false };
    if (!q) queues.set(connectionId, queue);
    queue.waiting.push({ items, apply, resolve, reject });
    if (!queue.running) void drain(ctx, connectionId, queue);
  });
}

async function drain(ctx: Ctx, connectionId: string, q: Queue) {
  q.running = true;
  while (q.waiting.length) {
    // Everything queued so far arrived before this snapshot of the connection's turns.
    const turns = [...(turnsOf.get(ctx)?.get(connectionId) ?? [])];
    const batch = q.waiting.splice(0);
    await Promise.all(turns);
    try {
      const n = await batch[0].apply(batch.flatMap((w) => w.items));
      batch.forEach((w, i) => w.resolve(i === 0 ? n : 0));
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }
  q.running = false;
  if (mapOf(queuesOf, ctx).get(connectionId) === q) mapOf(queuesOf, ctx).delete(connectionId);
}
