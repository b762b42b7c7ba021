import type { CarrierKind, CarrierKindImpl } from './carrier.js';
import { simulatorKind, type SimulatorEndpoint } from './simulator/kind.js';
import { smppKind } from './smpp/index.js';
import { twilioKind } from './twilio/index.js';

/**
 * The carrier kinds this server can talk to (provider interface v2), by kind. The composition
 * root (src/server.ts) puts it on the context; modules reach carriers only through it.
 */
export type CarrierKinds = Map<CarrierKind, CarrierKindImpl>;

export function carrierKinds(opts: { simulator?: SimulatorEndpoint | null } = {}): Map<CarrierKind, CarrierKindImpl> {
  return new Map<CarrierKind, CarrierKindImpl>([
    ['simulator', simulatorKind(opts.simulator ?? null)],
    [twilioKind.kind, twilioKind],
    [smppKind.kind, smppKind],
  ]);
}
