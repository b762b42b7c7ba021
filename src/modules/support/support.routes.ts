import type { MultipartFile } from '@fastify/multipart';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { nonJson } from '../../http/responses.js';
import { AppError, unprocessable } from '../../lib/errors.js';
import { toPublicId } from '../../lib/ids.js';
import { servingHeaders } from '../media/media-rules.js';
import {
  InquiryIdParams, InquiryOut, InquiryReplyBody, InquiryThreadOut, NewInquiryBody, OperatorInquiriesQuery, OperatorInquiryOut, OperatorInquiryThreadOut,
  OperatorReplyBody, OperatorStatusBody, ScreenshotParams,
} from './support.schema.js';
import * as support from './support.service.js';

const tags = ['support'];
const operatorTags = ['operator'];
/** Any member of an account may write to the platform. */
const member = { role: 'viewer' } as const;
const MINE = '/v1/support/inquiries';
const OPERATOR = '/v1/operator/inquiries';
const IMAGE = nonJson(['image/png', 'image/jpeg', 'image/gif'], 'The image');

const presentThread = (th: support.Thread, base: string) => ({ ...support.presentInquiry(th.ticket), messages: support.presentMessages(th, base) });
const presentOperatorThread = (th: support.Thread) => ({
  ...presentThread(th, OPERATOR),
  account: { id: toPublicId('account', th.ticket.accountId), name: th.people.accountName },
  user: { id: th.ticket.userId ? toPublicId('user', th.ticket.userId) : null, name: th.people.userName, email: th.people.userEmail },
});
const sendImage = (reply: FastifyReply, a: { contentType: string; size: number; filename: string | null; bytes: Uint8Array }) =>
  reply.headers(servingHeaders(a)).send(Buffer.from(a.bytes));

/** "Help & feedback": a user's inquiries, bug reports and feedback to the platform operator, and the operator's side. */
export const supportRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(MINE, {
      config: { access: member },
      schema: { tags, summary: 'Write to the platform operator (a question, a bug report or feedback); a confirmation email follows', body: NewInquiryBody, response: { 201: InquiryThreadOut } },
    }, async (request, reply) => {
      const t = await support.createInquiry(ctx, caller(request), request.body, requestMeta(request));
      return reply.status(201).send(presentThread(await support.myInquiry(ctx, caller(request), toPublicId('inquiry', t.id)), MINE));
    });

    app.get(MINE, {
      config: { access: member },
      schema: { tags, summary: 'Your inquiries in this account, last changed first', response: { 200: z.object({ data: z.array(InquiryOut) }) } },
    }, async (request) => ({ data: (await support.myInquiries(ctx, caller(request))).map(support.presentInquiry) }));

    app.get(`${MINE}/:id`, {
      config: { access: member },
      schema: { tags, summary: 'One of your inquiries with its replies', params: InquiryIdParams, response: { 200: InquiryThreadOut } },
    }, async (request) => presentThread(await support.myInquiry(ctx, caller(request), request.params.id), MINE));

    app.post(`${MINE}/:id/messages`, {
      config: { access: member },
      schema: { tags, summary: 'Answer in your inquiry\'s thread (a closed one opens again)', params: InquiryIdParams, body: InquiryReplyBody, response: { 201: InquiryThreadOut } },
    }, async (request, reply) => reply.status(201).send(presentThread(await support.replyAsUser(ctx, caller(request), request.params.id, request.body.body), MINE)));

    app.post(`${MINE}/:id/screenshots`, {
      config: { access: member },
      schema: {
        tags, summary: 'Attach a screenshot (PNG, JPEG or GIF, at most 5 MB, 3 a message) to your latest message of the thread',
        consumes: ['multipart/form-data'], params: InquiryIdParams, response: { 201: InquiryThreadOut },
      },
    }, async (request, reply) => {
      if (!request.isMultipart()) throw new AppError(415, 'unsupported_media_type', 'Upload the image as multipart/form-data in a "file" field.');
      let thread: support.Thread | null = null;
      for await (const part of request.parts()) {
        if (part.type !== 'file') continue;
        if (thread) { (part as MultipartFile).file.resume(); throw unprocessable('too_many_files', 'Upload one file at a time.'); }
        thread = await support.addScreenshot(ctx, caller(request), request.params.id, part.filename || null, (part as MultipartFile).file);
      }
      if (!thread) throw unprocessable('file_required', 'Attach the image in a "file" field.', { field: 'file' });
      return reply.status(201).send(presentThread(thread, MINE));
    });

    app.get(`${MINE}/:id/screenshots/:screenshotId`, {
      config: { access: member },
      schema: { tags, summary: 'A screenshot of your inquiry', params: ScreenshotParams, response: { 200: IMAGE } },
    }, async (request, reply) => sendImage(reply, await support.screenshotOf(ctx, caller(request), request.params.id, request.params.screenshotId)));

    app.get(OPERATOR, {
      config: { access: 'operator' },
      schema: { tags: operatorTags, summary: 'Inquiries from every account, last changed first', querystring: OperatorInquiriesQuery, response: { 200: z.object({ data: z.array(OperatorInquiryOut), nextCursor: z.string().nullable() }) } },
    }, async (request) => {
      const { rows, nextCursor } = await support.operatorInquiries(ctx, request.query);
      return {
        nextCursor,
        data: rows.map((r) => ({
          ...support.presentInquiry(r.ticket),
          account: { id: toPublicId('account', r.ticket.accountId), name: r.accountName },
          user: { id: r.ticket.userId ? toPublicId('user', r.ticket.userId) : null, name: r.userName, email: r.userEmail },
        })),
      };
    });

    app.get(`${OPERATOR}/:id`, {
      config: { access: 'operator' },
      schema: { tags: operatorTags, summary: 'One inquiry with its thread', params: InquiryIdParams, response: { 200: OperatorInquiryThreadOut } },
    }, async (request) => presentOperatorThread(await support.operatorInquiry(ctx, request.params.id)));

    app.post(`${OPERATOR}/:id/replies`, {
      config: { access: 'operator' },
      schema: { tags: operatorTags, summary: 'Answer an inquiry (the writer gets an email)', params: InquiryIdParams, body: OperatorReplyBody, response: { 201: OperatorInquiryThreadOut } },
    }, async (request, reply) => reply.status(201).send(presentOperatorThread(await support.operatorReply(ctx, request.params.id, request.body, requestMeta(request)))));

    app.post(`${OPERATOR}/:id/status`, {
      config: { access: 'operator' },
      schema: { tags: operatorTags, summary: 'Set an inquiry\'s status (open, answered, closed)', params: InquiryIdParams, body: OperatorStatusBody, response: { 200: OperatorInquiryThreadOut } },
    }, async (request) => presentOperatorThread(await support.operatorSetStatus(ctx, request.params.id, request.body.status, requestMeta(request))));

    app.get(`${OPERATOR}/:id/screenshots/:screenshotId`, {
      config: { access: 'operator' },
      schema: { tags: operatorTags, summary: 'A screenshot of an inquiry', params: ScreenshotParams, response: { 200: IMAGE } },
    }, async (request, reply) => sendImage(reply, await support.screenshotOf(ctx, null, request.params.id, request.params.screenshotId)));
  };
