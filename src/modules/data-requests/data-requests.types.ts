import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import type { Actor, RequestMeta } from '../audit/audit.service.js';

/** One of the account's sending numbers. */
export interface SenderRef { id: string; phoneNumber: string }

/**
 * What the data-requests module needs from modules that depend on it (the privacy module's
 * erasure calls this module's erase hook) or that it must not reach directly (messaging's
 * queue): the composition root (src/data-request-ports.ts) hands the implementation in.
 */
export interface DataRequestPorts {
  /** The account's first live sending number, or null when it has none. */
  sender(db: Db, accountId: string): Promise<SenderRef | null>;
  /**
   * Queues a one-off text to the person in the caller's transaction (once per key), kept out of
   * every conversation. It answers the person's own request (a code they asked for, the answer
   * to their request), so like a HELP reply it goes out even to a number that texted STOP.
   */
  queueText(ctx: Ctx, tx: Db, t: { accountId: string; numberId: string; contactId: string | null; to: string; body: string; key: string }): Promise<void>;
  /**
   * The complete erasure of the person behind this number (every table and file), keeping only
   * the suppression as a keyed hash. Runs in its own transaction(s).
   */
  eraseByPhone(ctx: Ctx, accountId: string, e164: string, actor: Actor, meta: RequestMeta): Promise<void>;
  /**
   * Takes, in the caller's transaction, the locks an erasure of the account's people takes first
   * (in the same order). A completion takes them before it locks its request: an erasure of the
   * same person at the same moment (contact deleted, retention, another request) holds them before
   * it reaches the person's requests — one waits for the other, never a deadlock.
   */
  lockForErasure(tx: Db, accountId: string): Promise<void>;
}

/**
 * What replaces a text staff wrote on a request (an extension or denial reason, the reason given
 * on a step, the answer) once the person is erased: staff may have quoted them in it. The proof
 * that the request was handled (type, decision, dates, answer channels, the trail's steps, who
 * took them and when, the number's keyed hash) stays.
 */
export const ERASED_TEXT = '[erased with the person\'s data]';

/** The reason of the step when staff log a request as already verified (a fixed text, kept after an erasure). */
export const STAFF_VERIFIED_REASON = 'identity verified by staff';

/** The subject of the answer mailed to the person (their erasure finds that mail by it and the address). */
export const ANSWER_SUBJECT = 'Your privacy request';
