import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { NoContent, nonJson } from '../../http/responses.js';
import * as forms from './forms.service.js';
import { KeywordIn, KeywordOut, KeywordPatch, SignupFormIn, SignupFormOut } from './growth.schema.js';
import type { GrowthPorts } from './growth.types.js';
import * as keywords from './keywords.service.js';

const tags = ['growth'];
const read = { role: 'viewer', scope: 'contacts:read' } as const;
const write = { role: 'admin', scope: 'contacts:write' } as const;
const IdParams = z.object({ id: z.string().min(1).max(100) });
const Svg = nonJson(['image/svg+xml'], 'A QR code (SVG)');
/** `v` changes when what the code encodes changes, so a page can refresh a cached image; the server ignores its value. */
const QrQuery = z.object({ v: z.string().max(100).optional().meta({ description: 'Cache key of the page (ignored by the server)' }) });

/** Join keywords and the hosted sign-up form (settings); the public pages are in join.routes.ts. */
export const growthRoutes =
  (ctx: Ctx, ports: GrowthPorts): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/v1/keywords', { config: { access: read }, schema: { tags, summary: 'List join keywords', response: { 200: z.object({ data: z.array(KeywordOut) }) } } },
      async (request) => ({ data: await keywords.listKeywords(ctx, ports, caller(request)) }));

    app.post('/v1/keywords', { config: { access: write }, schema: { tags, summary: 'Create a join keyword (422 for STOP, HELP, START and their synonyms)', body: KeywordIn, response: { 201: KeywordOut } } },
      async (request, reply) => reply.status(201).send(await keywords.createKeyword(ctx, ports, caller(request), request.body, requestMeta(request))));

    app.patch('/v1/keywords/:id', { config: { access: write }, schema: { tags, summary: 'Change a join keyword', params: IdParams, body: KeywordPatch, response: { 200: KeywordOut } } },
      async (request) => keywords.updateKeyword(ctx, ports, caller(request), request.params.id, request.body, requestMeta(request)));

    app.delete('/v1/keywords/:id', { config: { access: write }, schema: { tags, summary: 'Delete a join keyword', params: IdParams, response: { 204: NoContent } } },
      async (request, reply) => {
        await keywords.deleteKeyword(ctx, caller(request), request.params.id, requestMeta(request));
        return reply.status(204).send();
      });

    app.get('/v1/keywords/:id/qr.svg', { config: { access: read }, schema: { tags, summary: 'A QR code that opens a text of the keyword to its number (sms: URI)', params: IdParams, querystring: QrQuery, response: { 200: Svg } } },
      async (request, reply) => reply.type('image/svg+xml').send(await keywords.keywordQr(ctx, ports, caller(request), request.params.id)));

    app.get('/v1/signup-form', { config: { access: read }, schema: { tags, summary: 'The hosted sign-up form (404 until saved)', response: { 200: SignupFormOut } } },
      async (request) => forms.getForm(ctx, ports, caller(request)));

    app.put('/v1/signup-form', { config: { access: write }, schema: { tags, summary: 'Create or change the hosted sign-up form (each save is a new version)', body: SignupFormIn, response: { 200: SignupFormOut } } },
      async (request) => forms.putForm(ctx, ports, caller(request), request.body, requestMeta(request)));

    app.get('/v1/signup-form/qr.svg', { config: { access: read }, schema: { tags, summary: 'A QR code of the sign-up form\'s address', querystring: QrQuery, response: { 200: Svg } } },
      async (request, reply) => reply.type('image/svg+xml').send(await forms.formQr(ctx, caller(request))));
  };
