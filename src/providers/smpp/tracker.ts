/**
 * Which carrier ids belong to which of our messages, and when a (possibly multipart) message's receipts
 * add up to one final status. In memory this round: a restart forgets the part ids of messages sent
 * before it (their later receipts are counted as unknown). A small persistent map is the next step.
 */
import type { ReceiptStatus } from '../provider.js';
import { canonicalId, receiptErrorCode, STAT_STATUS, type ParsedReceipt } from './codec.js';

export interface Tracked {
  reference: string;
  ref8: number;
  total: number;
  /** Carrier id of each part, as its submit_sm_resp gave it. */
  ids: Array<string | undefined>;
  states: Array<{ status: ReceiptStatus; errorCode?: string } | undefined>;
  reported: boolean;
}

export interface Verdict { providerMessageId: string; status: ReceiptStatus; errorCode?: string; tracked: Tracked }

export type ApplyResult =
  | { kind: 'report'; verdict: Verdict }
  | { kind: 'pending' | 'duplicate' | 'intermediate' }
  | { kind: 'unknown' };

export class PartTracker {
  private readonly byReference = new Map<string, Tracked>();
  private readonly parts = new Map<string, { tracked: Tracked; index: number }>();
  private readonly held = new Map<string, { receipts: ParsedReceipt[]; at: number }>();
  /** Part ids of messages already reported (bounded): a late duplicate receipt is recognised, not held as unknown. */
  private readonly finished = new Set<string>();
  constructor(private readonly maxTracked: number, private readonly maxFinished = 200_000) {}

  /** The tracking entry of a message: a resend with the same reference reuses it (parts already accepted are not sent again). */
  open(reference: string, total: number, nextRef: () => number): Tracked {
    const t = this.byReference.get(reference);
    if (t && t.total === total) return t;
    if (t) this.forget(t);
    const fresh: Tracked = { reference, ref8: nextRef(), total, ids: new Array(total), states: new Array(total), reported: false };
    this.byReference.set(reference, fresh);
    while (this.byReference.size > this.maxTracked) this.forget(this.byReference.values().next().value!);
    return fresh;
  }

  forget(t: Tracked): void {
    this.byReference.delete(t.reference);
    for (const id of t.ids) if (id !== undefined) this.parts.delete(canonicalId(id));
  }

  /** Records a part's carrier id; returns the receipts that were waiting for it (arrived before the submit_sm_resp). */
  accepted(t: Tracked, index: number, id: string): ParsedReceipt[] {
    t.ids[index] = id;
    const key = canonicalId(id);
    this.parts.set(key, { tracked: t, index });
    const h = this.held.get(key);
    if (!h) return [];
    this.held.delete(key);
    return h.receipts;
  }

  /** Applies a receipt; an id we do not know yet is held (its submit_sm_resp may still be on its way). */
  apply(receipt: ParsedReceipt, now = Date.now()): ApplyResult {
    const found = this.lookup(receipt.id);
    if (!found && this.finished.has(this.receiptKey(receipt.id))) return STAT_STATUS[receipt.stat] === 'sent' ? { kind: 'intermediate' } : { kind: 'duplicate' };
    if (!found) {
      const key = this.receiptKey(receipt.id);
      const h = this.held.get(key);
      if (h) h.receipts.push(receipt); // a duplicate of an early receipt
      else this.held.set(key, { receipts: [receipt], at: now });
      return { kind: 'unknown' };
    }
    return this.applyTo(found.tracked, found.index, receipt);
  }

  applyTo(t: Tracked, index: number, receipt: ParsedReceipt): ApplyResult {
    const status = STAT_STATUS[receipt.stat];
    if (status === 'sent') return { kind: 'intermediate' };
    if (t.reported) return { kind: 'duplicate' };
    const seen = t.states[index] !== undefined;
    t.states[index] = { status, errorCode: receiptErrorCode(receipt) };
    const failed = t.states.find((s) => s && s.status !== 'delivered');
    const allDelivered = t.states.filter((s) => s?.status === 'delivered').length === t.total;
    if (!failed && !allDelivered) return { kind: seen ? 'duplicate' : 'pending' };
    t.reported = true;
    const final = failed ?? { status: 'delivered' as const };
    return { kind: 'report', verdict: { providerMessageId: t.ids[0] ?? '', status: final.status, errorCode: final.errorCode, tracked: t } };
  }

  /** The sink took the final status: keep only the part ids (to recognise duplicates), drop the rest. */
  done(t: Tracked): void {
    this.forget(t);
    for (const id of t.ids) if (id !== undefined) this.finished.add(canonicalId(id));
    const excess = this.finished.size - this.maxFinished;
    if (excess > 0) {
      let n = 0;
      for (const k of this.finished) { if (n++ >= excess) break; this.finished.delete(k); }
    }
  }

  /** The sink refused a report: let a redelivered receipt report it again. */
  unreport(t: Tracked): void {
    t.reported = false;
  }

  /** Drops held receipts older than `maxAgeMs`; returns how many (counted as unknown receipt ids). */
  expireHeld(maxAgeMs: number, now = Date.now()): number {
    let n = 0;
    for (const [k, h] of this.held) if (now - h.at >= maxAgeMs) { this.held.delete(k); n++; }
    return n;
  }

  get heldCount(): number { return this.held.size; }
  get trackedCount(): number { return this.byReference.size; }

  private receiptKey(id: string): string {
    return canonicalId(id);
  }

  private lookup(id: string) {
    return this.parts.get(this.receiptKey(id));
  }
}
