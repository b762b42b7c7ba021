/**
 * PageToken of the Twilio-compatible message list (pure). Twilio's next page token is `PA…` (the
 * page after a boundary message), its previous page token `PB…` (the page before it); ours carry the
 * boundary's position in the list — created_at in whole microseconds and the message id — so a page
 * stays where it was while texts are added (keyset, not offset) and is exact for texts created within
 * one millisecond. A token is the caller's to forge: only a uuid and a time in 2000–9999 pass (the
 * database refuses others: a 500); it only ever moves the caller within their own account's list.
 * Tokens given before microseconds (an ISO time in milliseconds) still read.
 */
export type TokenDirection = 'after' | 'before';
export interface PagePosition { us: string; id: string }
export interface PageToken { direction: TokenDirection; position: PagePosition }

const PREFIX: Record<TokenDirection, string> = { after: 'PA', before: 'PB' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MIN_US = BigInt(Date.UTC(2000, 0, 1)) * 1000n;
const MAX_US = BigInt(Date.UTC(9999, 11, 31, 23, 59, 59, 999)) * 1000n + 999n;

export const encodePageToken = (direction: TokenDirection, p: PagePosition) => PREFIX[direction] + Buffer.from(`${p.us}|${p.id}`).toString('base64url');

/** An older token's time: exactly as toISOString wrote it (no rolled-over dates such as 31 February). */
const isIsoTime = (at: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(at) && !Number.isNaN(Date.parse(at)) && new Date(Date.parse(at)).toISOString() === at;

/** The microseconds of a token's time: digits, or (older tokens) an ISO time; null when neither or out of range. */
function microsOf(at: string): string | null {
  let us: bigint;
  if (/^\d{1,19}$/.test(at)) us = BigInt(at);
  else if (isIsoTime(at)) us = BigInt(Date.parse(at)) * 1000n;
  else return null;
  return us >= MIN_US && us <= MAX_US ? us.toString() : null;
}

/** The page a token names; null when it is not one this list gave (the caller answers 400). */
export function decodePageToken(token: string): PageToken | null {
  const direction = token.startsWith(PREFIX.after) ? 'after' : token.startsWith(PREFIX.before) ? 'before' : null;
  const body = token.slice(2);
  if (!direction || !/^[A-Za-z0-9_-]+$/.test(body)) return null;
  const parts = Buffer.from(body, 'base64url').toString('utf8').split('|');
  if (parts.length !== 2 || !UUID.test(parts[1])) return null;
  const us = microsOf(parts[0]);
  return us ? { direction, position: { us, id: parts[1] } } : null;
}
