import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { toPublicId } from '../../lib/ids.js';
import { pageParams } from '../../http/pagination.js';
import { CsvDownload, NoContent, pageOf } from '../../http/responses.js';
import { sendStream } from '../../http/stream.js';
import {
  BulkBody, ContactBody, ContactOut, ContactPatch, CountOut, CustomFieldOut, FieldBody, FieldPatch, IdParams, ListQuery, SegmentBody, SegmentOut,
  SegmentPatch, Selection,
} from './contacts.schema.js';
import * as contacts from './contacts.service.js';
import * as fields from './fields.service.js';
import { presentContact, presentField } from './presenters.js';
import { SegmentFilter } from './segments.js';
import * as sel from './selection.service.js';

const read = { role: 'viewer', scope: 'contacts:read' } as const;
const write = { role: 'agent', scope: 'contacts:write' } as const;
const admin = { role: 'admin', scope: 'contacts:write' } as const;
const exportAccess = { role: 'admin', scope: 'contacts:export' } as const;

const ContactPageOut = pageOf(ContactOut).extend({ total: z.number().int().optional().meta({ description: 'How many contacts match, over all pages (with total=true)' }) }).meta({ id: 'ContactPage' });
const presentSegment = (s: sel.SegmentRow) => ({
  id: toPublicId('segment', s.id), name: s.name, filter: s.filter, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString(),
});

export const contactsRoutes =
  (ctx: Ctx, ports: { eraseContacts: contacts.ContactEraser }): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['contacts'];
    app.post('/v1/contacts', { config: { access: write }, schema: { tags, summary: 'Create a contact', body: ContactBody, response: { 201: ContactOut } } }, async (request, reply) => {
      const c = await contacts.createContact(ctx, caller(request), request.body, requestMeta(request));
      return reply.status(201).send(presentContact(c));
    });

    app.get('/v1/contacts', { config: { access: read }, schema: { tags, summary: 'List and search contacts (sortable; `total=true` counts every match)', querystring: ListQuery, response: { 200: ContactPageOut } } }, async (request) => {
      const auth = caller(request);
      const { segment, field, total, ...q } = request.query;
      const filter = segment ? await sel.segmentFilter(ctx.db, auth.accountId, segment) : undefined;
      const fields = field ? { [field.slice(0, field.indexOf(':'))]: field.slice(field.indexOf(':') + 1) } : undefined;
      const page = await contacts.listContacts(ctx, auth, { ...q, segment: filter, fields, withTotal: total === 'true' });
      return { data: page.rows.map(presentContact), nextCursor: page.nextCursor, ...(page.total === null ? {} : { total: page.total }) };
    });

    app.get('/v1/contacts/tags', {
      config: { access: read },
      schema: {
        tags, summary: 'The tags in use, most used first (suggestions while typing a tag)',
        querystring: z.object({ prefix: z.string().max(50).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.object({ data: z.array(z.object({ tag: z.string(), count: z.number().int() })) }).meta({ id: 'TagCounts' }) },
      },
    }, async (request) => ({ data: await contacts.listTags(ctx, caller(request), request.query) }));

    app.get('/v1/contacts/:id', { config: { access: { ...read, partner: { can: 'read', contact: 'id', mask: true } } }, schema: { tags, summary: 'Get a contact (audited)', params: IdParams, response: { 200: ContactOut } } }, async (request) =>
      presentContact(await contacts.getContact(ctx, caller(request), request.params.id, requestMeta(request))),
    );

    app.patch('/v1/contacts/:id', { config: { access: write }, schema: { tags, summary: 'Update a contact', params: IdParams, body: ContactPatch, response: { 200: ContactOut } } }, async (request) =>
      presentContact(await contacts.updateContact(ctx, caller(request), request.params.id, request.body, requestMeta(request))),
    );

    app.delete('/v1/contacts/:id', { config: { access: write }, schema: { tags, summary: 'Erase a contact completely (messages, media, import lines, events; the suppression stays as a keyed hash)', params: IdParams, response: { 204: NoContent } } }, async (request, reply) => {
      await contacts.deleteContact(ctx, caller(request), request.params.id, requestMeta(request), ports.eraseContacts);
      return reply.status(204).send();
    });

    app.post('/v1/contacts/bulk', { config: { access: admin }, schema: { tags, summary: 'Tag, untag or delete a selection of contacts', body: BulkBody, response: { 200: z.object({ affected: z.number().int() }) } } }, async (request) => ({
      affected: await sel.bulk(ctx, caller(request), request.body, requestMeta(request), ports.eraseContacts),
    }));

    app.post('/v1/contacts/export', { config: { access: exportAccess }, schema: { tags, summary: 'Export a selection of contacts as CSV', body: Selection, response: { 200: CsvDownload('The selected contacts') } } }, async (request, reply) => {
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
    app.get('/v1/segments', { config: { access: read }, schema: { tags: stags, summary: 'List segments, oldest first', querystring: z.object(pageParams()), response: { 200: pageOf(SegmentOut) } } }, async (request) => {
      const page = await sel.segmentsPage(ctx.db, caller(request).accountId, request.query);
      return { data: page.data.map(presentSegment), nextCursor: page.nextCursor };
    });
    app.post('/v1/segments', { config: { access: write }, schema: { tags: stags, summary: 'Create a segment', body: SegmentBody, response: { 201: SegmentOut } } }, async (request, reply) =>
      reply.status(201).send(presentSegment(await sel.createSegment(ctx, caller(request), request.body.name, request.body.filter, requestMeta(request)))),
    );
    app.get('/v1/segments/:id', { config: { access: read }, schema: { tags: stags, summary: 'Get a segment', params: IdParams, response: { 200: SegmentOut } } }, async (request) =>
      presentSegment(await sel.findSegment(ctx.db, caller(request).accountId, request.params.id)),
    );
    app.patch('/v1/segments/:id', { config: { access: write }, schema: { tags: stags, summary: 'Update a segment', params: IdParams, body: SegmentPatch, response: { 200: SegmentOut } } }, async (request) =>
      presentSegment(await sel.updateSegment(ctx, caller(request), request.params.id, request.body)),
    );
    app.delete('/v1/segments/:id', { config: { access: write }, schema: { tags: stags, summary: 'Delete a segment', params: IdParams, response: { 204: NoContent } } }, async (request, reply) => {
      await sel.deleteSegment(ctx, caller(request), request.params.id);
      return reply.status(204).send();
    });
    app.get('/v1/segments/:id/count', { config: { access: read }, schema: { tags: stags, summary: 'Count the contacts in a segment', params: IdParams, response: { 200: CountOut } } }, async (request) => {
      const auth = caller(request);
      return { count: await sel.countFilter(ctx, auth, await sel.segmentFilter(ctx.db, auth.accountId, request.params.id)) };
    });
    app.post('/v1/segments/count', { config: { access: read }, schema: { tags: stags, summary: 'Count the contacts matching a filter', body: z.object({ filter: SegmentFilter }), response: { 200: CountOut } } }, async (request) => ({
      count: await sel.countFilter(ctx, caller(request), request.body.filter, { draft: true }),
    }));

    // ---- custom fields ----
    const ftags = ['custom-fields'];
    app.get('/v1/custom-fields', { config: { access: read }, schema: { tags: ftags, summary: 'List custom fields, oldest first', querystring: z.object(pageParams()), response: { 200: pageOf(CustomFieldOut) } } }, async (request) => {
      const page = await fields.customFieldsPage(ctx.db, caller(request).accountId, request.query);
      return { data: page.data.map(presentField), nextCursor: page.nextCursor };
    });
    app.post('/v1/custom-fields', { config: { access: admin }, schema: { tags: ftags, summary: 'Create a custom field', body: FieldBody, response: { 201: CustomFieldOut } } }, async (request, reply) =>
      reply.status(201).send(presentField(await fields.createField(ctx, caller(request), request.body, requestMeta(request)))),
    );
    app.patch('/v1/custom-fields/:id', { config: { access: admin }, schema: { tags: ftags, summary: 'Update a custom field', params: IdParams, body: FieldPatch, response: { 200: CustomFieldOut } } }, async (request) =>
      presentField(await fields.updateField(ctx, caller(request), request.params.id, request.body)),
    );
    app.delete('/v1/custom-fields/:id', { config: { access: admin }, schema: { tags: ftags, summary: 'Delete a custom field', params: IdParams, response: { 204: NoContent } } }, async (request, reply) => {
      await fields.deleteField(ctx, caller(request), request.params.id, requestMeta(request));
      return reply.status(204).send();
    });
  };
