import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import { toPublicId } from '../../lib/ids.js';
import { recordAudit, type Actor, type RequestMeta } from '../audit/audit.service.js';
import * as repo from './partners.repo.js';

/**
 * A partner's person's action lands twice: in the client's audit log (actor type `partner`,
 * the label naming the person and the partner, details naming both) and in the partner's own
 * log (naming the client). The grant's last activity moves with it.
 */
export async function recordBoth(
  tx: Db,
  input: { clientId: string; clientName: string; partnerId: string; partnerName: string; actor: Actor; action: string; target?: { type: string; id: string } | null; details?: Record<string, unknown>; meta: RequestMeta },
) {
  const base = { actor: input.actor, action: input.action, target: input.target ?? null, meta: input.meta };
  await recordAudit(tx, { ...base, accountId: input.clientId, details: { ...input.details, partner: input.partnerName, partnerId: toPublicId('account', input.partnerId), agent: input.actor.label } });
  await recordAudit(tx, { ...base, accountId: input.partnerId, details: { ...input.details, client: input.clientName, clientId: toPublicId('account', input.clientId), agent: input.actor.label } });
}

const TARGETS: Record<string, string> = { '/v1/conversations/:id': 'conversation', '/v1/contacts/:id': 'contact' };

/** A change a partner caller made through an opted-in route (recorded after it succeeded). */
export async function recordPartnerAction(ctx: Ctx, auth: AuthContext, req: { method: string; route: string; status: number; params: Record<string, string> | undefined }, meta: RequestMeta) {
  const p = auth.partner!;
  const prefix = Object.keys(TARGETS).find((k) => req.route.startsWith(k));
  const target = prefix && req.params?.id ? { type: TARGETS[prefix], id: req.params.id } : null;
  await withTx(ctx.db, async (tx) => {
    await recordBoth(tx, {
      clientId: auth.accountId, clientName: auth.account.name, partnerId: p.partnerId, partnerName: p.partnerName, actor: auth.actor,
      action: 'partner.action', target: null, meta,
      details: { route: `${req.method} ${req.route}`, status: req.status, grant: toPublicId('partnerGrant', p.grantId), ...(target ? { [target.type]: target.id } : {}) },
    });
    await repo.touchGrant(tx, auth.accountId, p.grantId, ctx.now());
  });
}
