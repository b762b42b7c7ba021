import type { CarrierConnection, CarrierKindImpl, ConnectionContext } from '../carrier.js';

/**
 * The simulator as a carrier kind (provider interface v2). Its connection test always passes:
 * the built-in simulator needs no credentials. Sending through a simulator *connection* is
 * wired when the simulator becomes a carrier reached over its own protocol (carriers issue);
 * until then the dispatcher uses the v1 SimulatorProvider for simulator numbers.
 */
export const simulatorKind: CarrierKindImpl = {
  kind: 'simulator',
  connect(_ctx: ConnectionContext): CarrierConnection {
    return {
      kind: 'simulator',
      capabilities: { mms: false, provision: false, sessions: false },
      test: async () => ({ ok: true }),
      send: async (batch) =>
        batch.map((m) => ({ reference: m.reference, ok: false, transient: true, code: 'not_wired', message: 'Sending through a simulator connection is not wired yet.' })),
    };
  },
};
