import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { AuthContext } from '../../http/auth.js';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../../lib/errors.js';
import { fromPublicId, newUuid, toPublicId } from '../../lib/ids.js';
import type { Actor, RequestMeta } from '../audit/audit.service.js';
import { listNumbers, lockLiveNumbers } from '../messaging/numbers.service.js';
import { lockTeamsForGrant } from '../conversations/teams.service.js';
import type { GrantHours } from '../../db/schema/partners.js';
import { grantState, hoursProblem, strangers } from './grant-rules.js';
import * as repo from './partners.repo.js';
import { recordBoth } from './partner-audit.service.js';

export type { GrantRow } from './partners.repo.js';

/** A client account's grants to partners: create, read, change at once, revoke at once. */
export interface GrantInput {
  numberIds?: string[];
  teamIds?: string[];
  permissions?: string[];
  maskedFields?: string[];
  expiresAt?: string | null;
  hours?: GrantHours[] | null;
}

const ids = (kind: 'number' | 'team', list: string[] | undefined, field: string) =>
  list?.map((p) => {
    const id = fromPublicId(kind, p);
    if (!id) throw unprocessable('invalid_id', `${field} holds an id that is not a ${kind} id: ${p.slice(0, 60)}`, { field });
    return id;
  });

/** A grant names only the client's own numbers and teams: another account's, or an unknown id, is 422 naming them. */
function refuseStrangers(kind: 'number' | 'team', list: string[], own: Set<string>) {
  const unknown = strangers(list, own).map((id) => toPublicId(kind, id));
  if (unknown.length) throw unprocessable(`unknown_${kind}`, `${kind}Ids names a ${kind} this account does not have: ${unknown.join(', ')}.`, { field: `${kind}Ids`, id: unknown[0], ids: unknown });
}

/** In the saving transaction: the grant's teams must be the account's (422 unknown_team), and stay locked shared until it commits (a team delete waits, then sees the grant). */
async function teamsStillThere(tx: Db, accountId: string, teamIds: string[] | undefined) {
  if (!teamIds?.length) return;
  refuseStrangers('team', teamIds, new Set(await lockTeamsForGrant(tx, accountId, teamIds)));
}

/** In the saving transaction: the grant's numbers must still be the account's live ones (422 unknown_number), locked shared until it commits (a release waits, then takes the number out of the grant). */
async function numbersStillThere(tx: Db, accountId: string, numberIds: string[] | undefined) {
  if (!numberIds?.length) return;
  refuseStrangers('number', numberIds, new Set(await lockLiveNumbers(tx, accountId, numberIds)));
}

async function checkedPatch(ctx: Ctx, auth: AuthContext, input: GrantInput, current?: repo.GrantRow): Promise<repo.GrantPatch> {
  const patch: repo.GrantPatch = {};
  const numberIds = ids('number', input.numberIds, 'numberIds');
  if (numberIds) {
    refuseStrangers('number', numberIds, new Set((await listNumbers(ctx.db, auth.accountId)).map((n) => n.id)));
    patch.numberIds = [...new Set(numberIds)];
  }
  // The teams are checked in the saving transaction, under their lock (teamsStillThere).
  const teamIds = ids('team', input.teamIds, 'teamIds');
  if (teamIds) patch.teamIds = [...new Set(teamIds)];
  if (input.permissions) patch.permissions = [...new Set(input.permissions)];
  if (input.maskedFields) patch.maskedFields = [...new Set(input.maskedFields)];
  if (input.hours !== undefined) {
    const problem = input.hours ? hoursProblem(input.hours) : null;
    if (problem) throw unprocessable('invalid_hours', `hours: ${problem}.`, { field: 'hours' });
    patch.hours = input.hours && input.hours.length ? input.hours : null;
  }
  if (input.expiresAt !== undefined) {
    const at = input.expiresAt ? new Date(input.expiresAt) : null;
    if (at && at.getTime() <= ctx.now().getTime()) throw unprocessable('invalid_expiry', 'expiresAt must be in the future.', { field: 'expiresAt' });
    patch.expiresAt = at;
  }
  const numbers = patch.numberIds ?? current?.numberIds ?? [];
  const teams = patch.teamIds ?? current?.teamIds ?? [];
  if (numbers.length === 0 && teams.length === 0) {
    throw unprocessable('empty_grant', 'Name the numbers (or teams) whose conversations the partner works.', { field: 'numberIds' });
  }
  return patch;
}

const grantTarget = (id: string) => ({ type: 'partner_grant', id });

export async function createGrant(ctx: Ctx, auth: AuthContext, input: GrantInput & { partnerId: string }, meta: RequestMeta) {
  const partnerId = fromPublicId('account', input.partnerId);
  const partner = partnerId ? await repo.findPartner(ctx.db, partnerId) : null;
  if (!partner || partner.status !== 'active') throw unprocessable('unknown_partner', 'partnerId is not an outsourcing partner on West Message.', { field: 'partnerId' });
  if (partner.id === auth.accountId || auth.account.kind === 'partner') throw forbidden('A partner organisation cannot grant access to partners.');
  const patch = await checkedPatch(ctx, auth, { ...input, permissions: input.permissions ?? [] });
  try {
    return await withTx(ctx.db, async (tx) => {
      await numbersStillThere(tx, auth.accountId, patch.numberIds);
      await teamsStillThere(tx, auth.accountId, patch.teamIds);
      const g = await repo.insertGrant(tx, { numberIds: [], teamIds: [], permissions: [], maskedFields: [], ...patch, accountId: auth.accountId, id: newUuid(), partnerId: partner.id, createdBy: auth.userId, createdAt: ctx.now(), updatedAt: ctx.now() });
      await recordBoth(tx, {
        clientId: auth.accountId, clientName: auth.account.name, partnerId: partner.id, partnerName: partner.name, actor: auth.actor,
        action: 'partner_grant.created', target: grantTarget(g.id), meta, details: summary(g),
      });
      return { grant: g, partnerName: partner.name };
    });
  } catch (err) {
    if (isUniqueViolation(err, 'partner_grants_live_uq')) throw conflict('grant_exists', 'This partner already has a grant on this account: change it instead.');
    throw err;
  }
}

const summary = (g: repo.GrantRow) => ({
  numbers: g.numberIds.length, teams: g.teamIds.length, permissions: g.permissions, maskedFields: g.maskedFields,
  expiresAt: g.expiresAt?.toISOString() ?? null, hours: g.hours ?? null,
});

export const listGrants = (ctx: Ctx, auth: AuthContext) => repo.listGrants(ctx.db, auth.accountId);

export async function getGrant(ctx: Ctx, auth: AuthContext, publicId: string) {
  const id = fromPublicId('partnerGrant', publicId);
  const r = id ? await repo.findGrant(ctx.db, auth.accountId, id) : null;
  if (!r) throw notFound('Grant');
  return r;
}

/** Applies at once: the partner's next request reads the changed grant. */
export async function changeGrant(ctx: Ctx, auth: AuthContext, publicId: string, input: GrantInput, meta: RequestMeta) {
  const { grant, partnerName } = await getGrant(ctx, auth, publicId);
  if (grant.revokedAt) throw new AppError(409, 'grant_revoked', 'This grant was revoked; create a new one.');
  const patch = await checkedPatch(ctx, auth, input, grant);
  return withTx(ctx.db, async (tx) => {
    await numbersStillThere(tx, auth.accountId, patch.numberIds);
    await teamsStillThere(tx, auth.accountId, patch.teamIds);
    const g = await repo.updateGrant(tx, auth.accountId, grant.id, patch, ctx.now());
    if (!g) throw new AppError(409, 'grant_revoked', 'This grant was revoked; create a new one.');
    await recordBoth(tx, {
      clientId: auth.accountId, clientName: auth.account.name, partnerId: g.partnerId, partnerName, actor: auth.actor,
      action: 'partner_grant.changed', target: grantTarget(g.id), meta, details: summary(g),
    });
    return { grant: g, partnerName };
  });
}

/** Revokes at once: the partner's people lose access on their next request. */
export async function revokeGrant(ctx: Ctx, auth: AuthContext, publicId: string, meta: RequestMeta) {
  const { grant, partnerName } = await getGrant(ctx, auth, publicId);
  await withTx(ctx.db, async (tx) => {
    const g = await repo.updateGrant(tx, auth.accountId, grant.id, { revokedAt: ctx.now() }, ctx.now());
    if (!g) throw notFound('Grant');
    await recordBoth(tx, {
      clientId: auth.accountId, clientName: auth.account.name, partnerId: g.partnerId, partnerName, actor: auth.actor,
      action: 'partner_grant.revoked', target: grantTarget(g.id), meta,
    });
    await endAssignments(tx, { accountId: auth.accountId, accountName: auth.account.name, partnerId: g.partnerId, partnerName, actor: auth.actor, meta });
  });
}

/**
 * A revoked grant takes the partner's people off the client (each audited in both logs): a later grant
 * to the same partner starts with nobody on it, until a partner manager assigns them again.
 */
async function endAssignments(tx: Db, e: { accountId: string; accountName: string; partnerId: string; partnerName: string; actor: Actor; meta: RequestMeta }) {
  for (const agent of await repo.endAssignments(tx, e.partnerId, e.accountId)) {
    await recordBoth(tx, {
      clientId: e.accountId, clientName: e.accountName, partnerId: e.partnerId, partnerName: e.partnerName, actor: e.actor,
      action: 'partner.agent_unassigned', target: { type: 'user', id: agent.userId }, meta: e.meta, details: { agentName: agent.name, reason: 'grant_revoked' },
    });
  }
}

/**
 * A number's release (DELETE /v1/numbers/:id, in its transaction; wired by the composition root): every
 * live grant naming it drops it, and one left naming no number is revoked — its list emptied would mean
 * every number (or every number of its teams). Audited in the client's and the partner's logs.
 */
export async function numberReleased(tx: Db, e: { accountId: string; accountName: string; numberId: string; actor: Actor; meta: RequestMeta; at: Date }) {
  for (const { grant, partnerName } of await repo.lockGrantsNamingNumber(tx, e.accountId, e.numberId)) {
    const numberIds = grant.numberIds.filter((id) => id !== e.numberId);
    const revoke = numberIds.length === 0;
    const g = await repo.updateGrant(tx, e.accountId, grant.id, revoke ? { revokedAt: e.at } : { numberIds }, e.at);
    if (!g) continue;
    await recordBoth(tx, {
      clientId: e.accountId, clientName: e.accountName, partnerId: g.partnerId, partnerName, actor: e.actor,
      action: revoke ? 'partner_grant.revoked' : 'partner_grant.changed', target: grantTarget(g.id), meta: e.meta,
      details: { ...(revoke ? {} : summary(g)), reason: 'number_released', number: toPublicId('number', e.numberId) },
    });
    if (revoke) await endAssignments(tx, { accountId: e.accountId, accountName: e.accountName, partnerId: g.partnerId, partnerName, actor: e.actor, meta: e.meta });
  }
}

/** The grant's state now, in the client's zone. */
export const stateOf = (g: repo.GrantRow, zone: string, now: Date) => grantState(g, zone, now);
/** The partner's people assigned to the client. */
export const agentsOf = (ctx: Ctx, partnerId: string, clientId: string) => repo.listAssignments(ctx.db, partnerId, clientId);
