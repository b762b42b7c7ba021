import type { MultipartFile } from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { AppError, unprocessable } from '../../lib/errors.js';
import { toPublicId } from '../../lib/ids.js';
import { CsvDownload, pageOf } from '../../http/responses.js';
import { assertCleanText } from '../../http/input-guard.js';
import { sendStream } from '../../http/stream.js';
import { IdParams } from '../contacts/contacts.schema.js';
import * as service from './imports.service.js';
import { MappingInput } from './mapping.js';
import { presentImport } from './presenters.js';

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
const OPTIONAL_TARGETS = ['firstName', 'lastName', 'fullName', 'email', 'tags', 'timeZone', 'notes', 'consent'] as const;
const ImportOut = z.object({
  id: z.string(), status: z.enum(['queued', 'running', 'completed', 'failed', 'canceled']), filename: z.string(),
  total: z.number().int().nullable(), processed: z.number().int(), inserted: z.number().int(), updated: z.number().int(),
  skipped: z.number().int(), failed: z.number().int(), percent: z.number().int(), error: z.string().nullable(),
  createdAt: z.string(), startedAt: z.string().nullable(), finishedAt: z.string().nullable(),
}).meta({ id: 'Import' });
const ImportPreviewOut = z.object({
  uploadId: z.string(), filename: z.string(), size: z.number().int(), encoding: z.string(), delimiter: z.string(),
  headers: z.array(z.string()), sampleRows: z.array(z.array(z.string())),
  mapping: z.object({
    phone: z.number().int().nullable(), fields: z.record(z.string(), z.number().int()),
    ...Object.fromEntries(OPTIONAL_TARGETS.map((t) => [t, z.number().int().optional()])) as Record<(typeof OPTIONAL_TARGETS)[number], z.ZodOptional<z.ZodNumber>>,
  }).meta({ description: 'Detected column index (0-based) per attribute; custom fields by key' }),
}).meta({ id: 'ImportPreview' });
const CreateBody = z.object({ uploadId: z.string().min(1).max(100), mapping: MappingInput.optional(), options: ImportOptionsBody });

function parseJsonField<T>(schema: z.ZodType<T>, raw: string | undefined, name: string): T {
  let value: unknown;
  try {
    value = raw === undefined ? undefined : JSON.parse(raw);
  } catch {
    throw unprocessable('validation_failed', `The "${name}" field is not valid JSON.`, { field: name });
  }
  assertCleanText(value, name);
  const r = schema.safeParse(value);
  if (!r.success) throw unprocessable('validation_failed', `Invalid "${name}": ${r.error.issues[0]?.message}`, { field: name, issues: r.error.issues });
  return r.data;
}

/** Reads a multipart upload: the file is stored as it streams; other parts are small JSON fields. */
async function readMultipart(ctx: Ctx, request: FastifyRequest) {
  const auth = caller(request);
  const fields: Record<string, string> = {};
  let stored: Awaited<ReturnType<typeof service.storeUpload>> | null = null;
  try {
    for await (const part of service.incoming(request.parts())) {
      if (part.type === 'file') {
        if (stored) throw unprocessable('too_many_files', 'Send one file.');
        assertCleanText(part.filename, 'file.filename');
        stored = await service.storeUpload(ctx, auth, part.filename || 'upload.csv', (part as MultipartFile).file);
      } else {
        assertCleanText(part.fieldname, 'fields');
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (err) {
    // A part after the file was refused (or the body broke off): the stored file goes too.
    if (stored) await service.discardUpload(ctx, auth, stored.upload.id);
    throw err;
  }
  if (!stored) throw unprocessable('file_required', 'Attach the CSV file in a "file" field.', { field: 'file' });
  return { stored, fields };
}

/** Runs `work` on a freshly stored upload; if it throws, the upload is deleted (a refused file keeps nothing). */
async function orDiscard<T>(ctx: Ctx, request: FastifyRequest, uploadId: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    await service.discardUpload(ctx, caller(request), uploadId);
    throw err;
  }
}

export const importsRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/v1/imports/preview', { config: { access }, schema: { tags, summary: 'Upload a CSV and preview it with a detected column mapping', consumes: ['multipart/form-data'], response: { 201: ImportPreviewOut } } }, async (request, reply) => {
      if (!request.isMultipart()) throw new AppError(415, 'unsupported_media_type', 'Upload the file as multipart/form-data.');
      const { stored } = await readMultipart(ctx, request);
      const pv = await orDiscard(ctx, request, stored.upload.id, () => service.preview(ctx, caller(request), stored.upload, stored.sample));
      return reply.status(201).send({ ...pv, uploadId: toPublicId('upload', pv.uploadId) });
    });

    app.post('/v1/imports', { config: { access }, schema: {
      tags,
      summary: 'Start an import',
      description: 'JSON {uploadId, mapping?, options}, or multipart with a file and JSON "options" (and optional "mapping") fields.',
      response: { 202: z.object({ id: z.string(), status: z.string() }) },
    } }, async (request, reply) => {
      const auth = caller(request);
      const meta = requestMeta(request);
      let imp;
      if (request.isMultipart()) {
        const { stored, fields } = await readMultipart(ctx, request);
        imp = await orDiscard(ctx, request, stored.upload.id, async () => {
          const options = parseJsonField(ImportOptionsBody, fields.options, 'options');
          const mapping = fields.mapping ? parseJsonField(MappingInput, fields.mapping, 'mapping') : undefined;
          return service.createImport(ctx, auth, { uploadId: stored.upload.id, mapping, options }, stored.sample, meta);
        });
      } else {
        const body = CreateBody.safeParse(request.body);
        if (!body.success) throw unprocessable('validation_failed', `Invalid request: ${body.error.issues[0]?.path.join('.')} ${body.error.issues[0]?.message}`, { issues: body.error.issues });
        imp = await service.createImport(ctx, auth, body.data, null, meta);
      }
      return reply.status(202).send({ id: toPublicId('import', imp.id), status: imp.status });
    });

    app.get('/v1/imports', { config: { access: readAccess }, schema: { tags, summary: 'List recent imports', response: { 200: pageOf(ImportOut) } } }, async (request) => {
      const rows = await service.listImports(ctx, caller(request));
      return { data: rows.map((r) => presentImport(r.imp, r.filename)), nextCursor: null };
    });

    app.get('/v1/imports/:id', { config: { access: readAccess }, schema: { tags, summary: 'Get an import and its progress', params: IdParams, response: { 200: ImportOut } } }, async (request) => {
      const { imp, filename } = await service.getImport(ctx, caller(request), request.params.id);
      return presentImport(imp, filename);
    });

    app.post('/v1/imports/:id/cancel', { config: { access }, schema: { tags, summary: 'Cancel an import (committed batches stay)', params: IdParams, response: { 200: ImportOut } } }, async (request) => {
      const auth = caller(request);
      await service.cancelImport(ctx, auth, request.params.id, requestMeta(request));
      const { imp, filename } = await service.getImport(ctx, auth, request.params.id);
      return presentImport(imp, filename);
    });

    app.get('/v1/imports/:id/errors.csv', { config: { access: readAccess }, schema: { tags, summary: "Download an import's per-row error report", params: IdParams, response: { 200: CsvDownload('The rows that were not imported, with the reason') } } }, async (request, reply) => {
      const auth = caller(request);
      const { imp } = await service.getImport(ctx, auth, request.params.id);
      return sendStream(reply, 'csv', `import-${request.params.id}-errors`, service.errorsCsv(ctx, auth, imp.id));
    });
  };
