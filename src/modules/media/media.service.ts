import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import type { MessageMedia } from '../../db/schema/index.js';
import type { AuthContext } from '../../http/auth.js';
import { AppError, notFound, unprocessable } from '../../lib/errors.js';
import { fromPublicId, newUuid, toPublicId } from '../../lib/ids.js';
import { guardedGet, type GuardedResult } from '../../lib/net-guard.js';
import {
  inboundType, MAX_INBOUND_MEDIA_BYTES, MAX_MEDIA_PER_MESSAGE, MAX_MESSAGE_MEDIA_BYTES, mediaToken, outboundMediaProblem, sniffImageType, verifyMediaToken,
} from './media-rules.js';
import * as repo from './media.repo.js';
import { lockUploads } from './retention.repo.js';

export type { MediaRow } from './media.repo.js';

/** A medium ready to go on a message: already stored (an upload), or fetched and stored with the message. */
export interface PreparedMedium {
  id: string;
  contentType: string;
  size: number;
  /** Present when it still has to be stored (with the message, in its transaction). */
  pending?: { bytes: Buffer; source: 'url' | 'inbound'; filename: string | null };
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

const PROBLEM_MESSAGES = {
  media_type_not_allowed: 'MMS media must be JPEG, PNG or GIF images (recognised from the file itself).',
  media_too_large: 'The media of one message may be at most 5 MB in all.',
  media_empty: 'A media file is empty.',
  too_many_media: `A message may carry at most ${MAX_MEDIA_PER_MESSAGE} media.`,
} as const;

/** Fetch failures of a send's `mediaUrls` → the error the caller sees. */
const FETCH_ERRORS: Record<Extract<GuardedResult, { ok: false }>['code'], [string, string]> = {
  invalid_url: ['invalid_media_url', 'A media URL is not an http(s) URL this server can fetch.'],
  address_not_allowed: ['media_url_not_allowed', 'A media URL points at a private, loopback or otherwise internal address.'],
  unresolvable: ['media_fetch_failed', 'A media URL\'s host could not be resolved.'],
  timeout: ['media_fetch_failed', 'A media URL did not answer in time.'],
  too_large: ['media_too_large', PROBLEM_MESSAGES.media_too_large],
  http_error: ['media_fetch_failed', 'A media URL answered with an error.'],
  network_error: ['media_fetch_failed', 'A media URL could not be fetched.'],
  too_many_redirects: ['media_fetch_failed', 'A media URL redirected too often.'],
};

async function readCapped(stream: Readable, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of stream) {
    size += (c as Buffer).length;
    if (size <= max) chunks.push(c as Buffer); // past the cap the rest is drained, not kept
  }
  return size > max ? null : Buffer.concat(chunks);
}

/** Stores an uploaded image of the business (reusable in any number of messages as `mediaIds`). */
export async function uploadMedia(ctx: Ctx, auth: AuthContext, filename: string | null, stream: Readable) {
  const bytes = await readCapped(stream, MAX_MESSAGE_MEDIA_BYTES);
  if (!bytes) throw new AppError(413, 'media_too_large', PROBLEM_MESSAGES.media_too_large, { field: 'file' });
  const type = sniffImageType(bytes);
  const problem = outboundMediaProblem([{ type, size: bytes.length }]);
  if (problem) throw unprocessable(problem.problem, PROBLEM_MESSAGES[problem.problem], { field: 'file' });
  const row = { accountId: auth.accountId, id: newUuid(), contactId: null, source: 'upload', contentType: type!, size: bytes.length, sha256: sha256(bytes), filename: filename?.slice(0, 200) ?? null, bytes, createdBy: auth.userId };
  await repo.insertMedia(ctx.db, [row]);
  return row;
}

const fetchOptions = (ctx: Ctx, maxBytes: number, allowedHosts: readonly string[], headers?: Record<string, string>) =>
  ({ allowedHosts, onlyHosts: ctx.config.mediaHostsOnly, timeoutMs: ctx.config.mediaFetchTimeoutMs, maxBytes, headers });

/**
 * The media of a send: `mediaIds` (uploads of this account) and `mediaUrls` (fetched now, through
 * the address guard, each checked by its bytes). Refuses with a specific 4xx; stores nothing.
 */
export async function prepareOutboundMedia(ctx: Ctx, accountId: string, input: { mediaIds?: string[]; mediaUrls?: string[] }): Promise<PreparedMedium[]> {
  const ids = input.mediaIds ?? [];
  const urls = input.mediaUrls ?? [];
  if (ids.length + urls.length > MAX_MEDIA_PER_MESSAGE) throw unprocessable('too_many_media', PROBLEM_MESSAGES.too_many_media, { field: 'mediaUrls' });
  const uuids = ids.map((p, index) => {
    const id = fromPublicId('media', p);
    if (!id) throw unprocessable('unknown_media', 'A media id is not one of this account\'s media.', { field: 'mediaIds', index });
    return id;
  });
  const found = await repo.findMediaMeta(ctx.db, accountId, uuids);
  const out: PreparedMedium[] = uuids.map((id, index) => {
    const m = found.find((f) => f.id === id);
    if (!m || m.source !== 'upload') throw unprocessable('unknown_media', 'A media id is not one of this account\'s uploads.', { field: 'mediaIds', index });
    return { id: m.id, contentType: m.contentType, size: m.size };
  });
  const fetched = await Promise.all(urls.map((u) => guardedGet(u, fetchOptions(ctx, MAX_MESSAGE_MEDIA_BYTES, ctx.config.mediaHostsAllowed))));
  for (const [index, r] of fetched.entries()) {
    if (!r.ok) {
      const [code, message] = FETCH_ERRORS[r.code];
      throw unprocessable(code, message, { field: 'mediaUrls', index, reason: r.message });
    }
    const type = sniffImageType(r.bytes);
    out.push({ id: newUuid(), contentType: type ?? 'application/octet-stream', size: r.bytes.length, pending: { bytes: r.bytes, source: 'url', filename: fileNameOf(urls[index]) } });
  }
  const problem = outboundMediaProblem(out.map((m) => ({ type: m.pending ? sniffImageType(m.pending.bytes) : m.contentType, size: m.size })));
  if (problem) {
    const field = problem.index !== undefined && problem.index >= ids.length ? 'mediaUrls' : 'mediaIds';
    const index = problem.index === undefined ? undefined : field === 'mediaUrls' ? problem.index - ids.length : problem.index;
    throw unprocessable(problem.problem, PROBLEM_MESSAGES[problem.problem], { field, ...(index !== undefined ? { index } : {}) });
  }
  return out;
}

function fileNameOf(url: string): string | null {
  try { return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '').slice(0, 200) || null; } catch { return null; }
}

/**
 * What a carrier's inbound message carried, fetched through the same guard (the carrier's own
 * hosts may be allowed by the operator) and kept. A file that cannot be fetched is listed with its error.
 */
export async function fetchInboundMedia(
  ctx: Ctx, items: Array<{ url: string; contentType: string | null }>, opts: { allowedHosts: readonly string[]; headersFor?: (url: string) => Record<string, string> | undefined },
): Promise<Array<PreparedMedium | { error: string; contentType: string }>> {
  return Promise.all(items.slice(0, MAX_MEDIA_PER_MESSAGE).map(async (item) => {
    const r = await guardedGet(item.url, fetchOptions(ctx, MAX_INBOUND_MEDIA_BYTES, opts.allowedHosts, opts.headersFor?.(item.url)));
    if (!r.ok) return { error: r.code, contentType: (item.contentType ?? 'application/octet-stream').slice(0, 100) };
    return { id: newUuid(), contentType: inboundType(r.bytes, item.contentType), size: r.bytes.length, pending: { bytes: r.bytes, source: 'inbound' as const, filename: null } };
  }));
}

/**
 * Stores the media still pending (in the message's transaction) with the contact they belong to
 * (erased with it; none for a campaign's media, the business's own), and returns the list the message keeps.
 */
export async function storeMessageMedia(
  tx: Db, accountId: string, contactId: string | null, media: Array<PreparedMedium | { error: string; contentType: string }>, createdBy: string | null,
): Promise<MessageMedia[] | null> {
  if (!media.length) return null;
  // The uploads it lists are held until this transaction ends: a retention run deleting unused uploads skips them
  // (and sees this message once it commits), or deleted them first, and then this send is refused.
  const uploads = media.flatMap((m) => ('error' in m || m.pending ? [] : [m.id]));
  if ((await lockUploads(tx, accountId, uploads)).length < new Set(uploads).size) {
    throw unprocessable('unknown_media', 'A media id is not one of this account\'s uploads.', { field: 'mediaIds' });
  }
  await repo.insertMedia(tx, media.flatMap((m) => ('pending' in m && m.pending ? [{
    accountId, id: m.id, contactId, source: m.pending.source, contentType: m.contentType, size: m.size, sha256: sha256(m.pending.bytes),
    filename: m.pending.filename, bytes: m.pending.bytes, createdBy,
  }] : [])));
  return media.map((m) => ('error' in m ? { id: null, contentType: m.contentType, size: 0, error: m.error } : { id: m.id, contentType: m.contentType, size: m.size }));
}

/** Public, unguessable, expiring URLs a carrier fetches a message's media at (under PUBLIC_URL). */
export function carrierMediaUrls(ctx: Ctx, accountId: string, media: MessageMedia[] | null | undefined): string[] {
  const expires = ctx.now().getTime() + ctx.config.mediaUrlTtlSeconds * 1000;
  return (media ?? []).flatMap((m) => (m.id ? [carrierMediaUrl(ctx, accountId, m.id, expires)] : []));
}

export const carrierMediaUrl = (ctx: Ctx, accountId: string, mediaId: string, expiresAt: number) =>
  `${ctx.config.publicUrl}/media/${toPublicId('account', accountId)}/${toPublicId('media', mediaId)}/${mediaToken(ctx.config.secretKey, accountId, mediaId, expiresAt)}`;

/** The medium a carrier-facing URL names, when its token is valid now; null otherwise (forged, expired, unknown). */
export async function mediumBySignedUrl(ctx: Ctx, accountPublicId: string, mediaPublicId: string, token: string) {
  const accountId = fromPublicId('account', accountPublicId);
  const id = fromPublicId('media', mediaPublicId);
  if (!accountId || !id || !verifyMediaToken(ctx.config.secretKey, accountId, id, token, ctx.now().getTime())) return null;
  return repo.findMedium(ctx.db, accountId, id);
}

/**
 * A medium of the caller's account, for the signed-in user. `within` (a partner's grant): only media
 * carried by a message of a conversation the grant covers — else 404, as for another account's.
 */
export async function mediumOf(ctx: Ctx, accountId: string, publicId: string, within?: { numberIds: string[] | null; teamIds: string[] | null }) {
  const id = fromPublicId('media', publicId);
  const m = id ? await repo.findMedium(ctx.db, accountId, id) : null;
  if (!m || (within && !(await repo.carriedWithin(ctx.database.query, accountId, m.id, m.contactId, within)))) throw notFound('Media');
  return m;
}

export const presentMedium = (m: { id: string | null; contentType: string; size: number; error?: string }) => ({
  id: m.id ? toPublicId('media', m.id) : null, contentType: m.contentType, size: m.size,
  url: m.id ? `/v1/media/${toPublicId('media', m.id)}` : null, error: m.error ?? null,
});
