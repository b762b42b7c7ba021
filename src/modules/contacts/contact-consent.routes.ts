import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context.js';
import { EvidenceFile, EvidenceFormat } from '../consent/consent.schema.js';
import { caller, requestMeta } from '../../http/auth.js';
import { sendStream } from '../../http/stream.js';
import { ConsentBody, ConsentTimelineOut, IdParams } from './contacts.schema.js';
import * as consent from './contact-consent.service.js';

const tags = ['consent'];
const read = { role: 'viewer', scope: 'contacts:read' } as const;
const write = { role: 'agent', scope: 'contacts:write' } as const;
const exportAccess = { role: 'admin', scope: 'contacts:export' } as const;

/** A contact's consent timeline, evidence recording and evidence download. */
export const contactConsentRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/v1/contacts/:id/consent', { config: { access: write }, schema: { tags, summary: "Record consent evidence for a contact", params: IdParams, body: ConsentBody, response: { 201: ConsentTimelineOut } } }, async (request, reply) => {
      const r = await consent.recordForContact(ctx, caller(request), request.params.id, request.body, requestMeta(request));
      return reply.status(201).send(r);
    });

    app.get('/v1/contacts/:id/consent', { config: { access: read }, schema: { tags, summary: "A contact's consent timeline", params: IdParams, response: { 200: ConsentTimelineOut } } }, async (request) =>
      consent.timeline(ctx, caller(request), request.params.id),
    );

    app.get('/v1/contacts/:id/consent/export', { config: { access: exportAccess }, schema: { tags, summary: "Download a contact's consent evidence", params: IdParams, querystring: EvidenceFormat, response: { 200: EvidenceFile } } }, async (request, reply) => {
      const { format } = request.query;
      const stream = await consent.exportEvidence(ctx, caller(request), request.params.id, format, requestMeta(request));
      return sendStream(reply, format, `consent-${request.params.id}`, stream);
    });

  };
