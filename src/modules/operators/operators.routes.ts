import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { isHttps, requestMeta, type OperatorAuth } from '../../http/auth.js';
import { NoContent, pageOf } from '../../http/responses.js';
import { notFound, unauthenticated } from '../../lib/errors.js';
import { fromPublicId, toPublicId } from '../../lib/ids.js';
import * as consoleService from './console.service.js';
import type { AccountSections } from './console.service.js';
import { OP_CSRF_COOKIE, OP_CSRF_HEADER, OP_SESSION_COOKIE } from './operator-authn.js';
import { listOperatorAudit, verifyOperatorAudit } from './operator-audit.service.js';
import * as S from './operators.schema.js';
import * as ops from './operators.service.js';

const tags = ['operator'];
const admin = { operator: 'admin' } as const;
const anyOperator = 'operator' as const;

function present(o: ops.OperatorRow, now: Date) {
  return {
    id: toPublicId('operator', o.id), email: o.email, name: o.name, role: o.role as z.infer<typeof S.OperatorRoleEnum>,
    totpEnrolled: !!o.totpEnrolledAt, disabled: !!o.disabledAt,
    lockedUntil: o.lockedUntil && o.lockedUntil > now ? o.lockedUntil.toISOString() : null, createdAt: o.createdAt.toISOString(),
  };
}

function setCookies(ctx: Ctx, request: FastifyRequest, reply: FastifyReply, token: string, expires: Date) {
  const secure = isHttps(ctx, request);
  reply.setCookie(OP_SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure, expires });
  reply.setCookie(OP_CSRF_COOKIE, ops.operatorCsrfFor(ctx, token), { path: '/', httpOnly: false, sameSite: 'strict', secure, expires });
  return ops.operatorCsrfFor(ctx, token);
}

const operatorOf = (request: FastifyRequest): OperatorAuth => {
  if (!request.operator) throw unauthenticated();
  return request.operator;
};

const pending = (request: FastifyRequest) => ({
  token: request.cookies[OP_SESSION_COOKIE],
  csrf: typeof request.headers[OP_CSRF_HEADER] === 'string' ? (request.headers[OP_CSRF_HEADER] as string) : undefined,
});

const operatorIdOf = (publicId: string) => fromPublicId('operator', publicId) ?? (() => { throw notFound('Operator'); })();

/** The operator console API (issue 13): sign-in with TOTP, operators, their audit log, accounts. */
export const operatorsRoutes =
  (ctx: Ctx, deps: { accountSections?: AccountSections } = {}): FastifyPluginAsyncZod =>
  async (app) => {
    const sections = deps.accountSections ?? {};

    app.post('/v1/operator/bootstrap', {
      config: { access: 'operator' },
      schema: { tags, summary: 'Create the first operator (an admin) with the bootstrap OPERATOR_TOKEN; refused once one exists', body: S.BootstrapBody, response: { 201: S.OperatorOut } },
    }, async (request, reply) => reply.status(201).send(present(await ops.bootstrap(ctx, operatorOf(request), request.body, requestMeta(request)), ctx.now())));

    app.post('/v1/operator/signin', {
      config: { access: 'public' },
      schema: { tags, summary: 'Operator sign-in, step 1: email and password (then a TOTP code, or enrolment first)', body: S.SignInBody, response: { 200: S.SignInStepOut } },
    }, async (request, reply) => {
      const r = await ops.signInPassword(ctx, request.body, requestMeta(request));
      return { next: r.next, csrfToken: setCookies(ctx, request, reply, r.token, r.expiresAt), name: r.operator.name };
    });

    app.post('/v1/operator/signin/enrol', {
      config: { access: 'public' },
      schema: { tags, summary: 'Operator sign-in: set up two-factor (a new TOTP secret, its otpauth:// URI and QR code); the first code confirms it', response: { 200: S.EnrolmentOut } },
    }, async (request) => {
      const p = pending(request);
      return ops.startEnrolment(ctx, p.token, p.csrf, requestMeta(request));
    });

    app.post('/v1/operator/signin/totp', {
      config: { access: 'public' },
      schema: { tags, summary: 'Operator sign-in, step 2: the TOTP code (a code already used is refused; failures lock the operator out)', body: S.TotpBody, response: { 200: S.SignedInOut } },
    }, async (request, reply) => {
      const p = pending(request);
      const r = await ops.signInTotp(ctx, p.token, p.csrf, request.body.code, requestMeta(request));
      return { operator: present(r.operator, ctx.now()), csrfToken: setCookies(ctx, request, reply, r.token, r.expiresAt), expiresAt: r.expiresAt.toISOString() };
    });

    app.post('/v1/operator/signout', {
      config: { access: { operator: 'support' } },
      schema: { tags, summary: 'End this operator session', response: { 204: NoContent } },
    }, async (request, reply) => {
      await ops.signOut(ctx, operatorOf(request), requestMeta(request));
      reply.clearCookie(OP_SESSION_COOKIE, { path: '/' });
      reply.clearCookie(OP_CSRF_COOKIE, { path: '/' });
      return reply.status(204).send();
    });

    app.get('/v1/operator/me', {
      config: { access: anyOperator },
      schema: { tags, summary: 'The operator making this request', response: { 200: S.OperatorMeOut } },
    }, async (request) => {
      const op = operatorOf(request);
      const row = op.operatorId ? await ops.getOperator(ctx, op.operatorId) : null;
      return { via: op.via, role: op.role as z.infer<typeof S.OperatorRoleEnum>, operator: row ? present(row, ctx.now()) : null, tokenEnabled: await ops.tokenEnabled(ctx) };
    });

    app.get('/v1/operator/token', {
      config: { access: anyOperator },
      schema: { tags, summary: 'Whether the bootstrap OPERATOR_TOKEN is still accepted', response: { 200: S.TokenStateOut } },
    }, async () => {
      const s = await ops.tokenState(ctx);
      return { enabled: s.enabled, disabledAt: s.disabledAt?.toISOString() ?? null };
    });

    app.post('/v1/operator/token/disable', {
      config: { access: admin },
      schema: { tags, summary: 'Turn the bootstrap OPERATOR_TOKEN off for good (an admin operator signed in with TOTP)', response: { 200: S.TokenStateOut } },
    }, async (request) => {
      const s = await ops.disableToken(ctx, operatorOf(request), requestMeta(request));
      return { enabled: s.enabled, disabledAt: s.disabledAt?.toISOString() ?? null };
    });

    app.get('/v1/operator/operators', {
      config: { access: admin },
      schema: { tags, summary: 'Every operator', response: { 200: pageOf(S.OperatorOut) } },
    }, async () => ({ data: (await ops.listOperators(ctx)).map((o) => present(o, ctx.now())), nextCursor: null }));

    app.post('/v1/operator/operators', {
      config: { access: admin },
      schema: { tags, summary: 'Create an operator (they sign in with this password and set up two-factor)', body: S.OperatorCreateBody, response: { 201: S.OperatorOut } },
    }, async (request, reply) => reply.status(201).send(present(await ops.createOperator(ctx, operatorOf(request), request.body, requestMeta(request)), ctx.now())));

    app.patch('/v1/operator/operators/:id', {
      config: { access: admin },
      schema: { tags, summary: "Change an operator's role, or disable/enable them (their sessions end)", params: z.object({ id: z.string().max(100) }), body: S.OperatorPatchBody, response: { 200: S.OperatorOut } },
    }, async (request) => present(await ops.updateOperator(ctx, operatorOf(request), operatorIdOf(request.params.id), request.body, requestMeta(request)), ctx.now()));

    app.post('/v1/operator/operators/:id/reset-totp', {
      config: { access: admin },
      schema: { tags, summary: "Reset an operator's two-factor: they enrol again at the next sign-in", params: z.object({ id: z.string().max(100) }), response: { 200: S.OperatorOut } },
    }, async (request) => present(await ops.resetTotp(ctx, operatorOf(request), operatorIdOf(request.params.id), requestMeta(request)), ctx.now()));

    app.get('/v1/operator/audit', {
      config: { access: anyOperator },
      schema: { tags, summary: "The operators' hash-chained audit log, newest first", querystring: S.OperatorAuditQuery, response: { 200: S.OperatorAuditPage } },
    }, async (request) => {
      const page = await listOperatorAudit(ctx, request.query.before ?? null, request.query.limit);
      return {
        data: page.rows.map((e) => ({
          id: toPublicId('audit', e.id), seq: e.seq, at: e.createdAt.toISOString(), action: e.action,
          actor: { type: e.actorType, id: e.actorId, label: e.actorLabel },
          target: e.targetType && e.targetId ? { type: e.targetType, id: e.targetId } : null,
          ip: e.ip, details: JSON.parse(e.details) as Record<string, unknown>,
        })),
        nextBefore: page.nextSeq,
      };
    });

    app.get('/v1/operator/audit/verify', {
      config: { access: anyOperator },
      schema: { tags, summary: "Walk the operators' audit chain (every MAC and link, the stored head)", response: { 200: S.OperatorAuditVerification } },
    }, async () => {
      const v = await verifyOperatorAudit(ctx);
      return { ok: v.ok, checked: v.checked, reason: v.reason ?? null, firstBrokenId: v.firstBrokenId ? toPublicId('audit', v.firstBrokenId) : null, headSeq: v.head.seq };
    });

    app.get('/v1/operator/accounts', {
      config: { access: anyOperator },
      schema: { tags, summary: 'Customer accounts: search, status, usage of the last 30 days', querystring: S.AccountsQuery, response: { 200: pageOf(S.ConsoleAccountOut) } },
    }, async (request) => consoleService.listAccounts(ctx, request.query));

    app.get('/v1/operator/accounts/:id', {
      config: { access: anyOperator },
      schema: { tags, summary: 'One customer account: usage, numbers, connections, members, notes and the sections other modules add', params: z.object({ id: z.string().max(100) }), response: { 200: S.ConsoleAccountDetailOut } },
    }, async (request) => consoleService.accountDetail(ctx, operatorOf(request), request.params.id, sections, requestMeta(request)));

    app.post('/v1/operator/accounts/:id/notes', {
      config: { access: { operator: 'support' } },
      schema: { tags, summary: 'Add an operator note to an account (staff-internal)', params: z.object({ id: z.string().max(100) }), body: S.NoteBody, response: { 201: S.OperatorNoteOut } },
    }, async (request, reply) => reply.status(201).send(await consoleService.addNote(ctx, operatorOf(request), request.params.id, request.body.body, requestMeta(request))));
  };
