import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { nonJson, pageOf } from '../../http/responses.js';
import { IdParams } from '../contacts/contacts.schema.js';
import { CreateExportBody, DownloadQuery, ExportOut } from './exports.schema.js';
import * as service from './exports.service.js';

const tags = ['exports'];
/** Any member exports their own data; the service lets only the owner export the whole account. */
const access = { role: 'viewer' } as const;

export const exportsRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/v1/exports', {
      config: { access },
      schema: {
        tags, summary: 'Export data as a ZIP of JSON and CSV (built in the background)', body: CreateExportBody,
        response: { 202: z.object({ id: z.string(), status: z.literal('queued') }) },
      },
    }, async (request, reply) => {
      const e = await service.createExport(ctx, caller(request), request.body.scope, requestMeta(request));
      return reply.status(202).send({ id: service.presentExport(ctx, e).id, status: 'queued' as const });
    });

    app.get('/v1/exports', { config: { access }, schema: { tags, summary: 'Your exports, newest first', response: { 200: pageOf(ExportOut) } } }, async (request) => ({
      data: (await service.listExports(ctx, caller(request))).map((e) => service.presentExport(ctx, e)), nextCursor: null,
    }));

    app.get('/v1/exports/:id', { config: { access }, schema: { tags, summary: 'An export and its progress', params: IdParams, response: { 200: ExportOut } } }, async (request) =>
      service.presentExport(ctx, await service.getExport(ctx, caller(request), request.params.id)));

    app.get('/v1/exports/:id/download', {
      config: { access },
      schema: {
        tags, summary: 'Download a completed export (its requester, signed in to the same account, before it expires)', params: IdParams, querystring: DownloadQuery,
        response: { 200: nonJson(['application/zip'], 'The ZIP file, sent as an attachment') },
      },
    }, async (request, reply) => {
      const file = await service.openDownload(ctx, caller(request), request.params.id, request.query.token, requestMeta(request), { head: request.method === 'HEAD' });
      return reply.type('application/zip').header('content-length', file.size).header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${file.filename}"`).send(file.stream as never);
    });
  };
