/**
 * The carrier ids of the parts of messages this connection is still sending: a resend of the same
 * reference after a definite refusal of some parts (throttled, queue full) sends only the parts the
 * SMSC has not accepted. Receipts are not matched here: the connection reports each part's receipt
 * by its id, and the platform matches it to the message through its persistent part map (shared by
 * every worker, kept across restarts); see src/modules/messaging/carrier-parts.ts.
 */
import { canonicalId } from './codec.js';

export interface Tracked {
  reference: string;
  ref8: number;
  total: number;
  /** Carrier id of each part, as its submit_sm_resp gave it. */
  ids: Array<string | undefined>;
}

export class PartTracker {
  private readonly byReference = new Map<string, Tracked>();
  constructor(private readonly maxTracked: number) {}

  /** The tracking entry of a message: a resend with the same reference reuses it (parts already accepted are not sent again). */
  open(reference: string, total: number, nextRef: () => number): Tracked {
    const t = this.byReference.get(reference);
    if (t && t.total === total) return t;
    const fresh: Tracked = { reference, ref8: nextRef(), total, ids: new Array(total) };
    this.byReference.set(reference, fresh);
    while (this.byReference.size > this.maxTracked) this.byReference.delete(this.byReference.keys().next().value!);
    return fresh;
  }

  /** The message's outcome is final for the dispatcher (sent, or failed for good): nothing is resent. */
  forget(t: Tracked): void {
    if (this.byReference.get(t.reference) === t) this.byReference.delete(t.reference);
  }

  /** Records a part's carrier id. */
  accepted(t: Tracked, index: number, id: string): void {
    t.ids[index] = id;
  }

  /** The message's carrier id: the part's id, or its parts' ids in order joined by commas (canonical: as receipts name them). */
  static messageId(t: Tracked): string {
    return t.ids.map((id) => canonicalId(id ?? '')).join(',');
  }

  get trackedCount(): number { return this.byReference.size; }
}
