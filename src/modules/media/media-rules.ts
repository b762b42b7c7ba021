/**
 * The rules of MMS media, pure: which files a send may carry (sniffed from their bytes, never
 * from a header or a file name), how much, and the signed, expiring URLs carriers fetch them at.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** What an outgoing MMS may carry (DESIGN / issue 8: JPEG, PNG, GIF). */
export const SENDABLE_TYPES = ['image/jpeg', 'image/png', 'image/gif'] as const;
export type SendableType = (typeof SENDABLE_TYPES)[number];
/** Up to 5 MB of media in all on one message (Twilio's limit for JPEG/PNG/GIF). */
export const MAX_MESSAGE_MEDIA_BYTES = 5 * 1024 * 1024;
/** Twilio takes at most 10 media on a message. */
export const MAX_MEDIA_PER_MESSAGE = 10;
/** An inbound file above this is not kept (carriers cap MMS well below). */
export const MAX_INBOUND_MEDIA_BYTES = 10 * 1024 * 1024;

/** The image type the bytes are, by their signature; null for anything else. */
export function sniffImageType(bytes: Uint8Array): SendableType | null {
  const b = bytes;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'image/png';
  if (b.length >= 6 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38 && (b[4] === 0x37 || b[4] === 0x39) && b[5] === 0x61) return 'image/gif';
  return null;
}

export type MediaProblem = 'media_type_not_allowed' | 'media_too_large' | 'media_empty' | 'too_many_media';

/** Why a set of files cannot go on one MMS, or null. `types` are the sniffed types (null: not an allowed image). */
export function outboundMediaProblem(files: Array<{ type: string | null; size: number }>): { problem: MediaProblem; index?: number } | null {
  if (files.length > MAX_MEDIA_PER_MESSAGE) return { problem: 'too_many_media' };
  for (const [index, f] of files.entries()) {
    if (f.size === 0) return { problem: 'media_empty', index };
    if (!f.type || !(SENDABLE_TYPES as readonly string[]).includes(f.type)) return { problem: 'media_type_not_allowed', index };
  }
  if (files.reduce((n, f) => n + f.size, 0) > MAX_MESSAGE_MEDIA_BYTES) return { problem: 'media_too_large' };
  return null;
}

/**
 * The type an inbound file is kept (and served) as: an image when its bytes are one, else the
 * carrier's declared type when it is a plain, harmless one, else application/octet-stream.
 * Only images are ever shown inline; everything else is served as an attachment.
 */
export function inboundType(bytes: Uint8Array, declared: string | null): string {
  const sniffed = sniffImageType(bytes);
  if (sniffed) return sniffed;
  const d = (declared ?? '').split(';')[0].trim().toLowerCase();
  if (/^(video|audio)\/[a-z0-9.+-]{1,60}$/.test(d) || ['text/vcard', 'text/x-vcard', 'application/pdf', 'text/plain', 'text/calendar'].includes(d)) return d;
  return 'application/octet-stream';
}

/** Served inline only when the bytes are an image we recognise. */
export const isInlineType = (contentType: string) => (SENDABLE_TYPES as readonly string[]).includes(contentType);

/** Headers a stored medium is served with: its type, never sniffed by a browser, never run as a document. */
export function servingHeaders(m: { contentType: string; size: number; filename?: string | null }): Record<string, string> {
  const name = (m.filename ?? 'media').replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100) || 'media';
  return {
    'content-type': m.contentType,
    'content-length': String(m.size),
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'content-disposition': `${isInlineType(m.contentType) ? 'inline' : 'attachment'}; filename="${name}"`,
    'cache-control': 'private, no-store',
  };
}

/**
 * The token of a carrier-facing media URL: `<expiry, unix seconds>.<HMAC-SHA256 over account,
 * medium and expiry>` (base64url, 256 bits). Unforgeable without the server's key; useless after expiry.
 */
export function mediaToken(key: string, accountId: string, mediaId: string, expiresAt: number): string {
  const exp = Math.floor(expiresAt / 1000);
  return `${exp}.${mac(key, accountId, mediaId, exp)}`;
}

function mac(key: string, accountId: string, mediaId: string, exp: number) {
  return createHmac('sha256', key).update(`media-url\u0000${accountId}\u0000${mediaId}\u0000${exp}`).digest('base64url');
}

/** Whether the token is this medium's and still valid at `now` (ms). */
export function verifyMediaToken(key: string, accountId: string, mediaId: string, token: string, now: number): boolean {
  const m = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return false;
  const exp = Number(m[1]);
  if (exp * 1000 <= now) return false;
  const want = Buffer.from(mac(key, accountId, mediaId, exp));
  const got = Buffer.from(m[2]);
  return want.length === got.length && timingSafeEqual(want, got);
}
