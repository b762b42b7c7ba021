import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import type { AuthContext } from '../../http/auth.js';
import { AppError, notFound, unprocessable } from '../../lib/errors.js';
import { fromPublicId } from '../../lib/ids.js';
import type { CarrierConnection, CarrierKind, CarrierNumber, ConnectionContext } from '../../providers/carrier.js';
import type { NumberType } from '../../providers/provider.js';
import type { RequestMeta } from '../audit/audit.service.js';
import { connectionContextOf, keptConnectionContextOf } from './connection-context.js';
import { createConnection, type ConnectionDeps } from './connections.service.js';
import * as repo from './connections.repo.js';

/** createConnection reads no numbers for a new connection. */
const NO_NUMBERS: ConnectionDeps = { numbersOn: async () => [], toGiveBackOn: async () => [], giveBackOn: async () => [] };

/**
 * The account's simulator connection for `POST /v1/numbers {provider: "simulator"}`: its oldest
 * live one, else one created now (a sub-account on the simulator with generated credentials).
 */
export async function defaultSimulatorConnection(ctx: Ctx, auth: AuthContext, meta: RequestMeta): Promise<string> {
  const found = (await repo.listConnections(ctx.db, auth.accountId)).find((r) => r.kind === 'simulator' && r.status !== 'disabled');
  if (found) return found.id;
  if (!ctx.carriers.get('simulator')?.enroll) throw unprocessable('simulator_unavailable', 'No simulator is available.');
  const created = await createConnection(ctx, NO_NUMBERS, auth, { kind: 'simulator', name: 'Simulator', credentials: {} }, meta);
  return fromPublicId('connection', created.id)!;
}

/** Runs `fn` on a live connection of the account (opened for this call, stopped after). */
async function withConnection<T>(ctx: Ctx, accountId: string, connectionId: string, fn: (conn: CarrierConnection) => Promise<T>): Promise<T> {
  const row = await repo.findConnection(ctx.db, accountId, connectionId);
  if (!row) throw notFound('Provider connection');
  return onCarrier(ctx, row.kind, () => connectionContextOf(ctx, row), fn);
}

async function onCarrier<T>(ctx: Ctx, kind: string, context: () => ConnectionContext, fn: (conn: CarrierConnection) => Promise<T>): Promise<T> {
  const impl = ctx.carriers.get(kind as CarrierKind);
  if (!impl) throw unprocessable('kind_unavailable', `This server cannot talk to ${kind} carriers.`);
  const conn = impl.connect(context());
  try {
    return await fn(conn);
  } finally {
    await conn.stop?.().catch(() => {});
  }
}

/** Buys (provisions) a number through the connection, where its carrier can. */
export async function provisionOnConnection(ctx: Ctx, accountId: string, connectionId: string, opts: { type: NumberType; country: string }): Promise<CarrierNumber & { kind: CarrierKind }> {
  return withConnection(ctx, accountId, connectionId, async (conn) => {
    if (!conn.provisionNumber) throw unprocessable('provision_not_supported', 'This carrier cannot provision numbers; attach one of the account\'s numbers instead.');
    try {
      return { ...(await conn.provisionNumber(opts)), kind: conn.kind };
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError(502, 'carrier_unavailable', `The carrier could not provision a number: ${String((err as Error)?.message).slice(0, 300)}`);
    }
  });
}

/**
 * Gives a number back to the carrier account behind the connection (Twilio: DELETE IncomingPhoneNumbers/{sid}).
 * Idempotent (a number the carrier no longer has counts as given back). 'connection_gone': the connection was
 * deleted since (nothing to give back through); 'not_supported': its carrier cannot release numbers.
 */
export async function releaseOnConnection(ctx: Ctx, accountId: string, connectionId: string, providerRef: string): Promise<'released' | 'connection_gone' | 'not_supported'> {
  if (!(await repo.findConnection(ctx.db, accountId, connectionId))) return 'connection_gone';
  return withConnection(ctx, accountId, connectionId, async (conn) => {
    if (!conn.releaseNumber) return 'not_supported' as const;
    await conn.releaseNumber(providerRef);
    return 'released' as const;
  });
}

/** What reaching a connection's carrier account needs, its credentials still sealed (kept by an account's erasure). */
export interface SealedConnection { accountId: string; id: string; kind: string; settings: Record<string, unknown>; credentials: string }

/** The account's live connections, credentials sealed as stored (the privacy module keeps them past the account's erasure). */
export async function sealedConnectionsOf(db: Db, accountId: string): Promise<SealedConnection[]> {
  return (await repo.listConnections(db, accountId)).map((r) => ({ accountId: r.accountId, id: r.id, kind: r.kind, settings: r.settings, credentials: r.credentials }));
}

/**
 * Gives a number back to its carrier through a connection that no longer exists, from its kept sealed credentials (an erased
 * account's number): as releaseOnConnection, idempotent. Throws when the carrier refuses or cannot be reached.
 */
export async function releaseWithSealed(ctx: Ctx, sealed: SealedConnection, providerRef: string): Promise<'released' | 'not_supported'> {
  return onCarrier(ctx, sealed.kind, () => keptConnectionContextOf(ctx, sealed), async (conn) => {
    if (!conn.releaseNumber) return 'not_supported' as const;
    await conn.releaseNumber(providerRef);
    return 'released' as const;
  });
}

/**
 * A customer's text delivered by the connection's carrier (its test facility: the simulator) as a
 * signed inbound webhook to us. Answers the carrier's message id and our webhook's answer.
 */
export async function simulateInboundOn(ctx: Ctx, accountId: string, connectionId: string, m: { from: string; to: string; body: string; providerMessageId?: string }) {
  return withConnection(ctx, accountId, connectionId, async (conn) => {
    if (!conn.simulateInbound) throw unprocessable('simulation_not_supported', 'Only simulator connections can simulate a customer\'s text.');
    return conn.simulateInbound(m);
  });
}
