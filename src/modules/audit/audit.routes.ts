import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { CsvDownload } from '../../http/responses.js';
import { sendStream } from '../../http/stream.js';
import { fromPublicId, toPublicId } from '../../lib/ids.js';
import { deriveAuditKey } from './audit-key.js';
import { AuditCheckpoint, AuditQuery, AuditVerification, AuditVerifyBody } from './audit.schema.js';
import type { AuditVerdict, NamedAuditRow, SignedCheckpoint } from './audit.service.js';
import { chainName, exportAudit, issueCheckpoint, listAudit, verifyChain } from './audit.service.js';
import { auditFilterOf, publicRef } from './audit-filter.js';

const tags = ['audit'];
const ownerOnly = { role: 'owner', scope: 'audit:read' } as const;
const adminUp = { role: 'admin', scope: 'audit:read' } as const;

const AuditOut = z.object({
  id: z.string(), action: z.string(),
  actor: z.object({ type: z.string(), id: z.string().nullable(), label: z.string().nullable() }),
  target: z.object({
    type: z.string(), id: z.string().describe('the typed public id (ct_…, usr_…) where the target has one'),
    name: z.string().nullable().describe('what the target is called now (a contact\'s name, a member\'s email); null when it is gone'),
  }).nullable(),
  ip: z.string().nullable(), userAgent: z.string().nullable(), createdAt: z.string(), details: z.record(z.string(), z.unknown()),
}).meta({ id: 'AuditEvent' });

const present = (e: NamedAuditRow) => ({
  id: toPublicId('audit', e.id),
  action: e.action,
  actor: { type: e.actorType, id: e.actorId ? publicRef(e.actorType, e.actorId) : null, label: e.actorLabel },
  target: e.targetType && e.targetId ? { type: e.targetType, id: publicRef(e.targetType, e.targetId), name: e.targetName } : null,
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
        description: 'Filters combine (AND). Reads of personal data (contact.viewed) are included: they are sealed into the chain before the first page is read.',
        querystring: AuditQuery.extend({ cursor: z.string().regex(/^\d{1,15}$/).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.object({ data: z.array(AuditOut), nextCursor: z.string().nullable() }) },
      },
    }, async (request) => {
      const { cursor, limit, ...q } = request.query;
      const page = await listAudit(ctx.db, caller(request).accountId, cursor ? Number(cursor) : null, limit, auditFilterOf(q));
      return { data: page.rows.map(present), nextCursor: page.nextSeq === null ? null : String(page.nextSeq) };
    });

    app.get('/v1/audit-events.csv', {
      config: { access: ownerOnly },
      schema: { tags, summary: 'Export the audit events matching the filters as CSV (newest first, at most 100,000)', querystring: AuditQuery, response: { 200: CsvDownload('Audit events') } },
    }, async (request, reply) => {
      const auth = caller(request);
      const rows = await exportAudit(ctx.db, { accountId: auth.accountId, actor: auth.actor, meta: requestMeta(request) }, auditFilterOf(request.query), request.query);
      void reply.header('cache-control', 'no-store');
      return sendStream(reply, 'csv', 'audit-events', rows);
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
