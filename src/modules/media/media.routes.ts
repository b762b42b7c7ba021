import type { MultipartFile } from '@fastify/multipart';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { caller } from '../../http/auth.js';
import { nonJson } from '../../http/responses.js';
import { AppError, unprocessable } from '../../lib/errors.js';
import { servingHeaders } from './media-rules.js';
import { MediaOut } from './media.schema.js';
import * as media from './media.service.js';

const tags = ['media'];
const read = { role: 'viewer', scope: 'messages:read' } as const;
const write = { role: 'agent', scope: 'messages:write' } as const;
const Id = z.object({ id: z.string().min(1).max(100) });
/** The bytes as they are (a Buffer is never serialized against the route's schema). */
const sendBytes = (reply: FastifyReply, m: media.MediaRow) => reply.headers(servingHeaders(m)).send(Buffer.from(m.bytes));
const Signed = z.object({ account: z.string().min(1).max(100), id: z.string().min(1).max(100), token: z.string().min(1).max(200) });

/**
 * MMS media: uploads (usable as `mediaIds` on a send), the signed-in user's view of any medium of
 * the account, and the carrier-facing signed, expiring URL (no session: the token is the key).
 */
export const mediaRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/v1/media', {
      config: { access: write },
      schema: { tags, summary: 'Upload an image (JPEG, PNG or GIF, at most 5 MB) to send as MMS with `mediaIds`', consumes: ['multipart/form-data'], response: { 201: MediaOut } },
    }, async (request, reply) => {
      if (!request.isMultipart()) throw new AppError(415, 'unsupported_media_type', 'Upload the image as multipart/form-data in a "file" field.');
      let row: Awaited<ReturnType<typeof media.uploadMedia>> | null = null;
      for await (const part of request.parts()) {
        if (part.type !== 'file') continue;
        if (row) { (part as MultipartFile).file.resume(); throw unprocessable('too_many_files', 'Upload one file at a time.'); }
        row = await media.uploadMedia(ctx, caller(request), part.filename || null, (part as MultipartFile).file);
      }
      if (!row) throw unprocessable('file_required', 'Attach the image in a "file" field.', { field: 'file' });
      return reply.status(201).send(media.presentMedium(row));
    });

    app.get('/v1/media/:id', {
      // Partner callers: media of the conversations their grant covers (checked in mediumOf).
      config: { access: { ...read, partner: { can: 'read' } } },
      schema: { tags, summary: 'The file of a medium (an upload, or media of a message)', params: Id, response: { 200: nonJson(['image/jpeg', 'image/png', 'image/gif', 'application/octet-stream'], 'The file') } },
    }, async (request, reply) => {
      const auth = caller(request);
      const m = await media.mediumOf(ctx, auth.accountId, request.params.id, auth.partner ? { numberIds: auth.partner.numberIds ?? null, teamIds: auth.partner.teamIds ?? null } : undefined);
      return sendBytes(reply, m);
    });

    app.get('/media/:account/:id/:token', {
      config: { access: 'public', rateLimit: false },
      schema: { tags, summary: 'A medium at its signed, expiring URL (what a carrier fetches)', security: [], params: Signed, response: { 200: nonJson(['image/jpeg', 'image/png', 'image/gif'], 'The file'), 404: nonJson(['text/plain'], 'Unknown, forged or expired') } },
    }, async (request, reply) => {
      const m = await media.mediumBySignedUrl(ctx, request.params.account, request.params.id, request.params.token);
      if (!m) return reply.status(404).type('text/plain').header('cache-control', 'no-store').send('Not found');
      return sendBytes(reply, m);
    });
  };
