import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { caller } from '../../http/auth.js';
import { toPublicId, type IdKind } from '../../lib/ids.js';
import type { AuditRow } from './audit.service.js';
import { listAudit, verifyAudit } from './audit.service.js';

const tags = ['audit'];
const ownerOnly = { role: 'owner', scope: 'audit:read' } as const;

const AuditOut = z.object({
  id: z.string(), action: z.string(),
  actor: z.object({ type: z.string(), id: z.string().nullable(), label: z.string().nullable() }),
  target: z.object({ type: z.string(), id: z.string() }).nullable(),
  ip: z.string().nullable(), userAgent: z.string().nullable(), createdAt: z.string(), details: z.record(z.string(), z.unknown()),
});

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
        querystring: z.object({ cursor: z.string().regex(/^\d{1,15}$/).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.object({ data: z.array(AuditOut), nextCursor: z.string().nullable() }) },
      },
    }, async (request) => {
      const { cursor, limit } = request.query;
      const page = await listAudit(ctx.db, caller(request).accountId, cursor ? Number(cursor) : null, limit);
      return { data: page.rows.map(present), nextCursor: page.nextSeq === null ? null : String(page.nextSeq) };
    });

    app.get('/v1/audit-events/verify', {
      config: { access: ownerOnly },
      schema: { tags, response: { 200: z.object({ ok: z.boolean(), checked: z.number(), firstBrokenId: z.string().optional(), reason: z.string().optional() }) } },
    }, async (request) => {
      const r = await verifyAudit(ctx.db, caller(request).accountId);
      return { ...r, firstBrokenId: r.firstBrokenId ? toPublicId('audit', r.firstBrokenId) : undefined };
    });
  };
