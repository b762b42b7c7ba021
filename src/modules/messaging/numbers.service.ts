import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import { isUniqueViolation } from '../../db/errors.js';
import { phoneNumbers, senderBuckets } from '../../db/schema/index.js';
import type { AuthContext } from '../../http/auth.js';
import { AppError, conflict, notFound, unprocessable } from '../../lib/errors.js';
import { analysePhone, parsePhone } from '../../lib/phone.js';
import { fromPublicId, newUuid, toPublicId } from '../../lib/ids.js';
import { checkTarget } from '../../lib/net-guard.js';
import { DEFAULT_MPS, type NumberType } from '../../providers/provider.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import { defaultSimulatorConnection, provisionOnConnection, releaseOnConnection, simulateInboundOn } from '../connections/carrier-numbers.js';
import { carrierNumberFor, connectionForAttach, listCarrierNumbers, type AttachedNumber } from '../connections/connections.service.js';
import { validateCustomKeyword } from '../consent/keywords.js';
import { inboundResult } from './inbound.service.js';
import { adoptSimulatorNumbers, countWaiting, findReleased, insertRoute, liveWithRef, lockLiveNumber, lockLiveNumbersShared, lockWaitingOfNumber, markGivenBack, markReleased, toGiveBackAtErasure as toGiveBackAtErasureRepo, toGiveBackOn as toGiveBackOnRepo, twilioSmsUrls } from './numbers.repo.js';
import { changeStatuses } from './status.service.js';

export type NumberRow = typeof phoneNumbers.$inferSelect;

export const presentNumber = (n: NumberRow) => ({
  id: toPublicId('number', n.id), phoneNumber: n.phoneNumber, provider: n.provider, connectionId: n.connectionId ? toPublicId('connection', n.connectionId) : null, type: n.type, mps: n.mps,
  keywordReplies: n.keywordReplies, customKeywords: n.customKeywords, twilioSmsUrl: n.twilioSmsUrl ?? null, origin: n.origin === 'provisioned' ? 'provisioned' as const : 'attached' as const,
  createdAt: n.createdAt.toISOString(),
});

/**
 * `POST /v1/numbers {provider: "simulator"}`: a number bought through the account's simulator
 * connection (created once per account, a sub-account on the simulator), over the carrier protocol.
 */
export async function provisionNumber(ctx: Ctx, auth: AuthContext, input: { provider: string; type?: NumberType; mps?: number }, meta: RequestMeta) {
  if (input.provider !== 'simulator') {
    throw unprocessable('unknown_provider', `No provider "${input.provider}" provisions numbers here; attach one through a provider connection (connectionId).`, { field: 'provider', available: ['simulator'] });
  }
  const connectionId = await defaultSimulatorConnection(ctx, auth, meta);
  const type = input.type ?? 'long_code';
  for (let attempt = 0; ; attempt++) {
    const got = await provisionOnConnection(ctx, auth.accountId, connectionId, { type, country: auth.account.defaultCountry });
    try {
      return await withTx(ctx.db, async (tx) => {
        const [n] = await tx.insert(phoneNumbers).values({
          id: newUuid(), accountId: auth.accountId, phoneNumber: got.phoneNumber, provider: got.kind, connectionId, providerRef: got.providerRef, type, mps: input.mps ?? DEFAULT_MPS[type],
          origin: 'provisioned',
        }).returning();
        await tx.insert(senderBuckets).values({ numberId: n.id, accountId: auth.accountId, tokens: n.mps, refilledAt: new Date() });
        // A number held by any account is refused here too (number_routes is keyed by the number alone).
        await insertRoute(tx, { phoneNumber: n.phoneNumber, accountId: auth.accountId, numberId: n.id });
        // Simulator numbers of an older install (no connection, so they cannot send) join this connection.
        const adopted = await adoptSimulatorNumbers(tx, auth.accountId, connectionId);
        await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'number.provisioned', target: { type: 'number', id: n.id }, meta, details: { phoneNumber: n.phoneNumber, provider: n.provider, connectionId: toPublicId('connection', connectionId), ...(adopted ? { adoptedNumbers: adopted } : {}) } });
        return n;
      });
    } catch (err) {
      if (!isUniqueViolation(err) || attempt > 5) throw err; // the carrier offered a number someone holds: ask again
    }
  }
}

/**
 * `POST /v1/simulator/inbound`: a customer's text to one of the account's simulator numbers, sent
 * by the simulator as a signed inbound webhook (taken by the carrier-webhooks route like any
 * carrier's); answers the message as stored. What our webhook refused (4xx) is refused here too.
 */
export async function simulateInbound(ctx: Ctx, auth: AuthContext, input: { from: string; to: string; body: string; id?: string }) {
  const own = await findNumber(ctx.db, auth.accountId, input.to.trim());
  if (!own || own.provider !== 'simulator' || !own.connectionId) throw notFound('A simulator number with this "to"');
  if ('problem' in analysePhone(input.from, 'US')) throw unprocessable('invalid_phone', 'The "from" number is not a valid phone number.', { field: 'from' });
  const r = await simulateInboundOn(ctx, auth.accountId, own.connectionId, { from: input.from, to: own.phoneNumber, body: input.body, providerMessageId: input.id });
  if (r.status < 200 || r.status >= 300) {
    let e: { error?: { code?: string; message?: string; details?: Record<string, unknown> } } = {};
    try { e = JSON.parse(r.body) as typeof e; } catch { /* below */ }
    if (r.status >= 400 && r.status < 500 && e.error?.code) throw new AppError(r.status, e.error.code, e.error.message ?? 'Refused.', e.error.details);
    throw new AppError(502, 'carrier_unavailable', `Our inbound webhook answered the simulator HTTP ${r.status}.`);
  }
  return inboundResult(ctx, auth.accountId, own.provider, r.providerMessageId);
}

export interface AttachInput { connectionId: string; phoneNumber?: string; type?: NumberType; mps?: number }

/** A number as the carrier account writes it: E.164, or the digits of a short code. */
function attachableNumber(input: AttachInput, defaultCountry: string): string {
  const raw = input.phoneNumber?.trim();
  if (!raw) {
    throw unprocessable('phone_number_required', 'Give the phoneNumber of a number on this carrier account.', { field: 'phoneNumber' });
  }
  if (input.type === 'short_code') {
    if (/^\d{3,8}$/.test(raw)) return raw;
    throw unprocessable('invalid_phone', 'A short code is 3–8 digits.', { field: 'phoneNumber' });
  }
  const parsed = parsePhone(raw, defaultCountry);
  if (!parsed) throw unprocessable('invalid_phone', 'phoneNumber is not a valid phone number (E.164, e.g. +14155550100).', { field: 'phoneNumber' });
  return parsed.e164;
}

/**
 * Attaches an existing number of a carrier account to the account through one of its provider
 * connections; the number's provider becomes the connection's kind. The connection is
 * share-locked until the number is written, so a concurrent delete cannot orphan it.
 */
export async function attachNumber(ctx: Ctx, auth: AuthContext, input: AttachInput, meta: RequestMeta) {
  if (!input.phoneNumber?.trim()) return buyThrough(ctx, auth, input, meta);
  const phoneNumber = attachableNumber(input, auth.account.defaultCountry);
  // Where the carrier can list the account's numbers, the number must be one of them.
  const onCarrier = await carrierNumberFor(ctx, auth.accountId, input.connectionId, phoneNumber);
  return attachListed(ctx, auth, input, phoneNumber, onCarrier, meta);
}

/**
 * `POST /v1/numbers {connectionId}` without a phoneNumber: a number bought through the connection, where its
 * carrier can (Twilio: the first SMS number it offers in the account's country, its SmsUrl ours), recorded as
 * provisioned (its release gives it back). If recording it fails, the number is given back at once (best effort).
 */
async function buyThrough(ctx: Ctx, auth: AuthContext, input: AttachInput, meta: RequestMeta) {
  const type = input.type ?? 'long_code';
  const connectionId = fromPublicId('connection', input.connectionId);
  if (!connectionId) throw notFound('Provider connection');
  const got = await provisionOnConnection(ctx, auth.accountId, connectionId, { type, country: auth.account.defaultCountry });
  try {
    return await attachListed(ctx, auth, { ...input, type }, got.phoneNumber, { type, providerRef: got.providerRef }, meta, 'provisioned');
  } catch (err) {
    await releaseOnConnection(ctx, auth.accountId, connectionId, got.providerRef).catch(() => {});
    throw err;
  }
}

/** Writes an attached number (its carrier entry already looked up, or null for kinds that cannot list), or one just bought. */
async function attachListed(ctx: Ctx, auth: AuthContext, input: AttachInput, phoneNumber: string, onCarrier: { type?: NumberType; providerRef: string } | null, meta: RequestMeta, origin: 'attached' | 'provisioned' = 'attached') {
  const type = input.type ?? onCarrier?.type ?? 'long_code';
  try {
    return await withTx(ctx.db, async (tx) => {
      const conn = await connectionForAttach(ctx, tx, auth.accountId, input.connectionId);
      const [n] = await tx.insert(phoneNumbers).values({
        id: newUuid(), accountId: auth.accountId, phoneNumber, provider: conn.kind, connectionId: conn.id, providerRef: onCarrier?.providerRef ?? null, type, mps: input.mps ?? DEFAULT_MPS[type],
        origin,
      }).returning();
      await tx.insert(senderBuckets).values({ numberId: n.id, accountId: auth.accountId, tokens: n.mps, refilledAt: new Date() });
      await insertRoute(tx, { phoneNumber: n.phoneNumber, accountId: auth.accountId, numberId: n.id });
      await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: origin === 'provisioned' ? 'number.provisioned' : 'number.attached', target: { type: 'number', id: n.id }, meta, details: { phoneNumber: n.phoneNumber, provider: n.provider, connectionId: toPublicId('connection', conn.id) } });
      return n;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('number_taken', 'This number is already in use on West Message.', { field: 'phoneNumber' });
    throw err;
  }
}

/** A number of the carrier account behind a connection, and whether this account already uses it. */
export interface CarrierNumberView { phoneNumber: string; type: NumberType; mms: boolean; attached: NumberRow | null; carrier: { type?: NumberType; providerRef: string } }

/** The numbers the carrier account behind a connection holds (Twilio: IncomingPhoneNumbers), each marked attached or not. */
export async function carrierNumbers(ctx: Ctx, auth: AuthContext, connectionId: string): Promise<CarrierNumberView[]> {
  const listed = await listCarrierNumbers(ctx, auth.accountId, connectionId);
  if (!listed) throw unprocessable('listing_not_supported', 'This kind of carrier cannot list its numbers; attach each number by phoneNumber.', { field: 'connectionId' });
  const mine = new Map((await listNumbers(ctx.db, auth.accountId)).map((n) => [n.phoneNumber, n]));
  return listed.map((n) => ({ phoneNumber: n.phoneNumber, type: n.type ?? 'long_code', mms: n.mms ?? false, attached: mine.get(n.phoneNumber) ?? null, carrier: n }));
}

export type ImportSkip = { phoneNumber: string; reason: 'already_attached' | 'number_taken' | 'number_not_on_carrier' };

/**
 * Imports the carrier account's existing numbers onto a connection: every listed number not yet in
 * use here (or only those given), each attached in its own transaction (a number held by another
 * account is skipped, not fatal). Answers what was imported and what was skipped, and why.
 */
export async function importCarrierNumbers(ctx: Ctx, auth: AuthContext, connectionId: string, only: string[] | undefined, meta: RequestMeta) {
  const listed = await carrierNumbers(ctx, auth, connectionId);
  const skipped: ImportSkip[] = [];
  let wanted = listed;
  if (only) {
    const asked = new Set(only.map((p) => attachableNumber({ connectionId, phoneNumber: p }, auth.account.defaultCountry)));
    wanted = listed.filter((n) => asked.has(n.phoneNumber));
    for (const p of asked) if (!listed.some((n) => n.phoneNumber === p)) skipped.push({ phoneNumber: p, reason: 'number_not_on_carrier' });
  }
  const imported: NumberRow[] = [];
  for (const n of wanted) {
    if (n.attached) {
      skipped.push({ phoneNumber: n.phoneNumber, reason: 'already_attached' });
      continue;
    }
    try {
      imported.push(await attachListed(ctx, auth, { connectionId }, n.phoneNumber, n.carrier, meta));
    } catch (err) {
      if (err instanceof AppError && err.code === 'number_taken') skipped.push({ phoneNumber: n.phoneNumber, reason: 'number_taken' });
      else throw err;
    }
  }
  return { imported, skipped };
}

/** The live numbers on the given connections (the connections module reads them through this). */
export async function numbersOn(db: Db, accountId: string, connectionIds: string[]): Promise<AttachedNumber[]> {
  if (!connectionIds.length) return [];
  return db.select({ id: phoneNumbers.id, phoneNumber: phoneNumbers.phoneNumber, connectionId: phoneNumbers.connectionId }).from(phoneNumbers)
    .where(and(eq(phoneNumbers.accountId, accountId), inArray(phoneNumbers.connectionId, connectionIds), isNull(phoneNumbers.releasedAt)))
    .orderBy(asc(phoneNumbers.createdAt));
}

/** Where each number of these accounts posts inbound texts in Twilio's form, and since when: `${accountId}:${numberId}` → {url, since} (numbers without one are absent). */
export async function twilioSmsUrlsOf(db: Db, accountIds: string[]): Promise<Map<string, { url: string; since: Date | null }>> {
  return new Map((await twilioSmsUrls(db, accountIds)).flatMap((n) => (n.url ? [[`${n.accountId}:${n.id}`, { url: n.url, since: n.since }] as const] : [])));
}

/**
 * The numbers a caller may list: all of the account's; a partner caller only the grant's numbers
 * (every number when the grant is by team), as id, number, kind and type — a number's settings
 * (keyword replies, Twilio-compatible URL, connection, throughput) are the client's, never the
 * partner's, and come back empty.
 */
export async function numbersFor(ctx: Ctx, auth: AuthContext) {
  const rows = await listNumbers(ctx.db, auth.accountId);
  const p = auth.partner;
  if (!p) return rows.map(presentNumber);
  return rows.filter((n) => !p.numberIds || p.numberIds.includes(n.id))
    .map((n) => ({ ...presentNumber(n), connectionId: null, mps: 0, keywordReplies: {}, customKeywords: [], twilioSmsUrl: null }));
}

export async function listNumbers(db: Db, accountId: string) {
  return db.select().from(phoneNumbers).where(and(eq(phoneNumbers.accountId, accountId), isNull(phoneNumbers.releasedAt))).orderBy(asc(phoneNumbers.createdAt));
}

export async function findNumber(db: Db, accountId: string, publicIdOrE164: string) {
  const id = fromPublicId('number', publicIdOrE164);
  const where = id ? eq(phoneNumbers.id, id) : eq(phoneNumbers.phoneNumber, publicIdOrE164);
  const [n] = await db.select().from(phoneNumbers).where(and(eq(phoneNumbers.accountId, accountId), isNull(phoneNumbers.releasedAt), where));
  return n ?? null;
}

export interface NumberPatch {
  mps?: number;
  keywordReplies?: Partial<Record<'opt_out' | 'opt_in' | 'help', string | null>>;
  customKeywords?: Array<{ word: string; kind: 'opt_out' | 'opt_in' | 'help' | 'custom'; reply?: string }>;
  /** Twilio-compatible inbound webhook (null removes it). */
  twilioSmsUrl?: string | null;
}

/** A Twilio SMS URL must be http(s) and reach only addresses the outbound guard allows (the webhooks' allow-list). */
async function checkTwilioSmsUrl(ctx: Ctx, url: string): Promise<void> {
  const r = await checkTarget(url, { allowedHosts: ctx.config.webhooks.allowedHosts, matchAddresses: true });
  if ('ok' in r) throw unprocessable(r.code === 'address_not_allowed' ? 'url_not_allowed' : 'invalid_url', r.message, { field: 'twilioSmsUrl' });
}

/** New texts replace, null removes (back to the default). */
function mergeReplies(current: Record<string, string>, patch: Record<string, string | null | undefined>) {
  const out = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else if (v !== undefined) out[k] = v;
  }
  return out;
}

export async function updateNumber(ctx: Ctx, auth: AuthContext, publicId: string, patch: NumberPatch, meta: RequestMeta) {
  const n = await findNumber(ctx.db, auth.accountId, publicId);
  if (!n || !fromPublicId('number', publicId)) throw notFound('Number');
  if (patch.mps === undefined && !patch.keywordReplies && !patch.customKeywords && patch.twilioSmsUrl === undefined) {
    throw unprocessable('empty_patch', 'Send at least one of mps, keywordReplies, customKeywords or twilioSmsUrl.');
  }
  if (patch.twilioSmsUrl) await checkTwilioSmsUrl(ctx, patch.twilioSmsUrl);
  const customKeywords = patch.customKeywords?.map((k) => {
    const word = validateCustomKeyword(k.word);
    if (!word) throw unprocessable('invalid_keyword', `"${k.word}" is not a valid keyword (1–2 words of letters or digits).`, { field: 'customKeywords' });
    return { ...k, word };
  });
  return withTx(ctx.db, async (tx) => {
    const [u] = await tx
      .update(phoneNumbers)
      .set({ ...(patch.mps !== undefined ? { mps: patch.mps } : {}), ...(patch.keywordReplies ? { keywordReplies: mergeReplies(n.keywordReplies, patch.keywordReplies) } : {}), ...(customKeywords ? { customKeywords } : {}), ...(patch.twilioSmsUrl !== undefined && patch.twilioSmsUrl !== n.twilioSmsUrl ? { twilioSmsUrl: patch.twilioSmsUrl, twilioSmsUrlSince: patch.twilioSmsUrl ? ctx.now() : null } : {}) })
      .where(and(eq(phoneNumbers.accountId, auth.accountId), eq(phoneNumbers.id, n.id)))
      .returning();
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'number.updated', target: { type: 'number', id: n.id }, meta, details: { fields: Object.keys(patch), ...(patch.twilioSmsUrl !== undefined ? { twilioSmsUrl: patch.twilioSmsUrl } : {}) } });
    return u;
  });
}

/** Gives a number bought through West Message back to its carrier, after its release (queued in the release's transaction). */
export const NUMBER_RELEASE_JOB = 'numbers.release_at_carrier';
export interface NumberReleaseJob { accountId: string; numberId: string }

/** Waiting texts canceled per transaction when a number is released with them (as a campaign's cancel pages them). */
const RELEASE_CANCEL_PAGE = 1000;

/** What a release did: the number, when, the waiting texts it canceled, and whether the carrier gets it back. */
export interface Released {
  number: NumberRow;
  canceled: number;
  /** 'releasing': bought here, given back to the carrier by a job; 'kept': attached, it stays the business's at its carrier. */
  carrier: 'releasing' | 'kept';
}

/**
 * In a transaction that must not go on with a number being released (a partner grant saved with these numbers, a
 * campaign's fan-out batch writing texts from one): the account's live numbers among `ids`, locked shared — a release
 * waits for the transaction, then finds what it wrote (the grant to take the number out of, the texts waiting: 409 or
 * canceled); a transaction waiting for a release sees the number released.
 */
export const lockLiveNumbers = (tx: Db, accountId: string, ids: string[]): Promise<string[]> => lockLiveNumbersShared(tx, accountId, ids);

/** Other modules' work when a number is released, in its transaction (wired by the composition root: partner grants drop it). */
export type NumberReleasedPort = (tx: Db, e: { accountId: string; accountName: string; numberId: string; actor: AuthContext['actor']; meta: RequestMeta; at: Date }) => Promise<void>;

/**
 * `DELETE /v1/numbers/:id`: the number stops being the account's. In one transaction it is marked
 * released (sends from it are refused, its monthly charge stops) and its inbound route deleted (texts to
 * it reach nobody here; another account may attach it); a number bought through West Message is then
 * given back to its carrier by a job (retried), an attached one stays the business's at its carrier.
 * Texts waiting to go from it refuse the release (409 `number_has_queued_messages`) unless `cancelQueued`:
 * then they are canceled (`number_released`) in pages after it. Texts a dispatcher already holds finish
 * their attempt.
 */
export async function releaseNumber(ctx: Ctx, auth: AuthContext, publicId: string, opts: { cancelQueued: boolean }, meta: RequestMeta, numberReleased?: NumberReleasedPort): Promise<Released> {
  const id = fromPublicId('number', publicId);
  const found = id ? await findNumber(ctx.db, auth.accountId, publicId) : null;
  if (!found) throw notFound('Number');
  const { number, carrier } = await withTx(ctx.db, async (tx) => {
    const n = await lockLiveNumber(tx, auth.accountId, found.id);
    if (!n) throw notFound('Number'); // released meanwhile
    const waiting = await countWaiting(tx, auth.accountId, n.id);
    if (waiting > 0 && !opts.cancelQueued) {
      throw conflict('number_has_queued_messages', `${waiting} text${waiting === 1 ? ' is' : 's are'} waiting to be sent from this number. Release it with cancelQueued=true to cancel them.`, { queued: waiting });
    }
    const at = ctx.now();
    await markReleased(tx, n.accountId, n.id, at);
    await numberReleased?.(tx, { accountId: n.accountId, accountName: auth.account.name, numberId: n.id, actor: auth.actor, meta, at });
    const giveBack = n.origin === 'provisioned' && n.connectionId !== null && n.providerRef !== null;
    if (giveBack) await ctx.jobs.send(NUMBER_RELEASE_JOB, { accountId: n.accountId, numberId: n.id } satisfies NumberReleaseJob, tx);
    await recordAudit(tx, {
      accountId: auth.accountId, actor: auth.actor, action: 'number.released', target: { type: 'number', id: n.id }, meta,
      details: { phoneNumber: n.phoneNumber, provider: n.provider, origin: n.origin, carrier: giveBack ? 'releasing' : 'kept', ...(waiting ? { waiting } : {}) },
    });
    return { number: { ...n, releasedAt: at }, carrier: giveBack ? 'releasing' as const : 'kept' as const };
  });
  let canceled = 0;
  if (opts.cancelQueued) {
    for (;;) {
      const page = await cancelWaitingPage(ctx, number.accountId, number.id);
      canceled += page.canceled;
      if (page.locked < RELEASE_CANCEL_PAGE || page.canceled === 0) break;
    }
  }
  return { number, canceled, carrier };
}

/**
 * Cancels a page of a released number's waiting texts no dispatcher holds (`number_released`), in its own
 * transaction. The release runs it; so does the dispatcher for a released number that still has texts
 * due (queued after the release's look: a send that read the number live, a campaign's fan-out, a claim
 * given back), so none is ever sent from a number the business gave up.
 */
export async function cancelWaitingPage(ctx: Ctx, accountId: string, numberId: string): Promise<{ locked: number; canceled: number }> {
  return withTx(ctx.db, async (tx) => {
    const page = await lockWaitingOfNumber(tx, accountId, numberId, RELEASE_CANCEL_PAGE);
    const done = await changeStatuses(tx, page.map((m) => ({ id: m.id, accountId, from: m.status, to: 'canceled' as const, errorCode: 'number_released' })), 'api');
    return { locked: page.length, canceled: done.length };
  });
}

/**
 * The job: gives the released number back to its carrier through its connection (idempotent; a deleted connection ends it),
 * and marks the give-back done (given back, or the number attached again) — until then its connection cannot be deleted.
 */
export async function releaseAtCarrier(ctx: Ctx, job: NumberReleaseJob): Promise<string> {
  const n = await findReleased(ctx.db, job.accountId, job.numberId);
  if (!n || n.origin !== 'provisioned' || !n.connectionId || !n.providerRef) return 'nothing';
  if (n.givenBackAt) return 'released';
  // Attached again since (the carrier account still listed it): it is in use, not given back.
  if (await liveWithRef(ctx.db, n.accountId, n.connectionId, n.providerRef)) {
    await markGivenBack(ctx.db, n.accountId, n.id, ctx.now());
    return 'in_use';
  }
  const r = await releaseOnConnection(ctx, n.accountId, n.connectionId, n.providerRef);
  if (r !== 'connection_gone') await markGivenBack(ctx.db, n.accountId, n.id, ctx.now());
  return r;
}

/** The account's numbers its erasure gives back to their carriers (the privacy module reads them through this). */
export const toGiveBackAtErasure = (db: Db, accountId: string) => toGiveBackAtErasureRepo(db, accountId);

/**
 * Before the account's erasure (the privacy module calls it, once the erasure is due and can no longer be canceled): every
 * number bought through West Message is given back to its carrier through its connection, one at a time — a live one is
 * released first (as DELETE /v1/numbers/:id, without the audit: the account's log goes with it), then given back as the job
 * would; an attached one is left alone (only detached by the erasure). Answers the numbers given back, and those the carrier
 * kept (refused, unreachable) with why: the erasure keeps what giving those back needs.
 */
export async function giveBackAtErasure(ctx: Ctx, accountId: string) {
  const givenBack: Array<{ id: string; phoneNumber: string }> = [];
  const kept: Array<{ id: string; phoneNumber: string; reason: string }> = [];
  for (const n of await toGiveBackAtErasureRepo(ctx.db, accountId)) {
    try {
      await withTx(ctx.db, async (tx) => {
        if (await lockLiveNumber(tx, accountId, n.id)) await markReleased(tx, accountId, n.id, ctx.now());
      });
      const r = await releaseAtCarrier(ctx, { accountId, numberId: n.id });
      if (r === 'released' || r === 'not_supported') givenBack.push({ id: n.id, phoneNumber: n.phoneNumber });
    } catch (err) {
      kept.push({ id: n.id, phoneNumber: n.phoneNumber, reason: (err instanceof Error ? err.message : String(err)).slice(0, 300) });
    }
  }
  return { givenBack, kept };
}

/** Released numbers bought through the connection and not given back yet (the connections module reads them through this). */
export const toGiveBackOn = (db: Db, accountId: string, connectionId: string) => toGiveBackOnRepo(db, accountId, connectionId);

/**
 * Before the connection is deleted (the connections module calls it): gives back now, one at a time, what is still to give
 * back through it (as the job would); answers the numbers its carrier kept, and why.
 */
export async function giveBackOn(ctx: Ctx, accountId: string, connectionId: string): Promise<Array<{ id: string; phoneNumber: string; reason: string }>> {
  const kept: Array<{ id: string; phoneNumber: string; reason: string }> = [];
  for (const n of await toGiveBackOnRepo(ctx.db, accountId, connectionId)) {
    try {
      await releaseAtCarrier(ctx, { accountId, numberId: n.id });
    } catch (err) {
      kept.push({ id: n.id, phoneNumber: n.phoneNumber, reason: (err instanceof Error ? err.message : String(err)).slice(0, 300) });
    }
  }
  return kept;
}
