import { randomBytes, randomFillSync } from 'node:crypto';
import { fromString, fromUUID, toUUID } from 'typeid-js';

/** Prefixes of the public, typed ids (DESIGN: opaque, typed, UUIDv7 inside). */
export const ID_PREFIX = {
  account: 'acct',
  user: 'usr',
  session: 'ses',
  signIn: 'sgn',
  policy: 'pol',
  apiKey: 'key',
  invitation: 'inv',
  audit: 'evt',
  email: 'eml',
  contact: 'ct',
  customField: 'cf',
  consentEvent: 'cev',
  segment: 'seg',
  upload: 'upl',
  import: 'imp',
  number: 'pn',
  message: 'msg',
  conversation: 'cv',
  connection: 'conn',
  media: 'med',
  campaign: 'cmp',
  keyword: 'kw',
  signupForm: 'sf',
  pool: 'pool',
  legalRequest: 'lreq',
  transfer: 'xfer',
  dataRequest: 'dsr',
  dataExport: 'exp',
  team: 'team',
  label: 'lbl',
  note: 'note',
  cannedReply: 'cr',
  notification: 'ntf',
  slaPolicy: 'sla',
  holiday: 'hol',
  csatSurvey: 'csat',
  partner: 'ptr',
  partnerGrant: 'pgr',
  inquiry: 'inq',
  webhookEndpoint: 'whep',
  webhookDelivery: 'whdl',
  webhookMessage: 'whmsg',
  twilioInboundDelivery: 'twdl',
  operator: 'op',
  operatorNote: 'opn',
  creditEntry: 'cre',
  riskReview: 'rev',
  accountNotice: 'ntc',
  appeal: 'apl',
  appealMessage: 'aplm',
  enforcementAction: 'enf',
  sendingHold: 'hold',
} as const;
export type IdKind = keyof typeof ID_PREFIX;

/**
 * A new UUIDv7 for a row's primary key: the current millisecond, then 74 random bits that the next
 * ids of the same millisecond count up from (RFC 9562 method 3), so one process's ids only ever
 * increase (unless the clock is set back 10 s or more), as the uuid package's v7 (which typeid-js used) keeps them. Written out directly: the
 * TypeID round trip it replaces (encode to base32, decode twice) cost ~4× as much, on every insert.
 */
export function newUuid(): string {
  let ms = Date.now();
  // A clock set back by 10 s or more is followed, as the uuid package does (tests set the time back; a
  // wall clock corrected by NTP steps this far only after a real error): ids then carry the time again.
  if (ms > v7.ms || ms + 10_000 <= v7.ms) {
    v7.ms = ms;
    const r = randomChunk(10);
    v7.a = ((r[0] << 8) | r[1]) & 0x7ff; // 11 of rand_a's 12 bits: room to count up within the millisecond
    v7.b = ((r[2] << 24) | (r[3] << 16) | (r[4] << 8) | r[5]) & 0x3fffffff;
    v7.c = ((r[6] << 24) | (r[7] << 16) | (r[8] << 8) | r[9]) >>> 0;
  } else {
    ms = v7.ms; // the same millisecond, or the clock went back less than 10 s: count up from the last id
    if (++v7.c > 0xffffffff) {
      v7.c = 0;
      if (++v7.b > 0x3fffffff) {
        v7.b = 0;
        if (++v7.a > 0xfff) {
          v7.a = 0;
          ms = ++v7.ms;
        }
      }
    }
  }
  const t = ms.toString(16).padStart(12, '0');
  return `${t.slice(0, 8)}-${t.slice(8)}-${(0x7000 | v7.a).toString(16)}-${(0x8000 | (v7.b >>> 16)).toString(16)}-${(v7.b & 0xffff).toString(16).padStart(4, '0')}${v7.c.toString(16).padStart(8, '0')}`;
}
/** The last id's millisecond and its counter: rand_a (12 bits) and rand_b (30 + 32 bits). */
const v7 = { ms: -1, a: 0, b: 0, c: 0 };
const pool = Buffer.alloc(4096);
let poolAt = pool.length;
function randomChunk(n: number): Buffer {
  if (poolAt + n > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  return pool.subarray(poolAt, (poolAt += n));
}

/**
 * `n` new UUIDv7s at once (bulk writes: an import's contacts and consent events). One random
 * draw for all of them; each has the current millisecond and 74 random bits.
 */
export function newUuids(n: number): string[] {
  const hex = randomBytes(n * 10).toString('hex');
  const ms = Date.now().toString(16).padStart(12, '0');
  const head = `${ms.slice(0, 8)}-${ms.slice(8, 12)}-7`;
  const out = new Array<string>(n);
  for (let i = 0, h = 0; i < n; i++, h += 20) {
    const variant = VARIANT[parseInt(hex[h + 3], 16) & 3];
    out[i] = `${head}${hex.slice(h, h + 3)}-${variant}${hex.slice(h + 4, h + 7)}-${hex.slice(h + 7, h + 19)}`;
  }
  return out;
}
const VARIANT = ['8', '9', 'a', 'b'];

/** typeid-js's functions on plain strings: the same ids and checks as its TypeID class, without building (and re-validating) one per call. */
export function toPublicId(kind: IdKind, uuid: string): string {
  return fromUUID(uuid, ID_PREFIX[kind]);
}

/** The row uuid behind a public id, or null when it is malformed or of another kind. */
export function fromPublicId(kind: IdKind, publicId: string): string | null {
  try {
    return toUUID(fromString(publicId, ID_PREFIX[kind]));
  } catch {
    return null;
  }
}
