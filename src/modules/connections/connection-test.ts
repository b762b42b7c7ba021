import type { Ctx } from '../../context.js';
import type { CarrierKind, ConnectionContext } from '../../providers/carrier.js';
import { outboundRefusal } from './connection-context.js';

export type TestOutcome = { ok: true } | { ok: false; code: string; message: string };

/** How long a connection test may take before it counts as failed. */
export const CONNECTION_TEST_TIMEOUT_MS = 10_000;

/**
 * Tests a connection through its carrier kind (ctx.carriers, provided by the composition root).
 * Never throws: a missing kind, a thrown error or a timeout is a failed test with a message.
 */
export async function testConnectionContext(ctx: Ctx, cc: ConnectionContext, timeoutMs = CONNECTION_TEST_TIMEOUT_MS): Promise<TestOutcome> {
  const impl = ctx.carriers.get(cc.kind as CarrierKind);
  if (!impl) return { ok: false, code: 'kind_unavailable', message: `This server cannot talk to ${cc.kind} carriers yet.` };
  const refused = await outboundRefusal(ctx, cc);
  if (refused) return { ok: false, ...refused };
  let timer: NodeJS.Timeout | undefined;
  try {
    const conn = impl.connect(cc);
    const timeout = new Promise<TestOutcome>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, code: 'timeout', message: `The carrier did not answer within ${Math.round(timeoutMs / 1000)} s.` }), timeoutMs);
    });
    const r = await Promise.race([conn.test(), timeout]);
    return r.ok ? { ok: true } : { ok: false, code: String(r.code).slice(0, 100), message: String(r.message).slice(0, 500) };
  } catch (err) {
    return { ok: false, code: 'test_failed', message: (err instanceof Error ? err.message : String(err)).slice(0, 500) };
  } finally {
    clearTimeout(timer);
  }
}
