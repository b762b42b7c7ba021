import type { CarrierKind, CarrierKindImpl } from './carrier.js';
import { simulatorKind } from './simulator/kind.js';

/**
 * The carrier kinds this server can talk to (provider interface v2), by kind. The composition
 * root (src/server.ts) puts it on the context; modules reach carriers only through it.
 * The Twilio and SMPP kinds register here as they land.
 */
export type CarrierKinds = Map<CarrierKind, CarrierKindImpl>;

export function carrierKinds(): Map<CarrierKind, CarrierKindImpl> {
  return new Map<CarrierKind, CarrierKindImpl>([[simulatorKind.kind, simulatorKind]]);
}
