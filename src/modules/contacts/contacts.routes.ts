import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { toPublicId } from '../../lib/ids.js';
import { sendStream } from '../../http/stream.js';
import {
  BulkBody, ContactBody, ContactOut, ContactPatch, FieldBody, FieldPatch, IdParams, ListQuery, SegmentBody, SegmentPatch, Selection,
} from './contacts.schema.js';
import * as contacts from './contacts.service.js';
import * as fields from './fields.service.js';
import { listFields } from './fields.service.js';
import { presentContact, presentField } from './presenters.js';
import { SegmentFilter } from './segments.js';
import * as sel from './selection.service.js';

const read = { role: 'viewer', scope: 'contacts:read' } as const;
const write = { role: 'agent', scope: 'contacts:write' } as const;
const admin = { role: 'admin', scope: 'contacts:write' } as const;
const exportAccess = { role: 'admin', scope: 'contacts:export' } as const;

const presentSegment = (s: sel.SegmentRow) => ({
  id: toPublicId('segment', s.id), name: s.name, filter: s.filter, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString(),
});

export const contactsRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['contacts'];
    app.post('/v1/contacts', { config: { access: write }, schema: { tags, body: ContactBody, response: { 201: ContactOut } } }, async (request, reply) => {
      const c = await contacts.createContact(ctx, caller(request), request.body, requestMeta(request));
      return reply.status(201).send(presentContact(c));
    });

    app.get('/v1/contacts', { config: { access: read }, schema: { tags, querystring: ListQuery, response: { 200: z.object({ data: z.array(ContactOut), nextCursor: z.string().nullable() }) } } }, async (request) => {
      const auth = caller(request);
      const { segment, field, ...q } = request.query;
      const filter = segment ? SegmentFilter.parse((await sel.findSegment(ctx.db, auth.accountId, segment)).filter) : undefined;
      const fields = field ? { [field.slice(0, field.indexOf(':'))]: field.slice(field.indexOf(':') + 1) } : undefined;
      const page = await contacts.listContacts(ctx, auth, { ...q, segment: filter, fields });
      return { data: page.rows.map(presentContact), nextCursor: page.nextCursor };
    });

    app.get('/v1/contacts/:id', { config: { access: read }, schema: { tags, params: IdParams, response: { 200: ContactOut } } }, async (request) =>
      presentContact(await contacts.getContact(ctx, caller(request), request.params.id, requestMeta(request))),
    );

    app.patch('/v1/contacts/:id', { config: { access: write }, schema: { tags, params: IdParams, body: ContactPatch, response: { 200: ContactOut } } }, async (request) =>
      presentContact(await contacts.updateContact(ctx, caller(request), request.params.id, request.body, requestMeta(request))),
    );

    app.delete('/v1/contacts/:id', { config: { access: write }, schema: { tags, params: IdParams } }, async (request, reply) => {
      await contacts.deleteContact(ctx, caller(request), request.params.id, requestMeta(request));
      return reply.status(204).send();
    });

    app.post('/v1/contacts/bulk', { config: { access: admin }, schema: { tags, body: BulkBody } }, async (request) => ({
      affected: await sel.bulk(ctx, caller(request), request.body, requestMeta(request)),
    }));

    app.post('/v1/contacts/export', { config: { access: exportAccess }, schema: { tags, body: Selection } }, async (request, reply) => {
      const auth = caller(request);
      const stream = sel.exportCsv(ctx, auth, request.body, requestMeta(request));
      const first = await stream.next(); // resolve the selection (404 for an unknown segment) before headers go out
      async function* all() {
        if (!first.done) yield first.value;
        yield* stream;
      }
      return sendStream(reply, 'csv', 'contacts', all());
    });

    // ---- segments ----
    const stags = ['segments'];
    app.get('/v1/segments', { config: { access: read }, schema: { tags: stags } }, async (request) => ({
      data: (await sel.listSegments(ctx.db, caller(request).accountId)).map(presentSegment), nextCursor: null,
    }));
    app.post('/v1/segments', { config: { access: write }, schema: { tags: stags, body: SegmentBody } }, async (request, reply) =>
      reply.status(201).send(presentSegment(await sel.createSegment(ctx, caller(request), request.body.name, request.body.filter, requestMeta(request)))),
    );
    app.get('/v1/segments/:id', { config: { access: read }, schema: { tags: stags, params: IdParams } }, async (request) =>
      presentSegment(await sel.findSegment(ctx.db, caller(request).accountId, request.params.id)),
    );
    app.patch('/v1/segments/:id', { config: { access: write }, schema: { tags: stags, params: IdParams, body: SegmentPatch } }, async (request) =>
      presentSegment(await sel.updateSegment(ctx, caller(request), request.params.id, request.body)),
    );
    app.delete('/v1/segments/:id', { config: { access: write }, schema: { tags: stags, params: IdParams } }, async (request, reply) => {
      await sel.deleteSegment(ctx, caller(request), request.params.id);
      return reply.status(204).send();
    });
    app.get('/v1/segments/:id/count', { config: { access: read }, schema: { tags: stags, params: IdParams } }, async (request) => {
      const auth = caller(request);
      const s = await sel.findSegment(ctx.db, auth.accountId, request.params.id);
      return { count: await sel.countFilter(ctx, auth, SegmentFilter.parse(s.filter)) };
    });
    app.post('/v1/segments/count', { config: { access: read }, schema: { tags: stags, body: z.object({ filter: SegmentFilter }) } }, async (request) => ({
      count: await sel.countFilter(ctx, caller(request), request.body.filter),
    }));

    // ---- custom fields ----
    const ftags = ['custom-fields'];
    app.get('/v1/custom-fields', { config: { access: read }, schema: { tags: ftags } }, async (request) => ({
      data: (await listFields(ctx.db, caller(request).accountId)).map(presentField), nextCursor: null,
    }));
    app.post('/v1/custom-fields', { config: { access: admin }, schema: { tags: ftags, body: FieldBody } }, async (request, reply) =>
      reply.status(201).send(presentField(await fields.createField(ctx, caller(request), request.body, requestMeta(request)))),
    );
    app.patch('/v1/custom-fields/:id', { config: { access: admin }, schema: { tags: ftags, params: IdParams, body: FieldPatch } }, async (request) =>
      presentField(await fields.updateField(ctx, caller(request), request.params.id, request.body)),
    );
    app.delete('/v1/custom-fields/:id', { config: { access: admin }, schema: { tags: ftags, params: IdParams } }, async (request, reply) => {
      await fields.deleteField(ctx, caller(request), request.params.id, requestMeta(request));
      return reply.status(204).send();
    });
  };
