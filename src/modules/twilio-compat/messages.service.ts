/**
 * The Messages resource of the Twilio-compatible API: create (through our normal send path —
 * consent, suppression, quiet hours for scheduled sends, encoding), fetch, list with Twilio's
 * paging, cancel / redact, delete. Parameters arrive as Twilio names them (form or query);
 * refusals are Twilio errors (errors.ts).
 *
 * A send records its messaging service and StatusCallback (twilio_messages) BEFORE the message
 * exists, under a request id the message carries as its idempotency key (`twilio:<id>`), so the
 * status-callback consumer finds it for the message's very first event (no race).
 */
import { createHash } from 'node:crypto';
import type { Ctx } from '../../context.js';
import type { AuthContext } from '../../http/auth.js';
import type { RequestMeta } from '../../lib/actor.js';
import { AppError } from '../../lib/errors.js';
import { newUuid, toPublicId } from '../../lib/ids.js';
import type { FormParams } from '../../providers/twilio/signature.js';
import {
  cancelScheduledMessage, deleteApiMessage, findApiMessage, listApiMessages, redactMessageBody, type ApiListPosition, type ApiListRow, type ApiMessageFilter,
} from '../messaging/api-messages.service.js';
import type { MessageRow } from '../messaging/messages.service.js';
import { findPool, poolNumbers } from '../messaging/pools.service.js';
import { sendMessage } from '../messaging/send.service.js';
import { eraseMessageDeliveries, redactMessageDeliveries } from '../webhooks/erasure.service.js';
import { TW, TwilioError, toTwilioError } from './errors.js';
import { eraseInboundDeliveries, redactInboundAnswers } from './inbound-log.service.js';
import { messageJson, messagePage } from './message-json.js';
import { decodePageToken, encodePageToken, type PageToken } from './page-token.js';
import * as repo from './messages.repo.js';
import { isSid, sidOf, uuidOfSid } from './sids.js';

const KEY_PREFIX = 'twilio:';
const SCHEDULE_MIN_MS = 900_000;
const SCHEDULE_MAX_MS = 35 * 86_400_000;

const one = (f: FormParams, name: string): string | undefined => {
  const v = f[name];
  return Array.isArray(v) ? v[v.length - 1] : v;
};
const many = (f: FormParams, name: string): string[] => {
  const v = f[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};
const bad = (code: number, message: string, status = 400) => new TwilioError(status, code, message);
const isHttpUrl = (v: string) => {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch { return false; }
};

/**
 * Twilio parameters of Messages create that this API does not carry out. Those that would change
 * what is sent — its content (a Content template, shortened links, rich actions), its form (MMS
 * without media), its sender (an RCS fallback), whether it goes at all (a validity period shorter
 * than Twilio's default: we never drop a text that waited), what is kept of it (retention other than
 * 'retain'), or where its status goes (a TwiML App instead of a StatusCallback) — are refused with
 * 30700, so a developer never gets something other than what they asked for. The rest change nothing
 * we send and are ignored, as Twilio ignores parameters it does not know: Attempt, MaxPrice (obsolete
 * at Twilio), ProvideFeedback (no Feedback resource), ForceDelivery (reserved), MessageIntent,
 * TrafficType, RiskCheck (our fraud checks always run), ApplicationSid beside a StatusCallback
 * (Twilio ignores it then too), ValidityPeriod=36000 (Twilio's default), and false / 'retain' values.
 */
function refuseUnsupported(form: FormParams, hasMedia: boolean, statusCallback: string | null) {
  const given = (name: string) => (one(form, name) ?? '').trim();
  const yes = (name: string) => given(name).toLowerCase() === 'true';
  const refusals: Array<[string, boolean, string]> = [
    ['ContentSid', !!given('ContentSid'), 'Content templates are not supported; send the text as Body.'],
    ['ContentVariables', !!given('ContentVariables'), 'Content templates are not supported; send the text as Body.'],
    ['ShortenUrls', yes('ShortenUrls'), 'links are sent as written; shorten them before sending.'],
    ['SendAsMms', yes('SendAsMms') && !hasMedia, 'a text without MediaUrl is sent as SMS.'],
    ['PersistentAction', many(form, 'PersistentAction').some((v) => v.trim()), 'rich actions are not supported.'],
    ['FallbackFrom', !!given('FallbackFrom'), 'there is no RCS here; texts go from From or the messaging service.'],
    ['ContentRetention', !!given('ContentRetention') && given('ContentRetention') !== 'retain', "the body is kept as the account's retention settings say."],
    ['AddressRetention', !!given('AddressRetention') && given('AddressRetention') !== 'retain', "addresses are kept as the account's retention settings say."],
    ['ValidityPeriod', !!given('ValidityPeriod') && given('ValidityPeriod') !== '36000', 'a queued text is never dropped for waiting too long.'],
    ['ApplicationSid', !!given('ApplicationSid') && !statusCallback, 'there are no TwiML Apps here; give a StatusCallback.'],
  ];
  const hit = refusals.find(([, refused]) => refused);
  if (hit) throw bad(TW.featureUnavailable, `${hit[0]} is not supported by this API: ${hit[2]}`);
}

/** Runs one of our use cases; our errors leave as Twilio's. */
async function ours<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AppError) throw toTwilioError(err);
    throw err;
  }
}

/** The request id a message sent through this API carries in its idempotency key. */
const requestIdOf = (m: Pick<MessageRow, 'idempotencyKey'>) => (m.idempotencyKey?.startsWith(KEY_PREFIX) ? m.idempotencyKey.slice(KEY_PREFIX.length) : null);
export const twilioRequestIdOf = requestIdOf;

/** The messaging service SID of each message (null when it was not sent through one). */
async function serviceSids(ctx: Ctx, accountId: string, rows: MessageRow[]): Promise<Map<string, string | null>> {
  const ids = rows.map(requestIdOf).filter((x): x is string => !!x);
  const found = new Map((await repo.twilioMessagesByIds(ctx.db, accountId, ids)).map((r) => [r.messageId, r]));
  return new Map(rows.map((m) => {
    const pool = found.get(requestIdOf(m) ?? '')?.poolId;
    return [m.id, pool ? sidOf('MG', pool) : null];
  }));
}

async function present(ctx: Ctx, auth: AuthContext, m: MessageRow) {
  return messageJson(auth.account.twilioAccountSid, m, (await serviceSids(ctx, auth.accountId, [m])).get(m.id) ?? null);
}

function scheduleOf(form: FormParams, now: Date, service: string | null): string | undefined {
  const type = one(form, 'ScheduleType');
  const sendAt = one(form, 'SendAt');
  if (type === undefined && sendAt === undefined) return undefined;
  if (type !== undefined && type !== 'fixed') throw bad(TW.scheduleTypeUnsupported, `ScheduleType '${type}' is not supported; use 'fixed'.`);
  if (!sendAt) throw bad(TW.sendAtMissing, "SendAt is required when ScheduleType is 'fixed'.");
  if (type !== 'fixed') throw bad(TW.sendAtMissing, "Set ScheduleType to 'fixed' to schedule with SendAt.");
  if (!service) throw bad(TW.serviceRequiredToSchedule, 'A MessagingServiceSid is required to schedule a message.');
  const at = new Date(sendAt);
  const ahead = at.getTime() - now.getTime();
  if (Number.isNaN(ahead) || ahead < SCHEDULE_MIN_MS || ahead > SCHEDULE_MAX_MS) {
    throw bad(TW.sendAtOutOfWindow, 'SendAt must be between 15 minutes and 35 days in the future (ISO-8601, UTC).');
  }
  return at.toISOString();
}

/** The pool a MessagingServiceSid names, and the sender it gives this recipient (stable per recipient while the pool is unchanged). */
async function serviceSender(ctx: Ctx, auth: AuthContext, service: string, to: string) {
  const id = uuidOfSid('MG', service);
  const pool = id ? await findPool(ctx.db, auth.accountId, toPublicId('pool', id)) : null;
  if (!pool) throw bad(TW.notFound, `The Messaging Service ${service} was not found.`, 404);
  const numbers = await poolNumbers(ctx.db, auth.accountId, pool.id);
  if (!numbers.length) throw bad(21704, 'The Messaging Service contains no phone numbers.');
  const pick = createHash('sha256').update(to.replace(/[^\d]/g, '')).digest().readUInt32BE(0) % numbers.length;
  return { poolId: pool.id, from: toPublicId('number', numbers[pick].id) };
}

export async function createMessage(ctx: Ctx, auth: AuthContext, form: FormParams) {
  const to = one(form, 'To')?.trim();
  if (!to) throw bad(TW.toRequired, "A 'To' phone number is required.");
  // Before the body's check: a template send (ContentSid) usually has no Body, and must hear why it is refused.
  refuseUnsupported(form, many(form, 'MediaUrl').some((u) => u.trim()), one(form, 'StatusCallback')?.trim() || null);
  let from = one(form, 'From')?.trim() || null;
  let service = one(form, 'MessagingServiceSid')?.trim() || null;
  if (from && isSid('MG', from)) [service, from] = [service ?? from, null];
  if (!from && !service) throw bad(TW.fromRequired, "A 'From' phone number is required.");
  const body = one(form, 'Body') ?? '';
  const media = many(form, 'MediaUrl').map((u) => u.trim()).filter(Boolean);
  if (!body && !media.length) throw bad(TW.bodyRequired, 'Message body is required.');
  if (media.some((u) => !isHttpUrl(u))) throw bad(TW.invalidMedia, 'A MediaUrl is not a valid http(s) URL.');
  const statusCallback = one(form, 'StatusCallback')?.trim() || null;
  if (statusCallback && !isHttpUrl(statusCallback)) throw bad(21609, 'The StatusCallback URL is not a valid http(s) URL.');
  const sendAt = scheduleOf(form, ctx.now(), service);
  const smart = (one(form, 'SmartEncoded') ?? '').toLowerCase() === 'true';
  const sender = service ? await serviceSender(ctx, auth, service, to) : null;
  const requestId = newUuid();
  await repo.insertTwilioMessage(ctx.db, { accountId: auth.accountId, messageId: requestId, poolId: sender?.poolId ?? null, statusCallback });
  try {
    const m = await ours(() => sendMessage(ctx, auth, {
      from: from ?? sender!.from, to, body, smartEncoding: smart, sendAt, mediaUrls: media.length ? media : undefined, idempotencyKey: KEY_PREFIX + requestId,
    }));
    return messageJson(auth.account.twilioAccountSid, m, sender ? sidOf('MG', sender.poolId) : null);
  } catch (err) {
    await repo.deleteTwilioMessage(ctx.db, auth.accountId, requestId);
    throw err;
  }
}

async function messageOr404(ctx: Ctx, auth: AuthContext, sid: string, path: string) {
  const id = uuidOfSid('SM', sid.replace(/\.json$/, ''));
  const m = id ? await findApiMessage(ctx, auth.accountId, id) : null;
  if (!m) throw bad(TW.notFound, `The requested resource ${path} was not found`, 404);
  return m;
}

export async function fetchMessage(ctx: Ctx, auth: AuthContext, sid: string, path: string) {
  return present(ctx, auth, await messageOr404(ctx, auth, sid, path));
}

/** POST …/Messages/{Sid}.json: Status=canceled cancels a scheduled message; Body='' redacts it. */
export async function updateMessage(ctx: Ctx, auth: AuthContext, sid: string, form: FormParams, path: string, meta: RequestMeta) {
  let m = await messageOr404(ctx, auth, sid, path);
  const status = one(form, 'Status');
  const body = one(form, 'Body');
  if (status === undefined && body === undefined) throw bad(TW.invalidParam, 'Give Status=canceled or Body= (empty, to redact).');
  if (status !== undefined && status !== 'canceled') throw bad(TW.invalidParam, "Status may only be set to 'canceled'.");
  if (body !== undefined && body !== '') throw bad(TW.invalidParam, 'Body may only be set to the empty string (redaction).');
  if (status === 'canceled') m = await ours(() => cancelScheduledMessage(ctx, auth.accountId, m.id));
  // The webhook log's copies of the body, and the inbound webhook's stored answers, are redacted in the same transaction (replays copy the log).
  if (body === '') m = await ours(() => redactMessageBody(ctx, auth, m.id, meta, async (tx) => {
    await redactMessageDeliveries(tx, auth.accountId, [m.id], '');
    await redactInboundAnswers(tx, auth.accountId, [m.id]);
  }));
  return present(ctx, auth, m);
}

export async function deleteMessage(ctx: Ctx, auth: AuthContext, sid: string, path: string, meta: RequestMeta) {
  const m = await messageOr404(ctx, auth, sid, path);
  const requestId = requestIdOf(m);
  // The request record, pending callbacks and the inbound webhook's log go in the deletion's transaction: none is left naming a
  // deleted message; the webhook log's deliveries about it keep only that they were made (no body, no number).
  await ours(() => deleteApiMessage(ctx, auth, m.id, meta, async (tx) => {
    if (requestId) await repo.deleteTwilioMessage(tx, auth.accountId, requestId);
    await repo.deleteCallbacksOf(tx, auth.accountId, m.id);
    await eraseInboundDeliveries(tx, auth.accountId, [m.id]);
    await eraseMessageDeliveries(tx, auth.accountId, [m.id]);
  }));
}

// ---- list ----

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const noneAfter9999 = (d: Date) => (d.getUTCFullYear() > 9999 ? undefined : d);
const dayAfter = (d: Date) => noneAfter9999(new Date(d.getTime() + 86_400_000));
function dateParam(name: string, v: string | undefined, end: boolean): Date | undefined {
  if (v === undefined || v === '') return undefined;
  const t = new Date(DAY.test(v) ? `${v}T00:00:00Z` : v);
  // Years 1970–9999 only: the drivers write year 0 and years past 9999 in forms PGlite refuses (a 500).
  if (Number.isNaN(t.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(v) || t.getUTCFullYear() < 1970) throw bad(TW.invalidParam, `${name} is not a date (YYYY-MM-DD or ISO-8601, 1970 or later).`);
  // An upper bound is inclusive: the whole day, or the instant itself (none past 9999).
  return end ? noneAfter9999(new Date(t.getTime() + (DAY.test(v) ? 86_400_000 : 1))) : t;
}

/** The PageToken of a request (none: the first page, or Page by offset); 400 when the list never gave it. */
function pageTokenOf(token: string | undefined): PageToken | null {
  if (!token) return null;
  const t = decodePageToken(token);
  if (!t) throw bad(TW.invalidParam, 'PageToken is not valid.');
  return t;
}
const positionOf = (m: ApiListRow) => ({ us: m.positionUs, id: m.id });

function intParam(name: string, v: string | undefined, dflt: number, min: number, max: number) {
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw bad(TW.invalidParam, `${name} must be a whole number from ${min} to ${max}.`);
  return n;
}

/**
 * One page and the tokens of its neighbours, as Twilio pages: the next page is the one after the
 * page's last message (`PA`), the previous the one before its first (`PB`), each only when a message is
 * there — so walking either way while texts are added neither skips nor repeats one. A page read
 * before a boundary is read nearest first and turned round; the first page (no token, Page 0) has no
 * previous page, as Twilio's.
 */
async function keysetPage(ctx: Ctx, accountId: string, f: ApiMessageFilter, token: PageToken | null, offset: number, pageSize: number) {
  const before = token?.direction === 'before';
  const rows = await listApiMessages(ctx, accountId, f, {
    offset, after: token?.direction === 'after' ? token.position : null, before: before ? token.position : null, limit: pageSize + 1,
  });
  const items = rows.slice(0, pageSize);
  if (before) items.reverse();
  const more = rows.length > pageSize;
  const [first, last] = [items[0], items[items.length - 1]];
  const any = async (p: { after?: ApiListPosition; before?: ApiListPosition }) =>
    (await listApiMessages(ctx, accountId, f, { offset: 0, after: p.after ?? null, before: p.before ?? null, limit: 1 })).length > 0;
  const hasNext = last ? (before ? await any({ after: positionOf(last) }) : more) : false;
  const hasPrevious = first ? (before ? more : (token !== null || offset > 0) && (await any({ before: positionOf(first) }))) : false;
  return {
    items,
    nextToken: hasNext ? encodePageToken('after', positionOf(last)) : null,
    previousToken: hasPrevious ? encodePageToken('before', positionOf(first)) : null,
  };
}

export async function listMessages(ctx: Ctx, auth: AuthContext, query: Record<string, string | string[] | undefined>) {
  const q = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? v[v.length - 1] : v])) as Record<string, string | undefined>;
  const pageSize = intParam('PageSize', q.PageSize, 50, 1, 1000);
  const page = intParam('Page', q.Page, 0, 0, 1_000_000);
  const token = pageTokenOf(q.PageToken);
  const on = dateParam('DateSent', q.DateSent, false);
  const f: ApiMessageFilter = {
    to: q.To?.trim() || undefined, from: q.From?.trim() || undefined,
    since: on ?? dateParam('DateSent>', q['DateSent>'], false),
    until: on ? dayAfter(on) : dateParam('DateSent<', q['DateSent<'], true),
  };
  const { items, nextToken, previousToken } = await keysetPage(ctx, auth.accountId, f, token, page * pageSize, pageSize);
  const sids = await serviceSids(ctx, auth.accountId, items);
  const filters = new URLSearchParams();
  for (const k of ['To', 'From', 'DateSent', 'DateSent<', 'DateSent>']) if (q[k]) filters.set(k, q[k]!);
  return messagePage(auth.account.twilioAccountSid, items.map((m) => messageJson(auth.account.twilioAccountSid, m, sids.get(m.id) ?? null)), {
    page, pageSize, query: filters, nextToken, previousToken,
  });
}
