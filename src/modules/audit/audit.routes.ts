import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { caller } from '../../http/auth.js';
import { fromPublicId, toPublicId, type IdKind } from '../../lib/ids.js';
import { deriveAuditKey } from './audit-key.js';
import { AuditCheckpoint, AuditVerification, AuditVerifyBody } from './audit.schema.js';
import type { AuditRow, AuditVerdict, SignedCheckpoint } from './audit.service.js';
import { chainName, issueCheckpoint, listAudit, verifyChain } from './audit.service.js';

const tags = ['audit'];
const ownerOnly = { role: 'owner', scope: 'audit:read' } as const;
const adminUp = { role: 'admin', scope: 'audit:read' } as const;

const AuditOut = z.object({
  id: z.string(), action: z.string(),
  actor: z.object({ type: z.string(), id: z.string().nullable(), label: z.string().nullable() }),
  target: z.object({ type: z.string(), id: z.string() }).nullable(),
  ip: z.string().nullable(), userAgent: z.string().nullable(), createdAt: z.string(), details: z.record(z.string(), z.unknown()),
}).meta({ id: 'AuditEvent' });

const KINDS: Record<string, IdKind> = { account: 'account', user: 'user', api_key: 'apiKey', invitation: 'invitation' };
const publicRef = (type: string, id: string) => (KINDS[type] && /^[0-9a-f-]{36}$/.test(id) ? toPublicId(KINDS[type], id) : id);

const present = (e: AuditRow) => ({
  id: toPublicId('audit', e.id),
  action: e.action,
  actor: { type: e.actorType, id: e.actorId ? publicRef(e.actorType, e.actorId) : null, label: e.actorLabel },
  target: e.targetType && e.targetId ? { type: e.targetType, id: publicRef(e.targetType, e.targetId) } : null,
  ip: e.ip, userAgent: e.userAgent, createdAt: e.createdAt.toISOString(), details: JSON.parse(e.details) as Record<string, unknown>,
});

export const auditRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/v1/audit-events', {
      config: { access: ownerOnly },
      schema: {
        tags,
        summary: 'List audit events, newest first',
        querystring: z.object({ cursor: z.string().regex(/^\d{1,15}$/).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.object({ data: z.array(AuditOut), nextCursor: z.string().nullable() }) },
      },
    }, async (request) => {
      const { cursor, limit } = request.query;
      const page = await listAudit(ctx.db, caller(request).accountId, cursor ? Number(cursor) : null, limit);
      return { data: page.rows.map(present), nextCursor: page.nextSeq === null ? null : String(page.nextSeq) };
    });

    const key = deriveAuditKey(ctx.config);
    const verdict = (r: AuditVerdict) => ({ ...r, firstBrokenId: r.firstBrokenId ? toPublicId('audit', r.firstBrokenId) : undefined });

    app.get('/v1/audit-events/verify', {
      config: { access: adminUp },
      schema: { tags, summary: 'Verify the hash chain', response: { 200: AuditVerification } },
    }, async (request) => verdict(await verifyChain(ctx.db, key, { accountId: caller(request).accountId })));

    app.get('/v1/audit/checkpoint', {
      config: { access: adminUp },
      schema: {
        tags, summary: 'Download a signed checkpoint of the audit chain',
        description: 'Keep it outside the platform; POST it to /v1/audit/verify later to detect a truncated or rewritten chain.',
        response: { 200: AuditCheckpoint },
      },
    }, async (request) => {
      const accountId = caller(request).accountId;
      const c = await issueCheckpoint(ctx.db, key, { accountId }, ctx.now());
      return { accountId: toPublicId('account', accountId), seq: c.seq, hash: c.hash, at: c.at, signature: c.signature };
    });

    app.post('/v1/audit/verify', {
      config: { access: adminUp },
      schema: { tags, summary: 'Verify the hash chain, optionally against a checkpoint', body: AuditVerifyBody, response: { 200: AuditVerification } },
    }, async (request) => {
      const ref = { accountId: caller(request).accountId };
      const cp = request.body.checkpoint;
      // The id was validated as acct_…; a checkpoint of another account simply names another chain.
      const signed: SignedCheckpoint | null = cp
        ? { chain: chainName({ accountId: fromPublicId('account', cp.accountId) ?? cp.accountId }), seq: cp.seq, hash: cp.hash, at: cp.at, signature: cp.signature }
        : null;
      return verdict(await verifyChain(ctx.db, key, ref, signed));
    });
  };
