import { AppError } from '../../lib/errors.js';

/**
 * Message status machine.
 *
 * Outbound: accepted → scheduled → queued → sending → sent → delivered | undelivered | failed,
 * with canceled reachable before the message is handed to the carrier. Inbound messages are
 * `received`. Transitions only move forward, so a late or duplicate carrier receipt never moves a
 * message back; every final status is terminal.
 *
 * What each state is: `scheduled` waits for its time, `queued` waits for (or is held by) a
 * dispatcher — a claim is a lease on a queued message (`claimed_until`), not a status, and a
 * transient carrier refusal leaves it queued for a later attempt; `sending` means handed to a
 * carrier that has not answered yet (carriers that acknowledge a submission later, e.g. SMPP
 * windows; the simulator answers in the same call, so its messages go from queued to sent);
 * `sent` means the carrier accepted it.
 */

export const OUTBOUND_STATUSES = [
  'accepted', 'scheduled', 'queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'canceled',
] as const;
export type OutboundStatus = (typeof OUTBOUND_STATUSES)[number];
export type MessageStatus = OutboundStatus | 'received';

export const MESSAGE_STATUSES: readonly MessageStatus[] = [...OUTBOUND_STATUSES, 'received'];

export const FINAL_STATUSES: ReadonlySet<MessageStatus> = new Set<MessageStatus>([
  'delivered', 'undelivered', 'failed', 'canceled', 'received',
]);

/** Position of the in-flight (non-final) outbound statuses; forward moves go to a higher rank. */
const PROGRESS_RANK: Partial<Record<MessageStatus, number>> = {
  accepted: 0, scheduled: 1, queued: 2, sending: 3, sent: 4,
};

/** For each final status, the statuses it may be entered from. */
const FINAL_FROM: Partial<Record<MessageStatus, ReadonlySet<MessageStatus>>> = {
  // Once handed to the carrier ('sending') a message can no longer be canceled.
  canceled: new Set<MessageStatus>(['accepted', 'scheduled', 'queued']),
  // The provider may refuse at submit, or report a failure after accepting.
  failed: new Set<MessageStatus>(['scheduled', 'queued', 'sending', 'sent']),
  // A receipt may arrive before our own 'sent' write lands.
  delivered: new Set<MessageStatus>(['sending', 'sent']),
  undelivered: new Set<MessageStatus>(['sending', 'sent']),
  // Inbound only: nothing transitions into 'received'.
  received: new Set<MessageStatus>(),
};

export function isFinalStatus(status: MessageStatus): boolean {
  return FINAL_STATUSES.has(status);
}

/** Whether a message in `from` may move to `to`. Staying in the same status is not a transition. */
export function canTransition(from: MessageStatus, to: MessageStatus): boolean {
  if (from === to || FINAL_STATUSES.has(from)) return false;
  const allowedFrom = FINAL_FROM[to];
  if (allowedFrom) return allowedFrom.has(from);
  const fromRank = PROGRESS_RANK[from];
  const toRank = PROGRESS_RANK[to];
  return fromRank !== undefined && toRank !== undefined && toRank > fromRank;
}

/**
 * The status to keep when a (possibly late or duplicate) update `to` arrives for a message in
 * `from`: `to` when it moves forward, else `from`.
 */
export function advance(from: MessageStatus, to: MessageStatus): MessageStatus {
  return canTransition(from, to) ? to : from;
}

/** The statuses a message may be created in, by direction. */
export const INITIAL_STATUSES: Readonly<Record<'outbound' | 'inbound', ReadonlySet<MessageStatus>>> = {
  outbound: new Set<MessageStatus>(['accepted', 'scheduled', 'queued']),
  inbound: new Set<MessageStatus>(['received']),
};

export const isMessageStatus = (s: string): s is MessageStatus => (MESSAGE_STATUSES as readonly string[]).includes(s);

/** A status write the machine does not allow: a bug in the caller, or a request the state no longer permits. */
export class IllegalTransitionError extends AppError {
  constructor(from: string | null, to: string) {
    super(409, 'illegal_status_transition', `A message cannot move from ${from ?? '(new)'} to ${to}.`, { from, to });
  }
}

/** Throws unless `from → to` is in the transition table (`from` null: a new message of `direction`). */
export function assertTransition(from: string | null, to: string, direction: 'outbound' | 'inbound' = 'outbound'): void {
  const ok = from === null
    ? isMessageStatus(to) && INITIAL_STATUSES[direction].has(to)
    : isMessageStatus(from) && isMessageStatus(to) && canTransition(from, to);
  if (!ok) throw new IllegalTransitionError(from, to);
}
