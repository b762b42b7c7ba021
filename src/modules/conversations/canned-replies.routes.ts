import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { NoContent, pageOf } from '../../http/responses.js';
import { toPublicId } from '../../lib/ids.js';
import { IdParams } from '../contacts/contacts.schema.js';
import { CannedRepliesQuery, CannedReplyIn, CannedReplyOut, CannedReplyPatch } from './canned-replies.schema.js';
import * as canned from './canned-replies.service.js';

const tags = ['canned replies'];
const read = { role: 'viewer', scope: 'messages:read' } as const;
const write = { role: 'agent', scope: 'messages:write' } as const;

const present = ({ row: r, rendered, maskedFields }: canned.CannedReplyView) => ({
  id: toPublicId('cannedReply', r.id), shortcut: r.shortcut, body: r.body, rendered, maskedFields, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
});

/** The team's canned replies (picked with "/" in the composer). */
export const cannedRepliesRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/v1/canned-replies', {
      // Partner callers: rendered only for a conversation their grant covers, and not when a reply reads a field the grant masks.
      config: { access: { ...read, partner: { can: 'read', conversation: 'conversationId' } } },
      schema: { tags, summary: 'List canned replies by shortcut (rendered for a conversation when conversationId is given)', querystring: CannedRepliesQuery, response: { 200: pageOf(CannedReplyOut) } },
    }, async (request) => {
      const auth = caller(request);
      return { data: (await canned.listCannedReplies(ctx, auth.accountId, request.query.conversationId, auth.partner?.maskedFields ?? [])).map(present), nextCursor: null };
    });

    app.post('/v1/canned-replies', { config: { access: write }, schema: { tags, summary: 'Create a canned reply', body: CannedReplyIn, response: { 201: CannedReplyOut } } }, async (request, reply) =>
      reply.status(201).send(present({ row: await canned.createCannedReply(ctx, caller(request), request.body, requestMeta(request)), rendered: null, maskedFields: [] })),
    );

    app.patch('/v1/canned-replies/:id', { config: { access: write }, schema: { tags, summary: 'Change a canned reply', params: IdParams, body: CannedReplyPatch, response: { 200: CannedReplyOut } } }, async (request) =>
      present({ row: await canned.updateCannedReply(ctx, caller(request), request.params.id, request.body, requestMeta(request)), rendered: null, maskedFields: [] }),
    );

    app.delete('/v1/canned-replies/:id', { config: { access: write }, schema: { tags, summary: 'Delete a canned reply', params: IdParams, response: { 204: NoContent } } }, async (request, reply) => {
      await canned.deleteCannedReply(ctx, caller(request), request.params.id, requestMeta(request));
      return reply.status(204).send();
    });
  };
