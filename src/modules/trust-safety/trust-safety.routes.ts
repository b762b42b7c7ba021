import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta, type OperatorAuth } from '../../http/auth.js';
import { NoContent } from '../../http/responses.js';
import { badRequest, notFound, unauthenticated } from '../../lib/errors.js';
import { fromPublicId, toPublicId, type IdKind } from '../../lib/ids.js';
import * as S from './trust-safety.schema.js';
import * as ts from './trust-safety.service.js';
import type { HoldRow } from './holds.service.js';
import type { ActionRow, AppealMessageRow, AppealRow, NoticeRow, ReviewRow } from './trust-safety.service.js';
import type { Signal } from './signals.js';

const tags = ['trust-safety'];
const anyMember = { role: 'viewer' } as const;
const ownerOrAdmin = { role: 'admin' } as const;

const operatorOf = (request: FastifyRequest): OperatorAuth => {
  if (!request.operator) throw unauthenticated();
  return request.operator;
};

const idOf = (kind: IdKind, what: string, publicId: string) => fromPublicId(kind, publicId) ?? (() => { throw notFound(what); })();
const iso = (d: Date | null) => (d ? d.toISOString() : null);

const presentSignal = (s: Signal) => ({ ...s, campaignId: s.campaignId ? toPublicId('campaign', s.campaignId) : null });
const presentReview = (r: ReviewRow) => ({
  id: toPublicId('riskReview', r.id), accountId: toPublicId('account', r.account_id), accountName: r.account_name, accountStatus: r.account_status,
  enforcementState: r.enforcement_state, status: r.status as 'open' | 'dismissed' | 'actioned', signals: r.signals.map(presentSignal),
  openedAt: r.opened_at.toISOString(), updatedAt: r.updated_at.toISOString(), resolvedAt: iso(r.resolved_at), resolution: r.resolution,
});
const presentHold = (h: HoldRow) => ({ id: toPublicId('sendingHold', h.id), kind: h.kind, reason: h.reason, placedAt: h.placed_at.toISOString(), liftedAt: iso(h.lifted_at) });
const presentAction = (a: ActionRow) => ({
  id: toPublicId('enforcementAction', a.id), action: a.action, reason: a.reason, throttleMps: a.throttle_mps, operator: a.operator_label, createdAt: a.created_at.toISOString(),
});
const presentNotice = (n: NoticeRow) => ({
  id: toPublicId('accountNotice', n.id), kind: n.kind, title: n.title, body: n.body, createdAt: n.created_at.toISOString(), acknowledgedAt: iso(n.acknowledged_at),
});
const presentAppealSummary = (a: AppealRow) => ({
  id: toPublicId('appeal', a.id), accountId: toPublicId('account', a.account_id), accountName: a.account_name ?? null, status: a.status as 'open' | 'closed',
  subject: a.subject, createdAt: a.created_at.toISOString(), updatedAt: a.updated_at.toISOString(),
});
const presentAppeal = ({ appeal, messages }: { appeal: AppealRow; messages: AppealMessageRow[] }) => ({
  ...presentAppealSummary(appeal),
  messages: messages.map((m) => ({
    id: toPublicId('appealMessage', m.id), author: m.author_kind as 'account' | 'operator',
    authorName: m.author_kind === 'operator' ? (m.author_operator ?? 'Trust & safety') : m.author_name, body: m.body, createdAt: m.created_at.toISOString(),
  })),
});

/** The review list's cursor: the last row's (updated_at, id). */
const encodeCursor = (r: ReviewRow) => Buffer.from(`${r.updated_at.toISOString()}|${r.id}`).toString('base64url');
function decodeCursor(c: string | undefined): { at: Date; id: string } | null {
  if (!c) return null;
  const [at, id] = Buffer.from(c, 'base64url').toString().split('|');
  const d = new Date(at ?? '');
  if (Number.isNaN(d.getTime()) || !/^[0-9a-f-]{36}$/.test(id ?? '')) throw badRequest('invalid_cursor', 'The cursor is not valid; start from the first page.');
  return { at: d, id };
}

const Params = z.object({ id: z.string().min(1).max(100) });

/** Trust & safety (issue 13): the operators' review queue, enforcement and appeals; the account's notices and appeals. */
export const trustSafetyRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    // ------------------------------------------------------------ operators
    app.get('/v1/operator/reviews', {
      config: { access: 'operator' },
      schema: { tags, summary: 'The account review queue: reviews (open by default) with the signals that crossed their thresholds, most recently updated first', querystring: S.ReviewQuery, response: { 200: z.object({ data: z.array(S.ReviewOut), nextCursor: z.string().nullable() }) } },
    }, async (request) => {
      const { status, cursor, limit } = request.query;
      const rows = await ts.listReviews(ctx, status, decodeCursor(cursor), limit + 1);
      const page = rows.slice(0, limit);
      return { data: page.map(presentReview), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]) : null };
    });

    app.get('/v1/operator/reviews/:id', {
      config: { access: 'operator' },
      schema: { tags, summary: 'One review with its signals', params: Params, response: { 200: S.ReviewOut } },
    }, async (request) => presentReview(await ts.getReview(ctx, idOf('riskReview', 'Review', request.params.id))));

    app.post('/v1/operator/reviews/:id/resolve', {
      config: { access: 'operator' },
      schema: { tags, summary: 'Resolve a review without action (dismiss); acting on it is the account\'s enforcement', params: Params, body: S.ResolveBody, response: { 200: S.ReviewOut } },
    }, async (request) => presentReview(await ts.dismissReview(ctx, operatorOf(request), idOf('riskReview', 'Review', request.params.id), request.body.note, requestMeta(request))));

    app.post('/v1/operator/accounts/:id/risk-evaluation', {
      config: { access: 'operator' },
      schema: { tags, summary: 'Compute an account\'s risk signals now (as the periodic job does); crossed signals put it in the review queue', params: Params, response: { 200: z.object({ signals: z.array(S.SignalOut), reviewId: z.string().nullable() }) } },
    }, async (request) => {
      const accountId = idOf('account', 'Account', request.params.id);
      const t = await ts.thresholds(ctx);
      const signals = await ts.computeSignals(ctx, accountId, ctx.now(), t);
      const { reviewId } = await ts.evaluateAccount(ctx, accountId, t);
      return { signals: signals.map(presentSignal), reviewId: reviewId ? toPublicId('riskReview', reviewId) : null };
    });

    app.post('/v1/operator/accounts/:id/enforcement', {
      config: { access: 'operator' },
      schema: {
        tags, summary: 'Warn, throttle, suspend, terminate or reinstate an account, with a reason (notice by email and in the app, both audit logs)',
        description: 'suspend: queued messages are held (not sent, not dropped) until reinstate. terminate: nothing is sent or accepted, members cannot sign in, records are kept.',
        params: Params, body: S.EnforcementBody, response: { 200: S.EnforcementOut },
      },
    }, async (request) => {
      const r = await ts.enforce(ctx, operatorOf(request), idOf('account', 'Account', request.params.id), request.body, requestMeta(request));
      return { actionId: toPublicId('enforcementAction', r.actionId), state: r.state };
    });

    app.get('/v1/operator/accounts/:id/trust-safety', {
      config: { access: 'operator' },
      schema: { tags, summary: 'An account\'s enforcement state, sending holds, actions and reviews', params: Params, response: { 200: S.AccountTrustSafetyOut } },
    }, async (request) => {
      const s = await ts.accountTrustSafety(ctx, idOf('account', 'Account', request.params.id));
      return {
        state: s.enforcement?.state ?? 'active', throttleMps: s.enforcement?.throttle_mps ?? null, sendingHeld: s.holds.length > 0,
        holds: s.holds.map(presentHold), actions: s.actions.map(presentAction), reviews: s.reviews.map(presentReview),
      };
    });

    app.get('/v1/operator/appeals', {
      config: { access: 'operator' },
      schema: { tags, summary: 'Appeals of every account (open by default)', querystring: z.object({ status: z.enum(['open', 'closed']).default('open') }), response: { 200: z.object({ data: z.array(S.AppealSummaryOut) }) } },
    }, async (request) => ({ data: (await ts.operatorAppeals(ctx, request.query.status)).map(presentAppealSummary) }));

    app.get('/v1/operator/appeals/:id', {
      config: { access: 'operator' },
      schema: { tags, summary: 'An appeal with its thread', params: Params, response: { 200: S.AppealOut } },
    }, async (request) => presentAppeal(await ts.appealOf(ctx, null, idOf('appeal', 'Appeal', request.params.id))));

    app.post('/v1/operator/appeals/:id/messages', {
      config: { access: 'operator' },
      schema: { tags, summary: 'Answer an appeal (the owners are emailed); close: true ends the thread', params: Params, body: S.OperatorAppealReplyBody, response: { 200: S.AppealOut } },
    }, async (request) => presentAppeal(await ts.replyAsOperator(ctx, operatorOf(request), idOf('appeal', 'Appeal', request.params.id), request.body, requestMeta(request))));

    app.get('/v1/operator/risk-thresholds', {
      config: { access: 'operator' },
      schema: { tags, summary: 'The risk signals\' thresholds in force (defaults with the operators\' changes)', response: { 200: S.ThresholdsBody.required() } },
    }, async () => ts.thresholds(ctx));

    app.patch('/v1/operator/risk-thresholds', {
      config: { access: 'operator' },
      schema: { tags, summary: 'Change some thresholds (the others keep their values)', body: S.ThresholdsBody, response: { 200: S.ThresholdsBody.required() } },
    }, async (request) => ts.saveThresholds(ctx, operatorOf(request), request.body, requestMeta(request)));

    // ------------------------------------------------------------ the account's side
    app.get('/v1/account/notices', {
      config: { access: anyMember },
      schema: { tags, summary: 'Notices from the platform (enforcement) and whether sending is held', response: { 200: S.NoticesOut } },
    }, async (request) => {
      const n = await ts.notices(ctx, caller(request).accountId);
      return { state: n.state, sendingHeld: n.sendingHeld, data: n.notices.map(presentNotice) };
    });

    app.post('/v1/account/notices/:id/acknowledge', {
      config: { access: anyMember },
      schema: { tags, summary: 'Mark a notice as read (the banner goes away)', params: Params, response: { 204: NoContent } },
    }, async (request, reply) => {
      await ts.acknowledgeNotice(ctx, caller(request).accountId, idOf('accountNotice', 'Notice', request.params.id));
      return reply.status(204).send();
    });

    const author = (request: FastifyRequest) => {
      const auth = caller(request);
      return { accountId: auth.accountId, userId: auth.userId, actor: auth.actor };
    };

    app.get('/v1/account/appeals', {
      config: { access: anyMember },
      schema: { tags, summary: 'The account\'s appeals', response: { 200: z.object({ data: z.array(S.AppealSummaryOut) }) } },
    }, async (request) => ({ data: (await ts.accountAppeals(ctx, caller(request).accountId)).map(presentAppealSummary) }));

    app.post('/v1/account/appeals', {
      config: { access: ownerOrAdmin },
      schema: { tags, summary: 'Appeal an enforcement decision (a thread with trust & safety)', body: S.AppealCreateBody, response: { 201: S.AppealOut } },
    }, async (request, reply) => reply.status(201).send(presentAppeal(await ts.createAppeal(ctx, author(request), request.body, requestMeta(request)))));

    app.get('/v1/account/appeals/:id', {
      config: { access: anyMember },
      schema: { tags, summary: 'An appeal with its thread', params: Params, response: { 200: S.AppealOut } },
    }, async (request) => presentAppeal(await ts.appealOf(ctx, caller(request).accountId, idOf('appeal', 'Appeal', request.params.id))));

    app.post('/v1/account/appeals/:id/messages', {
      config: { access: ownerOrAdmin },
      schema: { tags, summary: 'Add a message to an open appeal', params: Params, body: S.AppealReplyBody, response: { 200: S.AppealOut } },
    }, async (request) => presentAppeal(await ts.replyAsAccount(ctx, author(request), idOf('appeal', 'Appeal', request.params.id), request.body.body, requestMeta(request))));
  };
