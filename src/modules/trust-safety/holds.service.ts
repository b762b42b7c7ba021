import type { Db } from '../../db/client.js';
import { newUuid } from '../../lib/ids.js';
import * as repo from './holds.repo.js';

export type { HoldKind, HoldRow } from './holds.repo.js';

export const HOLD_KINDS = ['enforcement', 'credits'] as const;

/**
 * Sending holds. While an account has an active hold, the dispatcher claims none of its queued
 * messages but its keyword replies (STOP/HELP confirmations, sent even to a suppressed number; none
 * of a terminated account's), and gives back the rest of a batch it claimed just before the hold
 * (re-checked at hand-over under the hold lock, like STOP): nothing else is sent while held, nothing
 * is dropped. New sends are still accepted and wait queued. Lifting the last hold makes them due
 * again at once; each is sent once.
 *
 * Call inside the caller's transaction (`tx`): the hold is in force when it commits. One active hold
 * per account and kind: placing one that exists keeps the existing one (`placed: false`).
 */
export function placeHold(tx: Db, input: { accountId: string; kind: repo.HoldKind; reason: string; placedBy?: string | null }) {
  return repo.placeHold(tx, input.accountId, newUuid(), input.kind, input.reason, input.placedBy ?? null);
}

/** Lifts the account's active hold of this kind (null: there was none). Holds of other kinds stay. */
export function liftHold(tx: Db, input: { accountId: string; kind: repo.HoldKind; liftedBy?: string | null }) {
  return repo.liftHold(tx, input.accountId, input.kind, input.liftedBy ?? null);
}

/** The account's active holds (empty: it sends). */
export function activeHolds(db: Db, accountId: string) {
  return repo.activeHolds(db, accountId);
}

export function holdHistory(db: Db, accountId: string, limit?: number) {
  return repo.holdHistory(db, accountId, limit);
}
