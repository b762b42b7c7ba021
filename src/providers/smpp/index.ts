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
  connect: (ctx) => new SmppConnection(ctx),
};

export { SmppConnection } from './connection.js';
export type { SmppStats } from './connection.js';
