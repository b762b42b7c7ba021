/**
 * SMPP 3.4 carrier kind (client to a carrier's SMSC through the `smpp` package). Not wired into the
 * dispatcher yet: connections are made with `smppKind.connect(ctx)` and started with a sink.
 */
import type { CarrierKindImpl } from '../carrier.js';
import { SmppConnection } from './connection.js';

export const smppKind: CarrierKindImpl = {
  kind: 'smpp',
  connect: (ctx) => new SmppConnection(ctx),
};

export { SmppConnection } from './connection.js';
export type { SmppStats } from './connection.js';
