import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import type { Actor, RequestMeta } from '../../lib/actor.js';
import { withTx } from '../../db/tx.js';
import type { OperatorAuth } from '../../http/auth.js';
import { listPlatformAudit, recordPlatformAudit, verifyChain } from '../audit/audit.service.js';
import { currentAuditKey } from '../audit/audit-key.js';

/**
 * The operators' own hash-chained audit log: the platform chain `operators` (table
 * platform_audit_events, chain name `platform:operators`), built with the audit module's
 * chain code. Every operator sign-in, failure, lockout, enrolment, token turn-off and every
 * operator action is recorded here.
 */
export const OPERATOR_CHAIN = 'operators';

export interface OperatorAuditInput {
  /** The operator acting (request.operator), or an explicit actor (e.g. someone failing to sign in). */
  operator: OperatorAuth | Actor | null;
  /** e.g. `operator.signed_in`, `account.suspended` (dot-separated, past tense). */
  action: string;
  target?: { type: string; id: string } | null;
  details?: Record<string, unknown>;
  meta?: RequestMeta;
}

export const operatorActor = (op: OperatorAuth | Actor | null): Actor =>
  op === null ? { type: 'anonymous', id: null, label: null } : 'actor' in op ? op.actor : op;

/**
 * Records an operator event on the operators' chain. With `tx`, inside the caller's
 * transaction (the entry exists exactly when the change does); without, in its own.
 */
export function recordOperatorAudit(ctx: Pick<Ctx, 'db'>, input: OperatorAuditInput, tx?: Db): Promise<void> {
  const entry = { chain: OPERATOR_CHAIN, actor: operatorActor(input.operator), action: input.action, target: input.target ?? null, details: input.details, meta: input.meta };
  return tx ? recordPlatformAudit(tx, entry) : withTx(ctx.db, (t) => recordPlatformAudit(t, entry));
}

/** A page of the operators' log, newest first. */
export const listOperatorAudit = (ctx: Pick<Ctx, 'db'>, beforeSeq: number | null, limit: number) => listPlatformAudit(ctx.db, OPERATOR_CHAIN, beforeSeq, limit);

/** Walks the whole operators' chain (MACs, links, head). */
export const verifyOperatorAudit = (ctx: Pick<Ctx, 'db'>) => verifyChain(ctx.db, currentAuditKey(), { platform: OPERATOR_CHAIN });
