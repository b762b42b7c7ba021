import type { Ctx } from '../../context.js';
import { withTx, type Tx } from '../../db/tx.js';
import { crashPoint } from '../../lib/crash-point.js';
import { LEASE_LOST, type CarrierKind, type CarrierMessage, type SendOptions } from '../../providers/carrier.js';
import type { Receipt, SendResult } from '../../providers/provider.js';
import { creditsAtHandOver, holdForCredits, meterSent, reserveCredits, textCosts } from '../billing/metering.service.js';
import { complianceSettingsOf } from '../compliance/compliance.service.js';
import { lockForHandOver, phoneHash } from '../consent/consent.service.js';
import { sendWindowAt } from '../consent/send-window.js';
import { nanpInfo } from '../contacts/area-codes.js';
import { carrierMediaUrls } from '../media/media.service.js';
import { ensureSessions, sendThroughConnection, stopCarrierConnections } from './carrier-connections.js';
import { healthWritten, probeDue, routeFor, type Route } from './connection-failover.js';
import { mayFailOver } from './connection-health.js';
import * as failover from './failover.repo.js';
import { dropJournal, extendJournal, forgetJournal, journalHandOver, reconcileEarlyParts, recordParts, unlistJournal, type Journaled } from './carrier-parts.js';
import { handOverJournal, journalsHandOver, leadsSession, servesHere, sessionsStale } from './carrier-sessions.js';
import * as dispatch from './dispatch.repo.js';
import { gateBatch, isStatutoryReply } from './hand-over-gate.js';
import type { Claimed } from './dispatch.repo.js';
import { receiptChanges, reconcileEarlyReceipts, takeEarlyReceipts } from './receipts.js';
import { afterSent, recordingTurn, takeWaiting } from './recording-barrier.js';
import { changeStatuses, type StatusChange } from './status.service.js';
import { cancelWaitingPage } from './numbers.service.js';

export const MAX_ATTEMPTS = 6;

/** Exponential backoff with jitter, capped at five minutes. */
export const backoffMs = (attempt: number) => Math.min(300_000, 1000 * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5);

/**
 * Claims what the sender's throughput allows now (a token bucket shared by every process) as
 * leases on queued messages. Consent is checked at hand-over (`handOver`), not here: the time
 * between a claim and its submission may be long (a busy carrier's queue, a test's pause).
 */
async function claim(ctx: Ctx, accountId: string, numberId: string): Promise<Claimed[]> {
  // Refill, lease and spend in one statement (dispatch.repo.ts claimDue).
  return dispatch.claimDue(ctx.database.query, accountId, numberId, ctx.config.dispatchBatch, ctx.config.dispatchClaimMs / 1000);
}

/**
 * STOP is final at commit. Right before a batch goes to the carrier, one short transaction takes
 * the shared opt-out locks of its recipients (one statement), re-checks suppression after they
 * were granted (one statement), settles the opted-out and records the decision time; the carrier
 * call starts only after it commits. An opt-out holds the exclusive lock from before its
 * suppression insert to its commit, so either this re-check sees the opt-out, or the opt-out
 * waits for this decision to commit (the submission started before the opt-out committed).
 *
 * DESIGN: a queued message to a number that opted out is canceled, never sent. One whose earlier
 * claim expired unrecorded may already be at the carrier: it is not resubmitted and ends `failed`
 * (outcome unknown), never claimed as "canceled".
 *
 * Campaigns (issue 9): in the same transaction, texts of a campaign paused or canceled since they
 * were claimed do not go — a paused campaign's are held with its other waiting texts (the attempt
 * not spent), a canceled one's are canceled (`campaign_canceled`). A taken-over claim may already
 * be at the carrier: of a paused campaign it goes on as a retry; of a canceled one it is not resent
 * and ends `failed` (`campaign_canceled`, outcome unknown).
 *
 * Sending holds (src/modules/trust-safety) and prepaid credits (src/modules/billing) are re-checked
 * first, under the account's shared hold lock (dispatch.repo.ts gateAtHandOver: the lock, then one
 * read of holds, termination and balance), and decided per text (hand-over-gate.ts): under a hold —
 * a suspension's, or 'credits' — or with credits exhausted, only the statutory keyword replies go
 * (STOP/START/HELP confirmations, `isStatutoryReply`); of a terminated account nothing
 * goes. A prepaid batch goes only as far as the balance covers at the account's own prices
 * (`textCosts`, as the metering will charge them) and the one text that crosses zero, less what the
 * account's other hand-overs reserved for texts not recorded yet: a prepaid account's hand-overs
 * decide one at a time (its hand-over credit lock) and reserve what they let go (`reserveCredits`),
 * so batches handed over at once overdraw by less than one text together. Postpaid: no lock, no read. The rest is given back, queued, the attempt not spent — held texts are due again
 * when the hold is lifted. An exhausted prepaid account without a hold gets its 'credits' hold once
 * the hand-over committed.
 *
 * The opt-out re-check passes over the statutory replies only (DESIGN sends STOP and HELP replies
 * even to a suppressed number): a custom keyword's answer, or a double opt-in's prompt for a Y, to a
 * person who opted out is canceled (`recipient_opted_out`) like any other text to them.
 *
 * A batch of statutory replies only, claimed with no hold in force, goes without a transaction, as
 * before holds existed (nothing to re-check for it but termination): a termination that commits
 * between such a claim and its hand-over does not stop those replies — it stops every later claim.
 */
async function handOver(ctx: Ctx, batch: Claimed[]): Promise<Claimed[]> {
  if (!batch.length) return batch;
  const statutoryOnly = batch.every(isStatutoryReply);
  if (statutoryOnly && batch[0].held === false) return ownClaims(ctx, ctx.db, batch);
  let exhausted = false;
  // Give-backs decided in the transaction: marked (forget) only once it committed — rolled back, they are still this turn's claims.
  let marks: Claimed[] = [];
  const out = await withTx(ctx.db, async (tx) => {
    marks = [];
    const mark = (rows: Claimed[]) => { marks.push(...rows); return rows; };
    if (ctx.testHooks?.inHandOver) await ctx.testHooks.inHandOver(batch);
    const claimed = await ownClaims(ctx, tx, batch);
    if (!claimed.length) return claimed;
    const accountId = claimed[0].account_id;
    const g = await dispatch.gateAtHandOver(tx, accountId);
    // Prepaid (and not held): the balance again under the account's hand-over credit lock, less what its other hand-overs reserved.
    const credits = g.held || g.terminated ? null : await creditsAtHandOver(ctx, tx, accountId, g.billing, claimed.map((c) => c.id));
    const metered = (c: Claimed) => ({ to: c.to, segments: c.segments, mms: Boolean(c.media?.length) });
    // Prepaid: each text at the account's own price (the prices are read only then).
    const cost = credits === null ? null : await textCosts(tx, accountId, claimed[0].from, claimed.map(metered));
    const gate = gateBatch(claimed, { held: g.held, terminated: g.terminated, credits: credits?.balance ?? null, reserved: credits?.reserved }, (c) => (cost ? cost(metered(c)) : 0));
    // What goes is reserved until it is recorded (or given back, deferred, its lease run out): the next hand-over spends the rest.
    if (cost) await reserveCredits(tx, accountId, gate.go.map((c) => ({ messageId: c.id, attempt: c.attempts, amountMicros: cost(metered(c)) })).filter((t) => t.amountMicros > 0));
    // One give-back path: held, terminated, or beyond the prepaid balance — queued again, the attempt not spent.
    mark(gate.back);
    await dispatch.giveBackHeld(tx, accountId, gate.back.map((c) => ({ id: c.id, attempt: c.attempts, takenOver: c.taken_over })));
    exhausted = gate.exhausted;
    if (gate.go.every(isStatutoryReply)) return gate.go;
    const rows = await deferClosedWindow(ctx, tx, await stopCampaignClaims(tx, gate.go, mark), mark);
    // Only the statutory replies (STOP/HELP confirmations) go to a suppressed number: a custom keyword's answer does not.
    const candidates = rows.filter((r) => !isStatutoryReply(r));
    if (!candidates.length) return rows;
    const hashOf = new Map(candidates.map((r) => [r.id, phoneHash(ctx, r.to)]));
    if (ctx.testHooks?.beforeOptOutLocks) await ctx.testHooks.beforeOptOutLocks(candidates);
    const { at, suppressed } = await lockForHandOver(tx, rows[0].account_id, [...new Set(hashOf.values())]);
    const out = candidates.filter((r) => suppressed.has(hashOf.get(r.id)!));
    if (out.length) {
      await changeStatuses(tx, out.map((r): StatusChange => {
        const c = Object.assign(claimOf(r), { details: { claimedAt: r.claimed_at, checkedAt: at } });
        return r.taken_over
          ? Object.assign(c, { to: 'failed' as const, errorCode: 'recipient_opted_out', errorMessage: 'The recipient opted out before a retry; an earlier submission\'s outcome is unknown, so it was not resubmitted.' })
          : Object.assign(c, { to: 'canceled' as const, errorCode: 'recipient_opted_out', errorMessage: 'The recipient opted out before the message was sent.' });
      }), 'dispatcher');
    }
    const settled = new Set(out.map((r) => r.id));
    // Marked on the claimed rows themselves: a copy through `{ ...r, handed_over_at }` gets a hidden class of its own per
    // object in this V8 (a map and descriptors per message, and megamorphic reads of every row after it).
    const handed = rows.filter((r) => !settled.has(r.id));
    for (const r of handed) r.handed_over_at = at;
    return handed;
  });
  forget(marks); // before the credits hold (after the commit): its failure does not undo the committed give-backs
  if (exhausted) await holdForCredits(ctx, batch[0].account_id);
  return out;
}

/**
 * Claims this turn gives back with their attempt (giveBackHeld, deferClaims, holdClaims, releaseClaims: attempts − 1), or
 * releases after a failed hand-over: another turn's next claim of such a message may carry the same attempt number as
 * this turn's, which is all a renewal or an outcome is guarded by. Marked before a give-back outside a transaction is
 * written; a hand-over's give-backs (inside its transaction) are marked once it committed — rolled back (it threw), they
 * are still this turn's: renewed, and released with the rest by a failed fallback hand-over (submitViaFallback). From the
 * mark on, the turn's lease renewals (keepLease) leave them alone and nothing of the turn acts on them.
 */
const givenBack = new WeakSet<Claimed>();
const forget = <T extends Claimed>(rows: T[]): T[] => {
  for (const r of rows) givenBack.add(r);
  return rows;
};

/**
 * The batch's claims that are still this turn's (dispatch.repo ownClaimsAtHandOver): one whose lease
 * ran out while the turn stalled may have been taken over and sent by another worker — handing it over
 * again would send it twice through a carrier without idempotency key. Such a message is left alone.
 */
async function ownClaims(ctx: Ctx, db: Tx | Ctx['db'], batch: Claimed[]): Promise<Claimed[]> {
  const own = await dispatch.ownClaimsAtHandOver(db, batch[0].account_id, batch.map((c) => ({ id: c.id, attempt: c.attempts })), ctx.config.dispatchClaimMs / 1000);
  return own.size === batch.length ? batch : batch.filter((c) => own.has(c.id));
}

/**
 * Quiet hours hold at hand-over too (DESIGN: a marketing text outside its window is deferred, never
 * sent, never dropped): one whose window closed since it was timed — a campaign's rate cap or the
 * number's throughput pushed it on, a retry's back-off — is given back, due at the window's next
 * opening in the recipient's zone (the account's own hours included), the attempt not spent. A
 * taken-over claim may already be at the carrier: it goes on.
 */
async function deferClosedWindow(ctx: Ctx, tx: Tx, rows: Claimed[], mark: (rows: Claimed[]) => Claimed[]): Promise<Claimed[]> {
  const marketing = rows.filter((r) => r.kind === 'marketing' && !r.taken_over);
  if (!marketing.length) return rows;
  const accountId = rows[0].account_id;
  const zones = await dispatch.recipientZones(tx, accountId, marketing.map((r) => r.id));
  const hours = (await complianceSettingsOf(tx, accountId)).sendHours;
  const now = ctx.now();
  // One answer per (zone, region): a batch's recipients share a handful (the window is worked out once each, not per text).
  const windows = new Map<string, Date | null>();
  const nextOpening = (zone: string, region: string | null): Date | null => {
    const key = `${zone}\u0000${region ?? ''}`;
    if (windows.has(key)) return windows.get(key) ?? null;
    let at: Date | null;
    try {
      const w = sendWindowAt(now, zone, region, hours);
      at = w.allowed ? null : w.nextAllowedAt;
    } catch {
      at = null; // a zone this runtime does not know: timed when it was queued
    }
    windows.set(key, at);
    return at;
  };
  const later = marketing.flatMap((r) => {
    const at = nextOpening(zones.get(r.id) ?? 'UTC', nanpInfo(r.to)?.region ?? null);
    return at ? [{ id: r.id, attempt: r.attempts, at }] : [];
  });
  const deferred = new Set(later.map((l) => l.id));
  mark(marketing.filter((r) => deferred.has(r.id)));
  await dispatch.deferClaims(tx, accountId, later);
  return rows.filter((r) => !deferred.has(r.id));
}

/** Settles the claims of paused or canceled campaigns (see handOver); returns the rest. */
async function stopCampaignClaims(tx: Tx, rows: Claimed[], mark: (rows: Claimed[]) => Claimed[]): Promise<Claimed[]> {
  const ids = [...new Set(rows.flatMap((r) => (r.campaign_id ? [r.campaign_id] : [])))];
  if (!ids.length) return rows;
  const stopped = await dispatch.stoppedCampaigns(tx, rows[0].account_id, ids);
  if (!stopped.size) return rows;
  // A taken-over claim (its worker died after claiming) of a paused campaign goes on as a retry: releasing it would lose that it may be at the carrier.
  const stateOf = (r: Claimed) => {
    const s = r.campaign_id ? stopped.get(r.campaign_id) : undefined;
    return s === 'paused' && r.taken_over ? undefined : s;
  };
  const paused = mark(rows.filter((r) => stateOf(r) === 'paused'));
  await dispatch.holdClaims(tx, rows[0].account_id, paused.map((r) => ({ id: r.id, attempt: r.attempts })));
  await changeStatuses(tx, rows.filter((r) => stateOf(r) === 'canceled').map((r): StatusChange => (r.taken_over
    ? Object.assign(claimOf(r), { to: 'failed' as const, errorCode: 'campaign_canceled', errorMessage: 'The campaign was canceled; an earlier attempt\'s outcome is unknown, so it was not resent.' })
    : Object.assign(claimOf(r), { to: 'canceled' as const, errorCode: 'campaign_canceled', errorMessage: 'The campaign was canceled before the message was handed to a carrier.' }))), 'dispatcher');
  return rows.filter((r) => !stateOf(r));
}

/**
 * The identity of a claimed message for a status change: guarded by its status and this claim. The
 * change's other fields are added with Object.assign, not `{ ...claimOf(c), … }`: in this V8 a
 * spread followed by more properties gives every object a hidden class of its own (per message here).
 */
const claimOf = (c: Claimed) => ({
  id: c.id, accountId: c.account_id, from: c.status, attempt: c.attempts,
  details: c.handed_over_at ? { claimedAt: c.claimed_at, handedOverAt: c.handed_over_at } : { claimedAt: c.claimed_at },
});

/**
 * Records what the carrier answered: sent, retry later, or failed — never only logged. When the
 * batch reached a connection, the same statement records it on each settled message (the
 * sub-processor record).
 */
async function record(ctx: Ctx, claimed: Claimed[], results: SendResult[], connectionId: string | null = null, journal: string | null = null, viaKind?: string, first: Receipt[] = []): Promise<Set<string>> {
  const byRef = new Map(claimed.map((c) => [c.id, c]));
  // Receipts that came before this recording (recording-barrier.ts): written with `sent`, in the same row update.
  const firstOf = new Map<string, Receipt[]>();
  for (const r of first) firstOf.set(r.providerMessageId, [...(firstOf.get(r.providerMessageId) ?? []), r]);
  const changes: StatusChange[] = [];
  const deferrals: dispatch.Deferral[] = [];
  // Retried with an unknown outcome (a timeout after the submit): recorded on the connection, never failed over.
  const pins: string[] = [];
  // Through a fallback (pinned to it before the call), what it definitely did not take is free again.
  const unpins: string[] = [];
  for (const r of results) {
    const c = byRef.get(r.reference)!;
    if (r.ok) changes.push(Object.assign(claimOf(c), { to: 'sent' as const, providerMessageId: r.providerMessageId, connectionId, then: afterSent(firstOf.get(r.providerMessageId)) }));
    // Not submitted because the claim may have run out (keepLease): due again as it was (if still this claim), whatever its attempts.
    else if (r.transient && (c.attempts < MAX_ATTEMPTS || r.code === LEASE_LOST)) {
      deferrals.push({ id: c.id, accountId: c.account_id, attempt: c.attempts, errorCode: r.code, errorMessage: r.message, nextAttemptAt: new Date(Date.now() + backoffMs(c.attempts)) });
      if (!r.notAccepted && connectionId) pins.push(c.id);
      else if (viaKind && connectionId) unpins.push(c.id);
    } else changes.push(Object.assign(claimOf(c), { to: 'failed' as const, errorCode: r.code, errorMessage: r.message, connectionId }));
  }
  const chained = new Set<string>();
  await withTx(ctx.db, async (tx) => {
    const applied = await changeStatuses(tx, changes, 'provider', ctx);
    for (const c of applied) if (c.then) chained.add(c.providerMessageId!);
    const deferred = await dispatch.deferAttempts(tx, deferrals);
    if (pins.length) await failover.pinToConnection(tx, claimed[0].account_id, pins, connectionId!);
    if (unpins.length) await failover.unpin(tx, claimed[0].account_id, unpins, connectionId!);
    // The journal keeps each text whose outcome this claim could not record (another worker claimed it meanwhile) unless it is
    // certainly not at the carrier: that worker may not have read the journal yet, and would submit it a second time.
    if (journal) {
      const recorded = new Set(applied.map((c) => c.id));
      const keep = results.filter((r) => !recorded.has(r.reference) && !deferred.has(r.reference) && (r.ok || !r.notAccepted)).map((r) => r.reference);
      await dropJournal(tx, claimed[0].account_id, journal, keep);
    }
    const sent = applied.filter((c) => c.to === 'sent');
    if (!sent.length) return;
    const { account_id: accountId } = claimed[0];
    // Metering (billing): the texts recorded sent now, counted with this transition — once, in this transaction (a prepaid balance debited with it).
    await meterSent(ctx, tx, accountId, claimed[0].from, sent.map((s) => byRef.get(s.id)!).map((c) => ({ to: c.to, segments: c.segments, mms: Boolean(c.media?.length) })));
    // Through a fallback of another kind, receipts come back as that carrier.
    const provider = viaKind ?? claimed[0].provider;
    if (provider !== claimed[0].provider) await failover.setCarrierKind(tx, accountId, sent.map((s) => s.id), provider);
    // A message sent as several parts (SMPP): its parts, and their receipts that came first.
    await recordParts(ctx, tx, accountId, provider, sent.map((s) => ({ id: s.id, providerMessageId: s.providerMessageId! })));
    const early = await takeEarlyReceipts(tx, accountId, provider, sent.map((s) => s.providerMessageId!));
    if (early.length) {
      const targets = sent.map((s) => ({ id: s.id, account_id: accountId, status: 'sent', provider, provider_message_id: s.providerMessageId! }));
      await changeStatuses(tx, receiptChanges(targets, early), 'carrier', ctx);
    }
  });
  return chained;
}

const encodingOf = (e: string): CarrierMessage['encoding'] => (e === 'GSM-7' || e === 'UCS-2' ? e : undefined);

const batchOf = (ctx: Ctx, claimed: Claimed[]): CarrierMessage[] =>
  claimed.map((c) => ({ reference: c.id, accountId: c.account_id, from: c.from, to: c.to, body: c.body, segments: c.segments, encoding: encodingOf(c.encoding),
    // MMS: signed, expiring URLs of our copies (computed here, nothing awaited: no I/O after the hand-over).
    ...(c.media?.length ? { mediaUrls: carrierMediaUrls(ctx, c.account_id, c.media) } : {}) }));

/** What a submission leaves to record: these rows' results, the connection that received them and its kind. */
interface Submitted { rows: Claimed[]; results: SendResult[]; connectionId: string | null; kind?: string }

/**
 * Failover (connection-failover.ts). The sender's connection while it is healthy; when it goes
 * down during this batch, the messages it definitely did not accept (`mayFailOver`) go through
 * the fallback in the same turn, or — without a usable fallback — are given back until its next
 * probe (no attempt spent). Everything else is recorded on the connection that had it.
 */
async function submitThroughConnection(ctx: Ctx, s: dispatch.DueSender, claimed: Claimed[], route: Route, lease: TurnLease, journal?: SendOptions['journal']): Promise<Submitted> {
  if (route.via === 'fallback') return submitViaFallback(ctx, s, claimed, route, lease);
  const { results, reached } = await sendThroughConnection(ctx, s.account_id, s.connection_id!, s.connection_version, batchOf(ctx, claimed), { live: lease.live, journal });
  const primary: Submitted = { rows: claimed, results, connectionId: reached ? s.connection_id : null };
  // Not submitted because the claim may have run out (keepLease): never failed over (another worker may have the message).
  const failsOver = (r: SendResult, pinned: boolean) => mayFailOver(r, pinned) && !(!r.ok && r.code === LEASE_LOST);
  if (!results.some((r) => failsOver(r, false))) return primary;
  const after = await routeFor(ctx, s.account_id, s.connection_id!, s.connection_version);
  if (after.via === 'primary') return primary;
  const pinned = await failover.pinsOf(ctx.db, s.account_id, claimed.map((c) => c.id));
  const byId = new Map(claimed.map((c) => [c.id, c]));
  const moving = new Set(results.filter((r) => failsOver(r, byId.get(r.reference)!.taken_over || pinned.has(r.reference))).map((r) => r.reference));
  if (!moving.size) return primary;
  const rest = claimed.filter((c) => !moving.has(c.id));
  if (rest.length) await record(ctx, rest, results.filter((r) => !moving.has(r.reference)), primary.connectionId);
  const moved = claimed.filter((c) => moving.has(c.id));
  if (after.via === 'wait') {
    forget(moved);
    await failover.releaseClaims(ctx.db, s.account_id, moved.map((c) => ({ id: c.id, attempt: c.attempts })), after.until, after.code, after.message);
    return { rows: [], results: [], connectionId: null };
  }
  return submitViaFallback(ctx, s, moved, after, lease);
}

/**
 * Through the fallback: only messages no connection may hold (no earlier claim taken over, no
 * unknown outcome recorded); those stay with their connection until its next probe. Consent is
 * re-checked under the opt-out locks right before this carrier call too (STOP is final at commit).
 */
async function submitViaFallback(ctx: Ctx, s: dispatch.DueSender, claimed: Claimed[], route: Extract<Route, { via: 'fallback' }>, lease: TurnLease): Promise<Submitted> {
  const pins = await failover.pinsOf(ctx.db, s.account_id, claimed.map((c) => c.id));
  // An MMS stays too when the fallback's kind cannot carry media (it would be refused there for good).
  const noMms = ctx.carriers.get(route.kind as CarrierKind)?.capabilities?.mms === false;
  // Pinned to the fallback itself (sent through it before a crash): its retry goes there again.
  const stay = (c: Claimed) => (pins.has(c.id) ? pins.get(c.id) !== route.connectionId : c.taken_over) || (noMms && Boolean(c.media?.length));
  await failover.releaseClaims(ctx.db, s.account_id, forget(claimed.filter(stay)).map((c) => ({ id: c.id, attempt: c.attempts })), route.until, route.code, route.message);
  const going = claimed.filter((c) => !stay(c));
  // Recorded on the fallback before it is called: a crash before the outcome is recorded never resends it elsewhere.
  await failover.pinToConnection(ctx.db, s.account_id, going.map((c) => c.id), route.connectionId);
  // A failure here is before anything went to the fallback (and after what the primary answered was recorded): serveClaimed
  // forgets the journal, and the pins this call set go with the claims (releaseUnsent) — kept, they made the turn that took
  // the claims over fail them outcome_unknown though they never left. At best effort: if that fails too, the pins stay (the
  // at-most-once side). Pins set before this call (an earlier attempt through the fallback, `pins`) stay.
  const since = Date.now();
  const handed = await handOver(ctx, going).catch(async (err: unknown) => {
    // (Not those this hand-over gave back before it threw: their attempt number may be another turn's claim by now.)
    const fresh = forget(going.filter((c) => !pins.has(c.id) && !givenBack.has(c))).map((c) => ({ id: c.id, attempt: c.attempts }));
    if (fresh.length) await failover.releaseUnsent(ctx.db, s.account_id, fresh, route.connectionId, new Date(Date.now() + backoffMs(fresh[0].attempt))).catch(() => undefined);
    throw handOverFailed(err);
  });
  lease.confirmed(since, handed);
  if (!handed.length) return { rows: [], results: [], connectionId: null };
  const { results, reached } = await sendThroughConnection(ctx, s.account_id, route.connectionId, route.version, batchOf(ctx, handed), { live: lease.live });
  return { rows: handed, results, connectionId: reached ? route.connectionId : null, kind: route.kind };
}

/**
 * Taken-over claims (their earlier worker died before recording) pinned to a connection other than
 * this route's and the sender's own: that connection may hold them, so they end failed
 * (outcome_unknown), recorded on it, never sent a second time elsewhere. A query only when a claim was taken over.
 * So do those pinned to this route's fallback when it has no idempotency key (SMPP): a batch failed over to it
 * mid-turn (submitViaFallback) was pinned before its call but journaled only if the turn's route started
 * at-most-once — the pin is its only trace, and resending it through the same fallback would text the person twice.
 */
async function settlePinnedElsewhere(ctx: Ctx, s: dispatch.DueSender, route: Route, claimed: Claimed[]): Promise<Claimed[]> {
  if (route.via === 'wait' || !claimed.some((c) => c.taken_over)) return claimed;
  const target = route.via === 'fallback' ? route.connectionId : s.connection_id;
  const pins = await failover.pinsOf(ctx.db, s.account_id, claimed.filter((c) => c.taken_over).map((c) => c.id));
  const atMostOnceFallback = route.via === 'fallback' && await journalsHandOver(ctx, s.account_id, route.connectionId, route.version, route.kind);
  const elsewhere = claimed.filter((c) => c.taken_over && pins.has(c.id)
    && ((pins.get(c.id) !== target && pins.get(c.id) !== s.connection_id) || (atMostOnceFallback && pins.get(c.id) === target)));
  if (!elsewhere.length) return claimed;
  await record(ctx, elsewhere, elsewhere.map((c): SendResult => ({
    reference: c.id, ok: false, transient: false, code: 'outcome_unknown',
    message: pins.get(c.id) === target
      ? 'An earlier attempt may have reached this provider connection (a fallback without idempotency key) before a restart; not resubmitted.'
      : 'An earlier attempt may have reached another provider connection (a fallback) before a restart; not resent through this one.',
  })));
  const gone = new Set(elsewhere.map((c) => c.id));
  return claimed.filter((c) => !gone.has(c.id));
}

const noConnection = (claimed: Claimed[]): SendResult[] => claimed.map((c) => ({
  reference: c.id, ok: false as const, transient: false, code: 'no_connection', message: 'The sender number is on no provider connection.',
}));

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The dispatcher's log (the worker's logger): a turn held past DISPATCH_CLAIM_MAX_MS is reported through it. */
type DispatchLog = { error: (o: object, m: string) => void };

/**
 * One sender's turn: claim → (test pause) → hand-over → submit → record. Returns the messages it
 * settled. `onClaimed` hears how many it claimed, once the claim committed; `onOverdue` how many it
 * holds, once, when it is past DISPATCH_CLAIM_MAX_MS (its claims no longer renewed, see keepLease).
 */
async function serve(ctx: Ctx, s: dispatch.DueSender, onClaimed: (n: number) => void = () => undefined, onOverdue: (n: number) => void = () => undefined): Promise<number> {
  // A released number's texts never go: those due and unclaimed are canceled (number_released); ones whose claim ran out
  // (a worker died holding them) are taken over below as any, so a journal still decides what may have reached the carrier.
  if (s.released) {
    const { canceled } = await cancelWaitingPage(ctx, s.account_id, s.number_id);
    if (canceled) return canceled;
  }
  // A connection that is down is not tried for every batch (probed with backoff): its fallback, or its messages wait unclaimed until the next probe.
  const route = s.connection_id ? await routeFor(ctx, s.account_id, s.connection_id, s.connection_version) : null;
  if (route?.via === 'wait') {
    await failover.holdSender(ctx.db, s.account_id, s.number_id, route.until, route.code, route.message);
    return 0;
  }
  // A fallback that is a carrier session (SMPP) is sent through only by the worker that leads it (one bind).
  if (route?.via === 'fallback' && !leadsSession(ctx, route.connectionId, route.kind)) return 0;
  const claimedAt = Date.now();
  const claimed = await claim(ctx, s.account_id, s.number_id);
  onClaimed(claimed.length);
  if (!claimed.length) return 0;
  const lease = keepLease(ctx, claimed, () => onOverdue(claimed.length), claimedAt);
  try {
    return await serveClaimed(ctx, s, route, claimed, lease);
  } finally {
    lease.stop();
  }
}

/**
 * While a turn holds its batch, its lease is renewed every third of DISPATCH_CLAIM_MS (a timer per
 * turn; a batch recorded before that costs nothing more). A carrier that stops answering holds a
 * batch window after window — batch / window × its answer timeout, far past the lease — and another
 * worker would take the messages over (the journal failing them outcome_unknown) while this one still
 * submits them. A worker that died stops renewing: then its claims are taken over as before. So does
 * a turn past DISPATCH_CLAIM_MAX_MS (15 minutes by default, above the longest a slow carrier
 * legitimately holds a batch): one wedged on a promise that never settles (a bug, a call without
 * timeout) would otherwise keep its messages for as long as its process lives. `onOverdue` is told
 * once; the claims run out at most DISPATCH_CLAIM_MS later, and the turn that takes them over decides
 * as for a dead worker (the SMPP journal: outcome_unknown for a batch that may be at the carrier).
 * Should the turn wake after all, its hand-over keeps only the claims still its own (ownClaims).
 */
function keepLease(ctx: Ctx, claimed: Claimed[], onOverdue: () => void, claimedAt: number): TurnLease & { stop: () => void } {
  const every = Math.max(100, Math.floor(ctx.config.dispatchClaimMs / 3));
  const until = Date.now() + ctx.config.dispatchClaimMaxMs;
  // When the claims run out at the earliest: a lease ends DISPATCH_CLAIM_MS after the statement that set it started, and
  // that statement (the claim, each renewal that succeeded) started after it was issued here. Past it (less a margin),
  // another worker may take the batch over: the turn submits nothing more (`live`, checked before each submission).
  let leaseEnd = claimedAt + ctx.config.dispatchClaimMs;
  const margin = Math.min(1000, ctx.config.dispatchClaimMs / 10);
  // What a connection asked to submit while the lease held (it may be at the carrier), and what was dropped from a journal
  // as never submitted (refused from then on, whatever the bound does later: a journal no longer lists it).
  const started = new Set<string>();
  const dropped = new Set<string>();
  let watches: Array<{ refs: string[]; f: (unsent: string[]) => void }> = [];
  const lapse = () => {
    const w = watches;
    watches = [];
    for (const { refs, f } of w) {
      const unsent = refs.filter((r) => !started.has(r));
      for (const r of unsent) dropped.add(r);
      f(unsent);
    }
  };
  const live = (reference: string) => {
    if (dropped.has(reference)) return false;
    if (Date.now() >= leaseEnd - margin) { lapse(); return false; }
    started.add(reference);
    return true;
  };
  let timer: NodeJS.Timeout | null = null;
  let lapseTimer: NodeJS.Timeout | null = null;
  let stopped = false; // renewals (also past DISPATCH_CLAIM_MAX_MS)
  let ended = false; // the turn
  let held: Claimed[] | null = null;
  // Fires at the bound (it only moves later: a timer that fires early looks again).
  const armLapse = () => {
    if (lapseTimer) clearTimeout(lapseTimer);
    lapseTimer = null;
    if (ended || !watches.length) return;
    lapseTimer = setTimeout(() => { if (Date.now() >= leaseEnd - margin) lapse(); else armLapse(); }, Math.max(0, leaseEnd - margin - Date.now()));
  };
  const renew = () => {
    if (stopped) return;
    if (Date.now() >= until) {
      stopped = true;
      onOverdue();
      return;
    }
    // Not the claims the turn gave back (forget): their attempt number may be another turn's claim now; once a hand-over
    // kept its batch, only that batch (what it settled — opted out, canceled, recorded — is no longer waiting to be renewed).
    const claims = claimsToRenew(held ?? claimed, (c) => givenBack.has(c));
    // A failed renewal is retried at the next tick; if the lease runs out meanwhile, the claims are taken over as for a dead worker.
    const issued = Date.now();
    void dispatch.renewClaims(ctx.database.query, claimed[0].account_id, claims, ctx.config.dispatchClaimMs / 1000)
      // Moves the bound only when the renewal ran while the lease certainly held (it answered before the bound): one that
      // answered later may have run after a takeover (renewing nothing of this turn's) — once past the bound, `live` stays false.
      .then((n) => { leaseEnd = leaseBoundAfterRenewal(leaseEnd, { answeredAt: Date.now(), issued, renewed: n, held: claims.length, claimMs: ctx.config.dispatchClaimMs, margin }); return n; }, () => 0)
      .then(() => { if (!stopped) timer = setTimeout(renew, every); });
  };
  timer = setTimeout(renew, every);
  // A hand-over begun at `since` kept only claims whose lease ran at least half its length past its transaction's start
  // (ownClaimsAtHandOver renews those with less): the bound moves to `since` plus half a lease.
  // The claims it kept are then all the turn holds: a renewal must renew every one of them to move the bound.
  const confirmed = (since: number, handed: Claimed[]) => { leaseEnd = Math.max(leaseEnd, since + ctx.config.dispatchClaimMs / 2); held = handed; };
  const whenLapsed = (refs: string[], f: (unsent: string[]) => void) => { watches.push({ refs, f }); armLapse(); };
  return { stop: () => { stopped = true; ended = true; watches = []; if (timer) clearTimeout(timer); if (lapseTimer) clearTimeout(lapseTimer); }, live, confirmed, whenLapsed, dropped: (r) => dropped.has(r) };
}

/** The claims a renewal asks for: those the turn holds, less those it gave back (keepLease). */
export function claimsToRenew<C extends { id: string; attempts: number }>(holds: C[], givenBack: (c: C) => boolean): Array<{ id: string; attempt: number }> {
  return holds.flatMap((c) => (givenBack(c) ? [] : [{ id: c.id, attempt: c.attempts }]));
}

/**
 * keepLease's bound after a renewal that answered at `answeredAt` (issued at `issued`, `renewed` of the `held` claims
 * renewed): moved to `issued` + DISPATCH_CLAIM_MS only if it answered before the bound (less the margin) and renewed
 * every claim the turn still holds. renewClaims skips locked rows (SKIP LOCKED): a claim a running hand-over has locked
 * keeps the lease it had (that hand-over renews only claims with less than half a lease left), so a partial renewal
 * says nothing of when the skipped ones run out — the bound stays.
 */
export function leaseBoundAfterRenewal(leaseEnd: number, r: { answeredAt: number; issued: number; renewed: number; held: number; claimMs: number; margin: number }): number {
  return r.answeredAt < leaseEnd - r.margin && r.renewed === r.held ? Math.max(leaseEnd, r.issued + r.claimMs) : leaseEnd;
}

/**
 * A turn's hold on its claims while it submits them: `live(reference)` false once they may have run out (nothing more is
 * submitted), true counts that message as submitted (SendOptions.live); `confirmed(since, handed)` after a hand-over begun
 * at `since` kept `handed` as still this turn's (keepLease); `whenLapsed(refs, f)`: once the bound is reached (a timer at
 * it, or a `live` call past it), `f` hears which of `refs` no `live` call answered true — from then on they never will;
 * `dropped(reference)`: whether it is one of those (refused for good).
 */
interface TurnLease { live: (reference: string) => boolean; confirmed: (since: number, handed: Claimed[]) => void; whenLapsed: (refs: string[], f: (unsent: string[]) => void) => void; dropped: (reference: string) => boolean }

/** A turn's claimed batch: journal (SMPP, Twilio), hand-over, submit, record. Returns how many it claimed. */
async function serveClaimed(ctx: Ctx, s: dispatch.DueSender, route: Route | null, claimed: Claimed[], lease: TurnLease): Promise<number> {
  if (ctx.config.dispatchTestHandoverDelayMs) await sleep(ctx.config.dispatchTestHandoverDelayMs);
  if (ctx.testHooks?.afterClaim) await ctx.testHooks.afterClaim(claimed);
  // A carrier without idempotency key (SMPP; Twilio unless retryUnknownOutcome): a taken-over claim that may have reached it is not
  // resubmitted; the batch is journaled. Failover: a taken-over claim recorded on another connection (sent through a fallback
  // before a crash) is not sent through this one.
  const sendable = route ? await settlePinnedElsewhere(ctx, s, route, claimed) : claimed;
  const policy = s.connection_id !== null ? await handOverJournal(ctx, s.account_id, s.connection_id, s.connection_version, s.provider) : null;
  const atMostOnce = s.connection_id !== null && (policy!.journals
    || (route?.via === 'fallback' && await journalsHandOver(ctx, s.account_id, route.connectionId, route.version, route.kind)));
  // Through the sender's own connection, one that submits window by window is journaled window by window (the first now, each
  // next when the connection asks: journalWindows). Through a fallback, the whole batch (pinned to it before its call, too).
  const window = route?.via === 'primary' && policy?.journals ? policy.window : null;
  const journaled: Journaled<Claimed> = s.connection_id && atMostOnce ? await journalHandOver(ctx, sendable, window) : { send: sendable, journal: null, listed: 0 };
  if (journaled.journal) unlistUnsentAtLapse(ctx, s.account_id, journaled.journal, journaled.send, lease);
  const journal = journaled.journal && journaled.listed < journaled.send.length ? journalWindows(ctx, s.account_id, journaled, lease) : undefined;
  let handed: Claimed[];
  try {
    const since = Date.now();
    handed = await handOver(ctx, journaled.send);
    lease.confirmed(since, handed);
  } catch (err) {
    // Nothing reached the carrier (it is called only after the hand-over): a journal kept now would make the turn that
    // takes these claims over fail them outcome_unknown though they never left. Forgotten at best effort: if that fails
    // too, the journal stays and they end outcome_unknown — the at-most-once side, never a second submission.
    if (journaled.journal) await forgetJournal(ctx, s.account_id, journaled.journal).catch(() => undefined);
    throw err;
  }
  // Nothing may be awaited between the hand-over's commit and the carrier call.
  if (!handed.length) {
    if (journaled.journal) await forgetJournal(ctx, s.account_id, journaled.journal);
    return claimed.length;
  }
  if (s.connection_id) {
    // Receipts for this batch that outrun its recording wait for it, and the recording takes them (recording-barrier.ts).
    const turns = [recordingTurn(ctx, s.connection_id), ...(route?.via === 'fallback' ? [recordingTurn(ctx, route.connectionId)] : [])];
    try {
      const sub = await submitThroughConnection(ctx, s, handed, route!, lease, journal);
      for (const t of turns) t.submitted();
      // Crash tests: die with this batch at the carrier, its answers unrecorded (a batch the carrier took none of — refused, or timed out on a
      // loaded machine — does not count: the test then expects texts in the carrier's ledger).
      if (sub.results.some((r) => r.ok)) crashPoint(ctx.config.testCrashAt, 'dispatch.submitted');
      if (sub.rows.length) {
        const turn = turns.find((t) => t.connectionId === sub.connectionId);
        const ids = new Set(sub.results.flatMap((r) => (r.ok ? [r.providerMessageId] : [])));
        const first = turn ? takeWaiting<Receipt>(ctx, turn, (r) => r.accountId === s.account_id && ids.has(r.providerMessageId)) : null;
        let chained = new Set<string>();
        try {
          chained = await record(ctx, sub.rows, sub.results, sub.connectionId, journaled.journal, sub.kind, first?.items);
        } finally {
          // Receipts the recording did not write (it failed, or their message had moved on) are applied as usual.
          first?.restore((r) => !chained.has(r.providerMessageId));
        }
      } else if (journaled.journal) await forgetJournal(ctx, s.account_id, journaled.journal);
    } catch (err) {
      // The fallback's hand-over failed (submitViaFallback): as for the first one above, nothing of the batch is at a
      // carrier unrecorded — forgotten at best effort, else a takeover fails the messages outcome_unknown though they never left.
      if (journaled.journal && handOverFailures.has(err as object)) await forgetJournal(ctx, s.account_id, journaled.journal).catch(() => undefined);
      throw err;
    } finally {
      for (const t of turns) t.end();
    }
  } else await record(ctx, handed, noConnection(handed));
  return claimed.length;
}

/**
 * The journaled texts a turn never asked to submit when its lease bound is reached leave its journal: `live` refuses them from
 * then on, so they never reach a carrier through this turn, and a turn that takes them over sends them — kept, they made it
 * fail them outcome_unknown though they never left. Safe in any order with a takeover: the bound is reached before the claims
 * may run out (a tenth of the lease up to 1 s), so the removal normally commits before another worker can claim them; if it
 * commits after that worker read the journal, it failed them outcome_unknown (the safe side, as before); if between its claim
 * and its read, it sends them — this turn never will. A text `live` answered true for stays (it may be at the carrier), as
 * does every text if the removal fails (at best effort).
 */
function unlistUnsentAtLapse(ctx: Ctx, accountId: string, journal: string, rows: Claimed[], lease: TurnLease) {
  lease.whenLapsed(rows.map((r) => r.id), (unsent) => {
    if (unsent.length) void unlistJournal(ctx, accountId, journal, unsent).catch(() => undefined);
  });
}

/**
 * SendOptions.journal of a batch whose journal row lists its first window only (journalHandOver with a window): each further
 * window the connection is about to submit is added to the row (one statement per window), less what is listed already and
 * what the turn's lease refused for good (dropped from the journal at the bound, never submitted).
 */
function journalWindows(ctx: Ctx, accountId: string, journaled: Journaled<Claimed>, lease: TurnLease): SendOptions['journal'] {
  const listed = new Set<string>();
  for (let i = 0; i < journaled.listed; i++) listed.add(journaled.send[i].id);
  const attempts = new Map(journaled.send.map((c) => [c.id, c.attempts]));
  return (references) => {
    const more = references.filter((r) => !listed.has(r) && !lease.dropped(r));
    if (!more.length) return null;
    for (const r of more) listed.add(r);
    return extendJournal(ctx, accountId, journaled.journal!, more.map((id) => ({ id, attempt: attempts.get(id)! })));
  };
}

/** Errors thrown by a failover's hand-over (submitViaFallback): its batch reached no carrier through that call. */
const handOverFailures = new WeakSet<object>();
const handOverFailed = (err: unknown): unknown => {
  if (err !== null && typeof err === 'object') handOverFailures.add(err);
  return err;
};

/** Concurrency slots are per connection (per carrier name for numbers without one). */
const slotOf = (s: dispatch.DueSender) => s.connection_id ?? s.provider;

const senderKey = (s: dispatch.DueSender) => `${s.account_id}:${s.number_id}`;

/**
 * Pipelined dispatch: each due sender's turn runs as its own task, at most
 * `DISPATCH_CONCURRENCY` batches in flight per connection (per carrier for numbers without
 * one), so a slow carrier call holds only its own slot, never other senders or other connections.
 * A sender starts one turn per due-sender list; with `chain`, a sender whose claim filled a whole
 * batch (more is due) starts its next turn as soon as that claim committed — its claims, hand-overs,
 * carrier calls and recordings overlap — while its connection has a slot that no waiting due
 * sender needs (fairness first). Claims are SKIP LOCKED leases and the token bucket is shared, so
 * overlapping turns of one sender never take the same message nor exceed its throughput.
 */
class Pipeline {
  /** Turns in flight per sender. */
  private readonly turns = new Map<string, number>();
  /** Senders whose last claim filled a batch: they get another turn when a slot frees. */
  private readonly hungry = new Map<string, dispatch.DueSender>();
  private readonly slots = new Map<string, number>();
  private readonly tasks = new Set<Promise<number>>();
  private waiters: Array<() => void> = [];
  private closing = false;
  handled = 0;

  constructor(private readonly ctx: Ctx, private readonly onError: (err: unknown) => void, private readonly chain = false, private readonly log: DispatchLog | null = null) {}

  get inFlight() {
    return this.tasks.size;
  }

  free(s: dispatch.DueSender) {
    return (this.slots.get(slotOf(s)) ?? 0) < this.ctx.config.dispatchConcurrency;
  }

  /** Starts a sender's turn (the caller checked it is free and has a slot). */
  start(s: dispatch.DueSender): Promise<number> {
    const key = senderKey(s);
    this.turns.set(key, (this.turns.get(key) ?? 0) + 1);
    const slot = slotOf(s);
    this.slots.set(slot, (this.slots.get(slot) ?? 0) + 1);
    const onClaimed = (n: number) => {
      if (!this.chain) return;
      if (n >= this.ctx.config.dispatchBatch) {
        this.hungry.set(key, s);
        this.feedHungry();
      } else this.hungry.delete(key);
    };
    // The sender and the slot are given back once: when the turn ends, or when it is past DISPATCH_CLAIM_MAX_MS —
    // its claims then run out unrenewed, and a turn that never ends must not hold its sender (the only worker, on the
    // embedded database) nor wait a stop. Should it wake after all, its slot's connection has one batch more in flight.
    let holding = true;
    const letGo = () => {
      if (!holding) return;
      holding = false;
      const left = (this.turns.get(key) ?? 1) - 1;
      if (left) this.turns.set(key, left);
      else this.turns.delete(key);
      this.slots.set(slot, (this.slots.get(slot) ?? 1) - 1);
      this.tasks.delete(task);
      if (this.chain) this.feedHungry();
      const w = this.waiters;
      this.waiters = [];
      for (const wake of w) wake();
    };
    const onOverdue = (n: number) => {
      this.log?.error({ accountId: s.account_id, numberId: s.number_id, messages: n, maxMs: this.ctx.config.dispatchClaimMaxMs },
        'dispatch turn held its batch past DISPATCH_CLAIM_MAX_MS: its claims are no longer renewed and will be taken over');
      letGo();
    };
    const task = serve(this.ctx, s, onClaimed, onOverdue).finally(letGo);
    this.tasks.add(task);
    task.then((n) => void (this.handled += n), this.onError);
    return task;
  }

  /** Gives each hungry sender one more turn where its connection has a slot no waiting due sender needs. */
  private feedHungry() {
    if (this.closing) return;
    for (const [key, s] of this.hungry) {
      if (!this.free(s)) continue;
      const slot = slotOf(s);
      if (this.due.some((d) => slotOf(d) === slot && !this.isBusy(d))) continue;
      this.hungry.delete(key);
      void this.start(s);
    }
  }

  isBusy(s: dispatch.DueSender) {
    return this.turns.has(senderKey(s));
  }

  /** Resolves when any task ends (or at once when none is running). */
  nextCompletion(): Promise<void> {
    if (!this.tasks.size) return Promise.resolve();
    return new Promise((r) => this.waiters.push(r));
  }

  /** The last due-sender list (fair order) not yet served, and when it was read. */
  private due: dispatch.DueSender[] = [];
  private readAt = 0;

  private async refresh() {
    this.handled += await reconcileEarlyReceipts(this.ctx) + await reconcileEarlyParts(this.ctx);
    // A sender on a carrier session another worker holds (SMPP bind leader) is that worker's.
    // Senders with a turn in flight here are not read (they get no second turn from the list; chain feeds the hungry).
    const busy = [...this.turns.keys()].map((k) => k.slice(k.indexOf(':') + 1));
    this.due = (await dispatch.dueSenders(this.ctx.database.query, busy)).filter((s) => servesHere(this.ctx, s));
    this.readAt = Date.now();
  }

  /** Starts the free senders of `due` in order while their carrier has a slot; keeps the rest for later. */
  private startFree(): number {
    let started = 0;
    const rest: dispatch.DueSender[] = [];
    for (const s of this.due) {
      if (this.isBusy(s) || !this.free(s)) rest.push(s);
      else {
        void this.start(s);
        started++;
      }
    }
    this.due = rest;
    return started;
  }

  /**
   * Starts a turn for every due sender (fair order) that is free and whose carrier has a slot.
   * The platform-wide due-sender scan is re-read when the list is served, stale (100 ms) or has
   * nothing startable left — not at every turn's end.
   */
  async pass(): Promise<number> {
    if (!this.due.length || Date.now() - this.readAt > 100) await this.refresh();
    const started = this.startFree();
    if (started || Date.now() - this.readAt < 5) return started;
    await this.refresh();
    return this.startFree();
  }

  async drain() {
    this.closing = true;
    while (this.tasks.size) await Promise.allSettled([...this.tasks]);
  }
}

/**
 * One complete pass over every due sender, in the fair order, waiting for a carrier slot when
 * all are taken; returns how many messages it settled (tests and tools; the worker runs the loop).
 */
export async function dispatchOnce(ctx: Ctx): Promise<number> {
  const errors: unknown[] = [];
  const p = new Pipeline(ctx, (err) => errors.push(err));
  let total = await reconcileEarlyReceipts(ctx) + await reconcileEarlyParts(ctx);
  const turns: Array<Promise<number>> = [];
  for (const s of (await dispatch.dueSenders(ctx.database.query)).filter((d) => servesHere(ctx, d))) {
    while (!p.free(s)) await p.nextCompletion();
    turns.push(p.start(s));
  }
  const results = await Promise.allSettled(turns);
  await healthWritten(ctx); // the connections' status as this pass left it
  for (const r of results) {
    if (r.status === 'rejected') throw r.reason;
    total += r.value;
  }
  return total;
}

/** How often the worker checks that every SMPP connection's session is started (new, changed, removed). */
export const SESSIONS_CHECK_MS = 5000;

/**
 * The dispatcher loop of a worker process: busy while there is work, idle-polling otherwise. It
 * also keeps the carrier sessions (SMPP) of every enabled connection started, and stops them on stop().
 */
export function startDispatcher(ctx: Ctx, log: { error: (o: object, m: string) => void }) {
  let running = true;
  let idleMs = 20;
  let sessionsAt = 0;
  const pipeline = new Pipeline(ctx, (err) => log.error({ err }, 'dispatch turn failed'), true, log);
  const loop = (async () => {
    while (running) {
      if (Date.now() - sessionsAt >= ctx.config.carrierSessionsCheckMs || sessionsStale(ctx)) {
        sessionsAt = Date.now();
        await ensureSessions(ctx, log).catch((err) => log.error({ err }, 'starting carrier sessions failed'));
      }
      // Connections in error are probed when due even without traffic (a probe at most per connection at a time).
      void probeDue(ctx).catch((err) => log.error({ err }, 'probing carrier connections failed'));
      try {
        await pipeline.pass();
      } catch (err) {
        log.error({ err }, 'dispatch pass failed');
        await sleep(1000);
        continue;
      }
      const handled = pipeline.handled;
      pipeline.handled = 0;
      idleMs = handled > 0 ? 0 : Math.min(200, idleMs * 2 || 20);
      // Wake when a turn ends (its sender and slot are free again) or after the idle time.
      if (pipeline.inFlight) await Promise.race([pipeline.nextCompletion(), sleep(idleMs || 5)]);
      else if (idleMs) await sleep(idleMs);
      // Let timers and I/O in: PGlite answers in microtasks, so a busy loop would never yield.
      await new Promise((r) => setImmediate(r));
    }
    await pipeline.drain();
    await stopCarrierConnections(ctx);
  })();
  return { stop: async () => { running = false; await loop; } };
}
