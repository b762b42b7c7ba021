/** Inbound helpers: reassembly of concatenated texts, and coalescing of sink calls (one call per event-loop turn). */

/** Joins the parts of concatenated inbound texts by (from, to, reference, total); parts may arrive in any order. */
export class InboundAssembler {
  private readonly open = new Map<string, { parts: Array<string | undefined>; got: number; at: number }>();
  constructor(private readonly maxAgeMs: number) {}

  /** The whole text once complete (or at once for a single text); null while parts are missing. */
  add(from: string, to: string, concat: { ref: number; total: number; seq: number } | null, text: string): string | null {
    if (!concat || concat.total <= 1) return text;
    if (concat.seq < 1 || concat.seq > concat.total) return text; // a header that makes no sense: take the part as it is
    const key = `${from}\u0000${to}\u0000${concat.ref}\u0000${concat.total}`;
    let entry = this.open.get(key);
    if (!entry) this.open.set(key, (entry = { parts: new Array(concat.total), got: 0, at: Date.now() }));
    if (entry.parts[concat.seq - 1] === undefined) entry.got++;
    entry.parts[concat.seq - 1] = text;
    if (entry.got < concat.total) return null;
    this.open.delete(key);
    return entry.parts.join('');
  }

  /** Drops incomplete texts older than the limit; returns how many. */
  expire(now = Date.now()): number {
    let n = 0;
    for (const [k, e] of this.open) if (now - e.at >= this.maxAgeMs) { this.open.delete(k); n++; }
    return n;
  }
}

/** Collects items pushed in one turn of the event loop and hands them over in one call. */
export class Coalescer<T> {
  private queue: Array<{ item: T; resolve: () => void; reject: (e: unknown) => void }> = [];
  constructor(private readonly flushFn: (items: T[]) => Promise<void>, private readonly max = 500) {}

  push(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.queue.length === 1) setImmediate(() => this.flush());
      else if (this.queue.length >= this.max) this.flush();
    });
  }

  private flush() {
    const q = this.queue;
    if (q.length === 0) return;
    this.queue = [];
    let p: Promise<void>;
    try { p = this.flushFn(q.map((x) => x.item)); } catch (e) { p = Promise.reject(e); }
    p.then(() => { for (const x of q) x.resolve(); }, (e) => { for (const x of q) x.reject(e); });
  }
}
