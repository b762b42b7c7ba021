import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { NoContent, pageOf } from '../../http/responses.js';
import { toPublicId } from '../../lib/ids.js';
import { IdParams } from '../contacts/contacts.schema.js';
import { ConversationOut } from './conversations.schema.js';
import { ConversationLabelsIn, LabelIn, LabelOut, LabelPatch } from './labels.schema.js';
import * as labels from './labels.service.js';
import { presentConversation } from './presenters.js';

const tags = ['labels'];
const read = { role: 'viewer', scope: 'messages:read' } as const;
const write = { role: 'agent', scope: 'messages:write' } as const;
const manage = { role: 'admin', scope: 'account:write' } as const;

const present = (l: labels.LabelRow) => ({ id: toPublicId('label', l.id), name: l.name, color: l.color, conversations: Number(l.conversations), createdAt: l.created_at.toISOString() });

/** The account's labels, and the labels on a conversation. */
export const labelsRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/v1/labels', { config: { access: { ...read, partner: { can: 'read' } } }, schema: { tags, summary: 'List labels', response: { 200: pageOf(LabelOut) } } }, async (request) =>
      ({ data: (await labels.listLabels(ctx, caller(request).accountId)).map(present), nextCursor: null }),
    );
    app.post('/v1/labels', { config: { access: manage }, schema: { tags, summary: 'Create a label', body: LabelIn, response: { 201: LabelOut } } }, async (request, reply) =>
      reply.status(201).send(present(await labels.createLabel(ctx, caller(request), request.body, requestMeta(request)))),
    );
    app.patch('/v1/labels/:id', { config: { access: manage }, schema: { tags, summary: 'Rename or recolour a label', params: IdParams, body: LabelPatch, response: { 200: LabelOut } } }, async (request) =>
      present(await labels.updateLabel(ctx, caller(request), request.params.id, request.body, requestMeta(request))),
    );
    app.delete('/v1/labels/:id', { config: { access: manage }, schema: { tags, summary: 'Delete a label (it leaves every conversation)', params: IdParams, response: { 204: NoContent } } }, async (request, reply) => {
      await labels.deleteLabel(ctx, caller(request), request.params.id, requestMeta(request));
      return reply.status(204).send();
    });
    app.put('/v1/conversations/:id/labels', {
      // Partner callers: labelling is triage, granted with `assign`.
      config: { access: { ...write, partner: { can: 'assign', conversation: 'id', mask: true } } },
      schema: { tags: ['conversations'], summary: "Set a conversation's labels (exactly these)", params: IdParams, body: ConversationLabelsIn, response: { 200: ConversationOut } },
    }, async (request) => presentConversation(await labels.setConversationLabels(ctx, caller(request), request.params.id, request.body.labelIds, requestMeta(request))));
  };
