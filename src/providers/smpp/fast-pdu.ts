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
import smpp, { type PDU } from 'smpp';

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
