/**
 * SMPP 3.4 carrier kind (client to a carrier's SMSC through the `smpp` package). The worker that
 * leads a connection (src/modules/messaging/carrier-sessions.ts) starts its session with a sink and
 * sends through it. At most once: SMPP has no idempotency key, so a submit_sm that went out without
 * an answer ends outcome_unknown and is never resent.
 */
import type { CarrierKindImpl } from '../carrier.js';
import { SmppConnection } from './connection.js';

export const smppKind: CarrierKindImpl = {
  kind: 'smpp',
  // The SMPP equivalents of carrier filtering: a receipt with stat REJECTD (recorded as `REJECTD` or
  // `REJECTD:<err>`, codec.ts receiptErrorCode) and a submit_sm refused with ESME_RX_R_APPN (0x66, receiver reject).
  filteredErrorCodes: ['REJECTD', 'REJECTD:%', 'ESME_RX_R_APPN'],
  connect: (ctx) => new SmppConnection(ctx),
};

export { SmppConnection } from './connection.js';
export type { SmppStats } from './connection.js';
