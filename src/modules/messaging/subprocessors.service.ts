import type { Ctx } from '../../context.js';
import { connectionLabels } from '../connections/connections.service.js';
import * as repo from './subprocessors.repo.js';

export interface CarrierShare {
  provider: string;
  connectionId: string | null;
  connectionName: string | null;
  connectionDeleted: boolean;
  outbound: number;
  inbound: number;
  firstAt: Date;
  lastAt: Date;
}

const asDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));

/** The carriers (sub-processors) that received or delivered this account's messages, from the messages' record. */
export async function carriersOfAccount(ctx: Ctx, accountId: string): Promise<CarrierShare[]> {
  const rows = await repo.carrierShares(ctx.db, accountId);
  const ids = [...new Set(rows.map((r) => r.connection_id).filter((x): x is string => !!x))];
  const labels = new Map((await connectionLabels(ctx, accountId, ids)).map((c) => [c.id, c]));
  return rows.map((r) => {
    const c = r.connection_id ? labels.get(r.connection_id) : undefined;
    return {
      provider: c?.kind ?? r.provider ?? 'unknown', connectionId: r.connection_id, connectionName: c?.name ?? null, connectionDeleted: !!c?.deletedAt,
      outbound: r.outbound, inbound: r.inbound, firstAt: asDate(r.first_at), lastAt: asDate(r.last_at),
    };
  });
}
