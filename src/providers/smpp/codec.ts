/**
 * Pure SMPP 3.4 helpers (no I/O): body → submit_sm parts (data_coding, UDH), delivery-receipt parsing,
 * command_status → outcome, concatenation headers of inbound parts. Table-tested in test/smpp-provider.test.ts.
 */
import { GSM7_BASIC, GSM7_EXTENDED, isGsm7, splitSegments, type Encoding } from '../../lib/sms-encoding.js';
import type { ReceiptStatus } from '../provider.js';

export const DATA_CODING = { 'GSM-7': 0x00, 'UCS-2': 0x08 } as const;
export const ESM_UDHI = 0x40;
export const ESM_RECEIPT = 0x04;

/** SMPP 3.4 command_status values this carrier acts on (names as in the spec, section 5.1.3). */
export const STATUS = {
  ESME_ROK: 0x00,
  ESME_RBINDFAIL: 0x0d,
  ESME_RINVPASWD: 0x0e,
  ESME_RINVSYSID: 0x0f,
  ESME_RMSGQFUL: 0x14,
  ESME_RTHROTTLED: 0x58,
  ESME_RX_T_APPN: 0x64,
} as const;

const GSM_CODE = new Map<string, number>();
for (let i = 0, code = 0; i < GSM7_BASIC.length; i++, code++) {
  if (code === 0x1b) code++; // ESC is not a character of the table
  GSM_CODE.set(GSM7_BASIC[i], code);
}
/** Extension table: character → code after ESC (3GPP TS 23.038 6.2.1.1). */
const GSM_EXT = new Map<string, number>([['\f', 0x0a], ['^', 0x14], ['{', 0x28], ['}', 0x29], ['\\', 0x2f], ['[', 0x3c], ['~', 0x3d], [']', 0x3e], ['|', 0x40], ['€', 0x65]]);
if (GSM_EXT.size !== GSM7_EXTENDED.length) throw new Error('GSM-7 extension table mismatch');

/** GSM 03.38 default alphabet, unpacked (one septet per octet, the usual SMPP form for data_coding 0). */
export function encodeGsm7(text: string): Buffer {
  // Written straight into a buffer of the most it can take (an extension character is two septets): no array of numbers per text.
  const out = Buffer.allocUnsafe(text.length * 2);
  let n = 0;
  for (const ch of text) {
    const basic = GSM_CODE.get(ch);
    if (basic !== undefined) out[n++] = basic;
    else {
      const ext = GSM_EXT.get(ch);
      if (ext === undefined) throw new Error(`not GSM-7: U+${ch.codePointAt(0)!.toString(16)}`);
      out[n++] = 0x1b;
      out[n++] = ext;
    }
  }
  return out.subarray(0, n);
}

/** UCS-2 as SMPP carries it: UTF-16 big-endian code units (surrogate pairs pass through as two units). */
export function encodeUcs2(text: string): Buffer {
  const b = Buffer.from(text, 'utf16le');
  return b.swap16();
}

/** The encoding a message goes out in: UCS-2 when asked for or when any character is outside GSM-7. */
export function chooseEncoding(body: string, requested?: Encoding): Encoding {
  return requested === 'UCS-2' || !isGsm7(body) ? 'UCS-2' : 'GSM-7';
}

/** Segment texts for a body in a given encoding (GSM-only text forced to UCS-2 has no surrogates: plain 67-unit chunks). */
export function segmentTexts(body: string, encoding: Encoding): string[] {
  if (encoding === 'GSM-7' || !isGsm7(body)) return splitSegments(body);
  if (body.length <= 70) return [body];
  const parts: string[] = [];
  for (let i = 0; i < body.length; i += 67) parts.push(body.slice(i, i + 67));
  return parts;
}

/** 8-bit-reference concatenation UDH (IEI 0x00): UDHL 05, IEI 00, IEDL 03, reference, total, sequence (1-based). */
export function concatUdh(ref: number, total: number, seq: number): Buffer {
  return Buffer.from([0x05, 0x00, 0x03, ref & 0xff, total, seq]);
}

export interface SubmitPart { dataCoding: number; esmClass: number; shortMessage: Buffer }

/** The submit_sm payloads of one message: a single part, or concatenated parts each with its UDH. */
export function buildParts(body: string, ref: number, requested?: Encoding): { encoding: Encoding; parts: SubmitPart[] } {
  const encoding = chooseEncoding(body, requested);
  const texts = segmentTexts(body, encoding);
  const encode = encoding === 'GSM-7' ? encodeGsm7 : encodeUcs2;
  const dataCoding = DATA_CODING[encoding];
  if (texts.length <= 1) return { encoding, parts: [{ dataCoding, esmClass: 0, shortMessage: encode(texts[0] ?? '') }] };
  if (texts.length > 255) throw new Error('too many segments');
  const parts = texts.map((t, i) => ({
    dataCoding,
    esmClass: ESM_UDHI,
    shortMessage: Buffer.concat([concatUdh(ref, texts.length, i + 1), encode(t)]),
  }));
  return { encoding, parts };
}

/** Concatenation info from a decoded UDH (the package hands it as a list of IEs: [iei, len, …data]). */
export function concatInfo(ies: Buffer[] | undefined): { ref: number; total: number; seq: number } | null {
  for (const ie of ies ?? []) {
    if (ie[0] === 0x00 && ie[1] === 3 && ie.length >= 5) return { ref: ie[2], total: ie[3], seq: ie[4] };
    if (ie[0] === 0x08 && ie[1] === 4 && ie.length >= 6) return { ref: ie.readUInt16BE(2), total: ie[4], seq: ie[5] };
  }
  return null;
}

export type ReceiptStat = 'DELIVRD' | 'UNDELIV' | 'REJECTD' | 'EXPIRED' | 'DELETED' | 'UNKNOWN' | 'ACCEPTD' | 'ENROUTE';

/** Our status for a receipt's stat; 'sent' means not final yet (the message is already sent). */
export const STAT_STATUS: Record<ReceiptStat, ReceiptStatus> = {
  DELIVRD: 'delivered',
  UNDELIV: 'undelivered',
  EXPIRED: 'undelivered',
  UNKNOWN: 'undelivered',
  DELETED: 'failed',
  REJECTD: 'failed',
  ACCEPTD: 'sent',
  ENROUTE: 'sent',
};

/** message_state TLV (SMPP 3.4 5.2.28) → receipt stat. */
export const MESSAGE_STATE: Record<number, ReceiptStat> = {
  1: 'ENROUTE', 2: 'DELIVRD', 3: 'EXPIRED', 4: 'DELETED', 5: 'UNDELIV', 6: 'ACCEPTD', 7: 'UNKNOWN', 8: 'REJECTD',
};

export interface ParsedReceipt { id: string; stat: ReceiptStat; err: string | null }

const RECEIPT_ID = /(?:^|\s)id:(\S+)/i;
const RECEIPT_STAT = /(?:^|\s)stat:(\S+)/i;
const RECEIPT_ERR = /(?:^|\s)err:(\S+)/i;

/** The vendor-common receipt text of SMPP 3.4 Appendix B: `id:… sub:… dlvrd:… submit date:… done date:… stat:… err:… text:…`. */
export function parseReceiptText(text: string): ParsedReceipt | null {
  const head = text.split(/\stext:/i)[0]; // the quoted text may contain anything
  const id = RECEIPT_ID.exec(head)?.[1];
  const stat = RECEIPT_STAT.exec(head)?.[1]?.toUpperCase();
  if (!id || !stat || !(stat in STAT_STATUS)) return null;
  return { id, stat: stat as ReceiptStat, err: RECEIPT_ERR.exec(head)?.[1] ?? null };
}

/** Error code recorded for a non-delivered receipt: the stat, with the carrier's err when it is not zero. */
export function receiptErrorCode(r: ParsedReceipt): string | undefined {
  if (r.stat === 'DELIVRD') return undefined;
  return r.err && !/^0+$/.test(r.err) ? `${r.stat}:${r.err}` : r.stat;
}

/** A carrier message id as we match it: SMSCs differ in case and leading zeros between the resp and the receipt. */
export function canonicalId(id: string): string {
  return id.trim().toLowerCase().replace(/^0+(?=.)/, '');
}

export type SubmitOutcome = { ok: true } | { ok: false; transient: boolean; code: string };

/** command_status of a submit_sm_resp (or generic_nack) → outcome; permanent errors carry the status name. */
export function submitOutcome(status: number, names: Record<string, number>): SubmitOutcome {
  if (status === STATUS.ESME_ROK) return { ok: true };
  if (status === STATUS.ESME_RTHROTTLED) return { ok: false, transient: true, code: 'throttled' };
  if (status === STATUS.ESME_RMSGQFUL || status === STATUS.ESME_RX_T_APPN) return { ok: false, transient: true, code: statusName(status, names) };
  return { ok: false, transient: false, code: statusName(status, names) };
}

export function statusName(status: number, names: Record<string, number>): string {
  for (const [name, value] of Object.entries(names)) if (value === status) return name;
  return `ESME_0x${status.toString(16).padStart(4, '0')}`;
}

/** E.164 / short code / alphanumeric sender → SMPP address with TON/NPI. */
export function smppAddress(addr: string): { addr: string; ton: number; npi: number } {
  if (addr.startsWith('+')) return { addr: addr.slice(1), ton: 1, npi: 1 };
  if (/^[0-9]+$/.test(addr)) return { addr, ton: addr.length <= 8 ? 3 : 0, npi: 1 };
  return { addr, ton: 5, npi: 0 };
}

/** SMPP address of an inbound deliver_sm → our form (E.164 with '+' when international). */
export function fromSmppAddress(addr: string, ton: number | undefined): string {
  if (ton === 1 && /^[0-9]+$/.test(addr)) return `+${addr}`;
  return addr;
}
