/**
 * The hot path of the `smpp` package made cheaper, byte for byte the same on the wire
 * (test/smpp-provider.test.ts compares with the package's own encoding):
 *
 * - submit_sm is encoded straight into one buffer (`submitSmPdu`): the package's generic
 *   `PDU.toBuffer` walks every field of the PDU object three times through per-type callbacks and
 *   filters (about a fifth of our CPU per message in `npm run bench dispatch`). The PDU still goes
 *   through the package's `Session.send` (sequence numbers, response callbacks).
 * - the package's GSM-7 coder (`gsmCoder.getCoder`, used to decode every deliver_sm text) rebuilds
 *   `Object.keys` of its 128-entry table on every call to see whether it is initialised: memoised
 *   per table (same object returned, initialised once).
 */
import smpp, { type PDU, type Session } from 'smpp';

type GsmCoder = { getCoder(encoding: number): unknown; __memoised?: true };
const gsm = (smpp as unknown as { gsmCoder?: GsmCoder }).gsmCoder;
if (gsm && !gsm.__memoised) {
  const original = gsm.getCoder.bind(gsm);
  const coders = new Map<number | undefined, unknown>();
  gsm.getCoder = (encoding: number) => {
    let c = coders.get(encoding);
    if (c === undefined) coders.set(encoding, (c = original(encoding)));
    return c;
  };
  gsm.__memoised = true;
}

/** The submit_sm fields this carrier sends (everything else is the package's default: 0 or empty). */
export interface SubmitFields {
  serviceType: string;
  sourceTon: number; sourceNpi: number; source: string;
  destTon: number; destNpi: number; dest: string;
  esmClass: number; registeredDelivery: number; dataCoding: number;
  shortMessage: Buffer;
}

const SUBMIT_SM = 0x00000004;

/** A submit_sm PDU in the wire form the package writes (SMPP 3.4 4.4.1), with this sequence number. */
export function encodeSubmitSm(sequence: number, f: SubmitFields): Buffer {
  const sm = f.shortMessage;
  if (sm.length > 255) throw new RangeError(`short_message of ${sm.length} octets (at most 255)`);
  // header 16; service_type, source_addr, destination_addr as C strings; 14 octets: TON/NPI ×2, esm_class, protocol_id,
  // priority_flag, schedule_delivery_time and validity_period (empty C strings), registered_delivery,
  // replace_if_present_flag, data_coding, sm_default_msg_id, sm_length; then short_message.
  const length = 16 + (f.serviceType.length + 1) + (f.source.length + 1) + (f.dest.length + 1) + 14 + sm.length;
  const b = Buffer.allocUnsafe(length);
  b.writeUInt32BE(length, 0);
  b.writeUInt32BE(SUBMIT_SM, 4);
  b.writeUInt32BE(0, 8);
  b.writeUInt32BE(sequence, 12);
  let o = 16;
  // The package writes C strings as 'ascii' (one octet per UTF-16 unit, as latin1 does).
  o += b.write(f.serviceType, o, 'latin1');
  b[o++] = 0;
  b[o++] = f.sourceTon;
  b[o++] = f.sourceNpi;
  o += b.write(f.source, o, 'latin1');
  b[o++] = 0;
  b[o++] = f.destTon;
  b[o++] = f.destNpi;
  o += b.write(f.dest, o, 'latin1');
  b[o++] = 0;
  b[o++] = f.esmClass;
  b[o++] = 0; // protocol_id
  b[o++] = 0; // priority_flag
  b[o++] = 0; // schedule_delivery_time ""
  b[o++] = 0; // validity_period ""
  b[o++] = f.registeredDelivery;
  b[o++] = 0; // replace_if_present_flag
  b[o++] = f.dataCoding;
  b[o++] = 0; // sm_default_msg_id
  b[o++] = sm.length;
  sm.copy(b, o);
  return b;
}

/**
 * A submit_sm for the package's `Session.send` (it assigns the sequence number, keeps the response
 * callback, then asks the PDU for its bytes): a PDU of the package whose bytes come from `encodeSubmitSm`.
 */
export function submitSmPdu(f: SubmitFields): PDU {
  const pdu = Object.create((smpp.PDU as unknown as { prototype: object }).prototype) as PDU & { command_length: number };
  pdu.command = 'submit_sm';
  pdu.command_id = SUBMIT_SM;
  pdu.command_status = 0;
  pdu.sequence_number = 0;
  pdu.command_length = 0;
  pdu.toBuffer = function toBuffer(this: PDU) {
    const b = encodeSubmitSm(this.sequence_number, f);
    (this as PDU & { command_length: number }).command_length = b.length;
    return b;
  };
  return pdu;
}

const DELIVER_SM_RESP = 0x80000005;

/**
 * The answer to a deliver_sm (SMPP 3.4 4.6.2), as the package's `pdu.response({command_status})`
 * writes it: the header, and an empty message_id unless the status is an error (header only).
 */
export function deliverSmRespPdu(sequence: number, status: number): PDU {
  const pdu = Object.create((smpp.PDU as unknown as { prototype: object }).prototype) as PDU & { command_length: number };
  pdu.command = 'deliver_sm_resp';
  pdu.command_id = DELIVER_SM_RESP;
  pdu.command_status = status;
  pdu.sequence_number = sequence;
  pdu.command_length = status ? 16 : 17;
  pdu.toBuffer = function toBuffer() {
    const b = Buffer.alloc(status ? 16 : 17);
    b.writeUInt32BE(b.length, 0);
    b.writeUInt32BE(DELIVER_SM_RESP, 4);
    b.writeUInt32BE(status, 8);
    b.writeUInt32BE(sequence, 12);
    return b;
  };
  return pdu;
}

const SUBMIT_SM_RESP = 0x80000004;
const DELIVER_SM = 0x00000005;
const ESM_RECEIPT_BIT = 0x04;
const ESM_UDHI = 0x40;
const TLV_RECEIPTED_MESSAGE_ID = 0x001e;
const TLV_MESSAGE_STATE = 0x0427;

/** The package's C string: octets up to the first NUL (or the buffer's end), read as 'ascii'. */
function cstring(b: Buffer, o: number): string {
  let end = o;
  while (end < b.length && b[end] !== 0) end++;
  return b.toString('ascii', o, end);
}

/**
 * Octets that read the same in GSM 03.38 (the package's decoding of data_coding 0) and in ASCII:
 * space to '#', '%' to '?', A–Z, a–z — what a receipt's text is made of.
 */
function plainText(b: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = b[i];
    if (!((c >= 0x20 && c <= 0x23) || (c >= 0x25 && c <= 0x3f) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a))) return false;
  }
  return true;
}

const pduProto = (smpp.PDU as unknown as { prototype: object }).prototype;

/** Reads a PDU's mandatory fields in order: C strings and octets; `short` once one ran past the PDU's end. */
class FieldReader {
  short = false;
  constructor(private readonly b: Buffer, public at: number, private readonly end: number) {}

  str(): string {
    if (this.at >= this.end) { this.short = true; return ''; }
    const v = cstring(this.b, this.at);
    this.at += v.length + 1;
    return v;
  }

  int8(): number {
    if (this.at >= this.end) { this.short = true; return 0; }
    return this.b[this.at++];
  }
}

/**
 * A PDU as the package's `new PDU(buffer)` reads it, for the two PDUs an ESME gets per message:
 * submit_sm_resp (header and message_id), and a delivery receipt (deliver_sm with the receipt bit,
 * no UDH, data_coding 0 or 1, its text only of octets that GSM-7 and ASCII read alike, no TLV but
 * receipted_message_id and message_state). The package's decoder builds every field of every
 * command through per-type callbacks and filters, and its stream reading copies each PDU twice
 * (about a third of what our process allocated per message in `npm run bench dispatch`). Anything
 * else — inbound texts, other commands, other encodings or TLVs, malformed PDUs — is the package's
 * own decoding (null here).
 */
export function decodeFast(b: Buffer): PDU | null {
  if (b.length < 16) return null;
  const length = b.readUInt32BE(0);
  if (length !== b.length) return null;
  const id = b.readUInt32BE(4);
  if (id === SUBMIT_SM_RESP) {
    const pdu = Object.create(pduProto) as Record<string, unknown>;
    pdu.command_length = length;
    pdu.command_id = id;
    pdu.command_status = b.readUInt32BE(8);
    pdu.sequence_number = b.readUInt32BE(12);
    pdu.command = 'submit_sm_resp';
    if (length > 16) {
      const messageId = cstring(b, 16);
      const after = 16 + messageId.length + 1;
      if (after < length) return null; // TLVs after the message_id: the package's decoding
      pdu.message_id = messageId;
    }
    return pdu as unknown as PDU;
  }
  if (id !== DELIVER_SM || b.readUInt32BE(8) !== 0) return null;
  // Mandatory fields in order (SMPP 3.4 4.6.1); any one cut short: the package's decoding.
  const r = new FieldReader(b, 16, length);
  const serviceType = r.str(), sourceTon = r.int8(), sourceNpi = r.int8(), source = r.str(), destTon = r.int8(), destNpi = r.int8();
  const dest = r.str(), esm = r.int8(), protocolId = r.int8(), priority = r.int8(), schedule = r.str(), validity = r.str();
  const registered = r.int8(), replace = r.int8(), dataCoding = r.int8(), defaultMsgId = r.int8();
  if (r.short) return null;
  let o = r.at;
  // data_coding 0 (SMSC default) and 1 (IA5): both read as GSM-7 by the package.
  if ((esm & ESM_RECEIPT_BIT) === 0 || (esm & ESM_UDHI) !== 0 || (dataCoding !== 0 && dataCoding !== 1) || o >= length) return null;
  const smLength = b[o++];
  if (o + smLength > length || !plainText(b, o, o + smLength)) return null;
  // Every field assigned by name in one order: the PDU keeps one hidden class (fast properties), not a
  // dictionary of its own (~1.5 KB each, as computed keys made it) — receipts wait for their recording.
  const pdu = Object.create(pduProto) as Record<string, unknown>;
  pdu.command_length = length;
  pdu.command_id = id;
  pdu.command_status = 0;
  pdu.sequence_number = b.readUInt32BE(12);
  pdu.command = 'deliver_sm';
  pdu.service_type = serviceType;
  pdu.source_addr_ton = sourceTon;
  pdu.source_addr_npi = sourceNpi;
  pdu.source_addr = source;
  pdu.dest_addr_ton = destTon;
  pdu.dest_addr_npi = destNpi;
  pdu.destination_addr = dest;
  pdu.esm_class = esm;
  pdu.protocol_id = protocolId;
  pdu.priority_flag = priority;
  pdu.schedule_delivery_time = schedule;
  pdu.validity_period = validity;
  pdu.registered_delivery = registered;
  pdu.replace_if_present_flag = replace;
  pdu.data_coding = dataCoding;
  pdu.sm_default_msg_id = defaultMsgId;
  pdu.short_message = { message: b.toString('ascii', o, o + smLength) };
  o += smLength;
  while (o + 4 <= length) {
    const tag = b.readUInt16BE(o);
    const len = b.readUInt16BE(o + 2);
    o += 4;
    if (tag === TLV_RECEIPTED_MESSAGE_ID) pdu.receipted_message_id = cstring(b, o);
    else if (tag === TLV_MESSAGE_STATE && len >= 1 && o < length) pdu.message_state = b[o];
    else return null;
    o += len;
  }
  return pdu as unknown as PDU;
}

type ReadingSession = Session & {
  socket: import('node:net').Socket; paused: boolean; _busy: boolean; _extractPDUs: () => void;
  _callbacks: Record<number, ((pdu: PDU) => void) | undefined>;
};

/**
 * Reads the session's PDUs as the package's `Session._extractPDUs` does — the same events ('pdu',
 * then the command's name), response callbacks, `pause()`/`resume()`, and 'error' for a PDU over
 * the package's maximum length or one it cannot decode — but takes whatever the socket holds in one
 * read and decodes the per-message PDUs with `decodeFast`. Installed on a session before it connects.
 */
export function readFast(session: Session): void {
  const s = session as ReadingSession;
  const socket = s.socket;
  for (const l of socket.listeners('readable')) socket.off('readable', l as (...args: unknown[]) => void);
  const maxLength = (smpp.PDU as unknown as { maxLength: number }).maxLength;
  const Pdu = smpp.PDU as unknown as new (b: Buffer) => PDU;
  let pending: Buffer | null = null;
  const extract = () => {
    if (s._busy) return;
    s._busy = true;
    let pdu: PDU;
    while (!s.paused) {
      try {
        const length = pending && pending.length >= 4 ? pending.readUInt32BE(0) : -1;
        // As the package: a length over its maximum is an error as soon as the length is read.
        if (length > maxLength) throw Error(`PDU length was too large (${length}, maximum is ${maxLength}).`);
        if (length < 0 || pending!.length < length) {
          const chunk = socket.read() as Buffer | null;
          if (!chunk) break;
          pending = pending?.length ? Buffer.concat([pending, chunk]) : chunk;
          continue;
        }
        const bytes = pending!.subarray(0, length);
        pending = length === pending!.length ? null : pending!.subarray(length);
        pdu = decodeFast(bytes) ?? new Pdu(Buffer.from(bytes));
      } catch (e) {
        s.emit('error', e);
        return; // as the package: the session is left busy (its link goes down on the error)
      }
      s.emit('pdu', pdu);
      s.emit(pdu.command, pdu);
      const cb = pdu.isResponse() ? s._callbacks[pdu.sequence_number] : undefined;
      if (cb) {
        cb(pdu);
        delete s._callbacks[pdu.sequence_number];
      }
    }
    s._busy = false;
  };
  socket.on('readable', extract);
  s._extractPDUs = extract;
}
