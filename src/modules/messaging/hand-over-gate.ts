/**
 * Which texts of a claimed batch may go, given the account's sending holds, its status and its
 * prepaid credits as the hand-over read them under the hold lock (dispatch.repo.ts `gateAtHandOver`).
 * A pure rule; the dispatcher gives back what it does not let through (queued, the attempt not spent).
 *
 * - Terminated: nothing goes, keyword replies included.
 * - Statutory keyword replies (STOP/HELP/START confirmations: DESIGN, sent even to a suppressed number;
 *   `isStatutoryReply`) go under a hold — a suspension's 'enforcement' hold, a 'credits' hold — and with
 *   credits exhausted. Answers to custom and join keywords are held like other texts.
 * - Held: nothing else goes.
 * - Prepaid (`credits` not null): the other texts go, in claim order, while what the batch has used so
 *   far (its keyword replies first) is below the balance, each at `costOf` — so the batch uses at most
 *   the balance plus the one text that crosses zero, and the metering's debit then brings the balance
 *   to zero or below, which places the 'credits' hold (billing). With the balance at zero or below
 *   nothing but keyword replies goes, and `exhausted` asks the caller to place that hold.
 * - `reserved`: credit that other hand-overs of the account already let go texts for (not recorded
 *   yet); the batch spends only the balance less that, so batches handed over at once together use at
 *   most the balance plus one text. Reserved credit is not exhausted credit: no hold is asked for.
 */
export interface GateState {
  /** An active sending hold of any kind. */
  held: boolean;
  terminated: boolean;
  /** The prepaid balance in micro-units; null: not prepaid (no limit). */
  credits: number | null;
  /** Of the balance, what other hand-overs reserved for texts not recorded yet (0 when absent). */
  reserved?: number;
}

export interface Gated<T> { go: T[]; back: T[]; exhausted: boolean }

/** The keywords whose answers are owed whatever the account's state (CTIA: opt-out and opt-in confirmations, HELP). */
export const STATUTORY_KEYWORDS = ['opt_out', 'opt_in', 'help'] as const;

/**
 * A reply that goes under a hold: a keyword reply answering STOP/START/HELP, or one naming no
 * keyword (a privacy request's code). Custom and join keywords' answers are the business's own texts.
 */
export const isStatutoryReply = (r: { kind: string; keyword?: { kind: string } | null }) =>
  r.kind === 'keyword_reply' && (!r.keyword || (STATUTORY_KEYWORDS as readonly string[]).includes(r.keyword.kind));

export function gateBatch<T extends { kind: string; keyword?: { kind: string } | null }>(rows: readonly T[], s: GateState, costOf: (r: T) => number): Gated<T> {
  if (s.terminated) return { go: [], back: [...rows], exhausted: false };
  const go: T[] = [];
  const back: T[] = [];
  const keyword = isStatutoryReply;
  let used = 0;
  const spendable = s.credits === null ? null : s.credits - (s.reserved ?? 0);
  if (spendable !== null) for (const r of rows) if (keyword(r)) used += costOf(r);
  for (const r of rows) {
    if (keyword(r)) go.push(r);
    else if (s.held) back.push(r);
    else if (spendable === null) go.push(r);
    else if (used < spendable) {
      go.push(r);
      used += costOf(r);
    } else back.push(r);
  }
  return { go, back, exhausted: !s.held && s.credits !== null && s.credits <= 0 };
}
