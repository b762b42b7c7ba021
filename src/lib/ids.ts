import { randomBytes } from 'node:crypto';
import { TypeID, typeid } from 'typeid-js';

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

/** A new UUIDv7 for a row's primary key. */
export function newUuid(): string {
  return typeid().toUUID();
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

export function toPublicId(kind: IdKind, uuid: string): string {
  return TypeID.fromUUID(ID_PREFIX[kind], uuid).toString();
}

/** The row uuid behind a public id, or null when it is malformed or of another kind. */
export function fromPublicId(kind: IdKind, publicId: string): string | null {
  try {
    return TypeID.fromString(publicId, ID_PREFIX[kind]).toUUID();
  } catch {
    return null;
  }
}
