/**
 * Twilio-style SIDs (pure): two letters and 32 lowercase hex digits. Message (`SM`) and
 * messaging service (`MG`) SIDs are our row uuids in hex, so they map back without storage;
 * account (`AC`) and API key (`SK`) SIDs are random and stored (accounts.twilio_account_sid,
 * api_keys.twilio_sid).
 */
export type SidPrefix = 'AC' | 'SK' | 'SM' | 'MM' | 'MG';

const SID = /^([A-Z]{2})([0-9a-f]{32})$/;

export const isSid = (prefix: SidPrefix, value: string) => SID.exec(value)?.[1] === prefix;

/** The SID of a row uuid (e.g. a message → SM…). */
export function sidOf(prefix: SidPrefix, uuid: string): string {
  const hex = uuid.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new Error('sidOf: not a uuid');
  return prefix + hex;
}

/** The row uuid behind a SID of that prefix, or null (wrong prefix, wrong length, upper-case hex). */
export function uuidOfSid(prefix: SidPrefix, sid: string): string | null {
  const m = SID.exec(sid);
  if (!m || m[1] !== prefix) return null;
  const h = m[2];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
