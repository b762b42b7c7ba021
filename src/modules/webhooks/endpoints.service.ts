import type { Ctx } from '../../context.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import { decodePosition, keysetPage } from '../../http/pagination.js';
import type { RequestMeta } from '../../lib/actor.js';
import { badRequest, notFound, unprocessable } from '../../lib/errors.js';
import { fromPublicId, newUuid, toPublicId } from '../../lib/ids.js';
import { checkTarget } from '../../lib/net-guard.js';
import { recordAudit } from '../audit/audit.service.js';
import { testBody } from './events.js';
import { openSecret, sealSecret } from './secrets.js';
import { newSecret } from './signing.js';
import * as repo from './webhooks.repo.js';

export type { DeliveryRow, EndpointRow, AttemptRow } from './webhooks.repo.js';

const ROTATION_OVERLAP_MS = 24 * 3_600_000;
const REPLAY_MAX = 10_000;

/** The URL is http(s) and its host resolves only to addresses the guard lets webhooks reach (422 otherwise). */
async function checkUrl(ctx: Ctx, url: string): Promise<void> {
  const r = await checkTarget(url, { allowedHosts: ctx.config.webhooks.allowedHosts, matchAddresses: true });
  if ('ok' in r) throw unprocessable(r.code === 'address_not_allowed' ? 'url_not_allowed' : 'invalid_url', r.message, { field: 'url' });
}

async function endpointOf(ctx: Ctx, accountId: string, publicId: string) {
  const id = fromPublicId('webhookEndpoint', publicId);
  const e = id ? await repo.findEndpoint(ctx.db, accountId, id) : null;
  if (!e) throw notFound('Webhook endpoint');
  return e;
}

export interface EndpointInput { url: string; events?: string[]; description?: string }

export async function createEndpoint(ctx: Ctx, auth: AuthContext, input: EndpointInput, meta: RequestMeta) {
  await checkUrl(ctx, input.url);
  const id = newUuid();
  const secret = newSecret();
  const row = await withTx(ctx.db, async (tx) => {
    const e = await repo.insertEndpoint(tx, {
      accountId: auth.accountId, id, url: input.url, description: input.description ?? '', events: [...new Set(input.events ?? [])], secret: sealSecret(ctx, id, secret),
    });
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'webhook_endpoint.created', target: { type: 'webhook_endpoint', id }, meta, details: { url: input.url, events: e.events } });
    return e;
  });
  return { row, secret };
}

export const listEndpoints = (ctx: Ctx, auth: AuthContext) => repo.listEndpoints(ctx.db, auth.accountId);
export const getEndpoint = (ctx: Ctx, auth: AuthContext, publicId: string) => endpointOf(ctx, auth.accountId, publicId);

export async function updateEndpoint(ctx: Ctx, auth: AuthContext, publicId: string, input: Partial<EndpointInput> & { enabled?: boolean }, meta: RequestMeta) {
  const e = await endpointOf(ctx, auth.accountId, publicId);
  if (input.url !== undefined) await checkUrl(ctx, input.url);
  const patch: Partial<repo.EndpointRow> = {};
  if (input.url !== undefined) patch.url = input.url;
  if (input.description !== undefined) patch.description = input.description;
  if (input.events !== undefined) patch.events = [...new Set(input.events)];
  if (input.enabled !== undefined) Object.assign(patch, input.enabled ? { enabled: true, disabledReason: null, failingSince: null } : { enabled: false, disabledReason: 'user' });
  return withTx(ctx.db, async (tx) => {
    const row = await repo.updateEndpoint(tx, auth.accountId, e.id, patch);
    if (!row) throw notFound('Webhook endpoint');
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'webhook_endpoint.updated', target: { type: 'webhook_endpoint', id: e.id }, meta, details: { ...input } });
    return row;
  });
}

export async function deleteEndpoint(ctx: Ctx, auth: AuthContext, publicId: string, meta: RequestMeta): Promise<void> {
  const e = await endpointOf(ctx, auth.accountId, publicId);
  await withTx(ctx.db, async (tx) => {
    await repo.updateEndpoint(tx, auth.accountId, e.id, { enabled: false, deletedAt: ctx.now(), disabledReason: 'deleted' });
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'webhook_endpoint.deleted', target: { type: 'webhook_endpoint', id: e.id }, meta });
  });
}

/** The endpoint's current secret (audited: it lets its reader forge our webhooks). */
export async function revealSecret(ctx: Ctx, auth: AuthContext, publicId: string, meta: RequestMeta): Promise<string> {
  const e = await endpointOf(ctx, auth.accountId, publicId);
  await withTx(ctx.db, (tx) => recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'webhook_endpoint.secret_revealed', target: { type: 'webhook_endpoint', id: e.id }, meta }));
  return openSecret(ctx, e);
}

/** A new secret; the old one keeps signing beside it (two signatures) for the overlap, 24 h by default. */
export async function rotateSecret(ctx: Ctx, auth: AuthContext, publicId: string, overlapMs: number | undefined, meta: RequestMeta) {
  const e = await endpointOf(ctx, auth.accountId, publicId);
  const secret = newSecret();
  const until = new Date(ctx.now().getTime() + (overlapMs ?? ROTATION_OVERLAP_MS));
  const row = await withTx(ctx.db, async (tx) => {
    const r = await repo.updateEndpoint(tx, auth.accountId, e.id, { secret: sealSecret(ctx, e.id, secret), previousSecret: e.secret, previousSecretUntil: until });
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'webhook_endpoint.secret_rotated', target: { type: 'webhook_endpoint', id: e.id }, meta, details: { previousValidUntil: until.toISOString() } });
    return r!;
  });
  return { row, secret };
}

/** Queues a `webhook.test` delivery to the endpoint (the worker sends it, signed like any other). */
export async function sendTest(ctx: Ctx, auth: AuthContext, publicId: string) {
  const e = await endpointOf(ctx, auth.accountId, publicId);
  const id = newUuid();
  const now = ctx.now();
  await withTx(ctx.db, (tx) => repo.insertDeliveries(tx, [{
    accountId: auth.accountId, id, endpointId: e.id, messageId: newUuid(), eventType: 'webhook.test', payload: testBody(now, toPublicId('webhookEndpoint', e.id)), nextAttemptAt: now,
  }]));
  return (await repo.findDelivery(ctx.db, auth.accountId, id))!;
}

/** Sends one delivery again (a new delivery with the same `webhook-id` and body). */
export async function replayDelivery(ctx: Ctx, auth: AuthContext, deliveryPublicId: string, meta: RequestMeta) {
  const id = fromPublicId('webhookDelivery', deliveryPublicId);
  const d = id ? await repo.findDelivery(ctx.db, auth.accountId, id) : null;
  if (!d) throw notFound('Webhook delivery');
  const copy = newUuid();
  await withTx(ctx.db, async (tx) => {
    await repo.insertDeliveries(tx, [{
      accountId: d.accountId, id: copy, endpointId: d.endpointId, messageId: d.messageId, eventType: d.eventType, outboxEventId: d.outboxEventId,
      subjectId: d.subjectId, payload: d.payload, nextAttemptAt: ctx.now(), replayOf: d.replayOf ?? d.id,
    }]);
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'webhook_delivery.replayed', target: { type: 'webhook_endpoint', id: d.endpointId }, meta, details: { deliveryId: deliveryPublicId } });
  });
  return (await repo.findDelivery(ctx.db, auth.accountId, copy))!;
}

/** Sends again every delivery of the endpoint created since `since` (at most 10,000); how many were queued. */
export async function replaySince(ctx: Ctx, auth: AuthContext, publicId: string, since: Date, meta: RequestMeta): Promise<number> {
  const e = await endpointOf(ctx, auth.accountId, publicId);
  if (since > ctx.now()) throw badRequest('invalid_since', 'since is in the future.');
  return withTx(ctx.db, async (tx) => {
    const n = await repo.replaySince(tx, auth.accountId, e.id, since, ctx.now(), REPLAY_MAX);
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'webhook_delivery.replayed', target: { type: 'webhook_endpoint', id: e.id }, meta, details: { since: since.toISOString(), count: n } });
    return n;
  });
}

/** The endpoint's delivery log, newest first, with every attempt of each delivery. */
export async function deliveryLog(ctx: Ctx, auth: AuthContext, publicId: string, opts: { limit: number; cursor?: string }) {
  const e = await endpointOf(ctx, auth.accountId, publicId);
  const rows = await repo.listDeliveries(ctx.db, auth.accountId, e.id, opts.limit + 1, opts.cursor ? decodePosition(opts.cursor) : null);
  const { data: page, nextCursor } = keysetPage(rows, opts.limit);
  const attempts = await repo.attemptsOf(ctx.database.query, auth.accountId, page.map((d) => d.id));
  return { page, attempts, nextCursor };
}

