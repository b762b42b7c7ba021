import type { MultipartFile } from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { AppError, unprocessable } from '../../lib/errors.js';
import { toPublicId } from '../../lib/ids.js';
import { sendStream } from '../../http/stream.js';
import { IdParams } from '../contacts/contacts.schema.js';
import type { ImportRow } from './imports.service.js';
import * as service from './imports.service.js';
import { MappingInput } from './mapping.js';

const tags = ['imports'];
const access = { role: 'admin', scope: 'imports:write' } as const;
const readAccess = { role: 'viewer', scope: 'contacts:read' } as const;

export const ImportOptionsBody = z.object({
  defaultCountry: z.string().trim().length(2).optional(),
  tags: z.array(z.string().trim().min(1).max(50)).max(20).default([]),
  existing: z.enum(['update', 'skip']).default('update'),
  consent: z.object({ basis: z.enum(['consented', 'unknown']), description: z.string().trim().max(2000).optional() }),
  skipLandlines: z.boolean().default(true),
});
const CreateBody = z.object({ uploadId: z.string().min(1).max(100), mapping: MappingInput.optional(), options: ImportOptionsBody });

export const presentImport = (i: ImportRow, filename: string) => ({
  id: toPublicId('import', i.id),
  status: i.status,
  filename,
  total: i.total,
  processed: i.processed,
  inserted: i.inserted,
  updated: i.updated,
  skipped: i.skipped,
  failed: i.failed,
  percent: i.status === 'completed' ? 100 : i.total ? Math.min(100, Math.floor((i.processed / i.total) * 100)) : 0,
  error: i.error,
  createdAt: i.createdAt.toISOString(),
  startedAt: i.startedAt?.toISOString() ?? null,
  finishedAt: i.finishedAt?.toISOString() ?? null,
});

function parseJsonField<T>(schema: z.ZodType<T>, raw: string | undefined, name: string): T {
  let value: unknown;
  try {
    value = raw === undefined ? undefined : JSON.parse(raw);
  } catch {
    throw unprocessable('validation_failed', `The "${name}" field is not valid JSON.`, { field: name });
  }
  const r = schema.safeParse(value);
  if (!r.success) throw unprocessable('validation_failed', `Invalid "${name}": ${r.error.issues[0]?.message}`, { field: name, issues: r.error.issues });
  return r.data;
}

/** Reads a multipart upload: the file is stored as it streams; other parts are small JSON fields. */
async function readMultipart(ctx: Ctx, request: FastifyRequest) {
  const auth = caller(request);
  const fields: Record<string, string> = {};
  let stored: Awaited<ReturnType<typeof service.storeUpload>> | null = null;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (stored) throw unprocessable('too_many_files', 'Send one file.');
      stored = await service.storeUpload(ctx, auth, part.filename || 'upload.csv', (part as MultipartFile).file);
    } else fields[part.fieldname] = String(part.value);
  }
  if (!stored) throw unprocessable('file_required', 'Attach the CSV file in a "file" field.', { field: 'file' });
  return { stored, fields };
}

export const importsRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/v1/imports/preview', { config: { access }, schema: { tags, consumes: ['multipart/form-data'] } }, async (request, reply) => {
      if (!request.isMultipart()) throw new AppError(415, 'unsupported_media_type', 'Upload the file as multipart/form-data.');
      const { stored } = await readMultipart(ctx, request);
      const pv = await service.preview(ctx, caller(request), stored.upload, stored.sample);
      return reply.status(201).send({ ...pv, uploadId: toPublicId('upload', pv.uploadId) });
    });

    app.post('/v1/imports', { config: { access }, schema: { tags, description: 'JSON {uploadId, mapping?, options}, or multipart with a file and JSON "options" (and optional "mapping") fields.' } }, async (request, reply) => {
      const auth = caller(request);
      const meta = requestMeta(request);
      let imp;
      if (request.isMultipart()) {
        const { stored, fields } = await readMultipart(ctx, request);
        const options = parseJsonField(ImportOptionsBody, fields.options, 'options');
        const mapping = fields.mapping ? parseJsonField(MappingInput, fields.mapping, 'mapping') : undefined;
        imp = await service.createImport(ctx, auth, { uploadId: stored.upload.id, mapping, options }, stored.sample, meta);
      } else {
        const body = CreateBody.safeParse(request.body);
        if (!body.success) throw unprocessable('validation_failed', `Invalid request: ${body.error.issues[0]?.path.join('.')} ${body.error.issues[0]?.message}`, { issues: body.error.issues });
        imp = await service.createImport(ctx, auth, body.data, null, meta);
      }
      return reply.status(202).send({ id: toPublicId('import', imp.id), status: imp.status });
    });

    app.get('/v1/imports', { config: { access: readAccess }, schema: { tags } }, async (request) => {
      const rows = await service.listImports(ctx, caller(request));
      return { data: rows.map((r) => presentImport(r.imp, r.filename)), nextCursor: null };
    });

    app.get('/v1/imports/:id', { config: { access: readAccess }, schema: { tags, params: IdParams } }, async (request) => {
      const { imp, filename } = await service.getImport(ctx, caller(request), request.params.id);
      return presentImport(imp, filename);
    });

    app.post('/v1/imports/:id/cancel', { config: { access }, schema: { tags, params: IdParams } }, async (request) => {
      const auth = caller(request);
      await service.cancelImport(ctx, auth, request.params.id, requestMeta(request));
      const { imp, filename } = await service.getImport(ctx, auth, request.params.id);
      return presentImport(imp, filename);
    });

    app.get('/v1/imports/:id/errors.csv', { config: { access: readAccess }, schema: { tags, params: IdParams } }, async (request, reply) => {
      const auth = caller(request);
      const { imp } = await service.getImport(ctx, auth, request.params.id);
      return sendStream(reply, 'csv', `import-${request.params.id}-errors`, service.errorsCsv(ctx, auth, imp.id));
    });
  };
