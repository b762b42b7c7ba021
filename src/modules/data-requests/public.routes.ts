import { createReadStream } from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { requestMeta } from '../../http/auth.js';
import { nonJson } from '../../http/responses.js';
import { AppError, notFound } from '../../lib/errors.js';
import { toPublicId } from '../../lib/ids.js';
import { PublicChoiceIn, PublicStartIn, PublicVerifyIn } from './data-requests.schema.js';
import type { DataRequestPorts } from './data-requests.types.js';
import * as page from './public-page.js';
import * as svc from './public.service.js';

const tags = ['data-requests'];
const Slug = z.object({ slug: z.string().min(1).max(100) });
const Html = nonJson(['text/html'], 'The page');
const FORM_BODY_LIMIT = 16_384;
const StartOut = z.object({ status: z.literal('code_sent'), ticket: z.string() });
const VerifyOut = z.object({ status: z.literal('verified'), ticket: z.string() });
const ChoiceOut = z.object({ id: z.string(), type: z.string(), status: z.string(), dueAt: z.string() });
const Zip = nonJson(['application/zip'], 'The person\'s data: contact, messages and consent history as JSON and CSV (ZIP attachment)');

const wantsHtml = (request: FastifyRequest) => (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');

function sendPage(reply: FastifyReply, status: number, render: (nonce: string) => string) {
  const nonce = page.newNonce();
  return reply.status(status).headers(page.pageHeaders(nonce)).send(render(nonce));
}
const notFoundPage = (reply: FastifyReply) => sendPage(reply, 404, (n) => page.errorPage(n, 'Not found', 'There is no privacy page at this address.'));

/** Runs a page step; a 4xx shows `onError`'s page with the message (a 5xx is the app's error). */
async function step(reply: FastifyReply, work: () => Promise<(nonce: string) => string>, onError: (message: string, err: AppError) => (nonce: string) => string) {
  try {
    return sendPage(reply, 200, await work());
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    return sendPage(reply, err.status, onError(err.message, err));
  }
}

/**
 * The business's public privacy page (`/privacy/:slug`, slug: the sign-up form's or the account's
 * public id): no session; writes are covered by the Origin check of public routes, a signed page
 * token, signed tickets, and per-IP/per-number limits. Form posts get pages; JSON gets JSON.
 */
export const dataRequestPublicRoutes =
  (ctx: Ctx, ports: DataRequestPorts): FastifyPluginAsyncZod =>
  async (app) => {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    // Every answer here, pages and JSON alike (a ticket, an error about the phone), is for this caller only: never cached.
    app.addHook('onRequest', (_request, reply, done) => {
      void reply.header('cache-control', 'no-store');
      done();
    });
    const found = (slug: string) => svc.pageAccount(ctx, slug);
    const pageUrl = (slug: string) => `${ctx.config.publicUrl.replace(/\/+$/, '')}/privacy/${slug}`;

    app.get('/privacy/:slug', { config: { access: 'public' }, schema: { tags, summary: 'The business\'s privacy page (end customers)', security: [], params: Slug, response: { 200: Html, 404: Html } } }, async (request, reply) => {
      const account = await found(request.params.slug);
      if (!account) return notFoundPage(reply);
      return sendPage(reply, 200, (n) => page.startPage(n, account.name, request.params.slug, svc.pageToken(ctx, account.id)));
    });

    app.post('/privacy/:slug', {
      config: { access: 'public' },
      schema: { tags, summary: 'Text a verification code to the number (same answer whether the business holds it or not; rate-limited)', security: [], params: Slug, body: PublicStartIn, response: { 200: StartOut } },
    }, async (request, reply) => {
      const { slug } = request.params;
      const account = await found(slug);
      if (!account) {
        if (wantsHtml(request)) return notFoundPage(reply);
        throw notFound('Privacy page');
      }
      const run = () => svc.startVerification(ctx, ports, account, request.body, requestMeta(request));
      if (!wantsHtml(request)) return run();
      return step(reply, async () => {
        const r = await run();
        return (n) => page.codePage(n, account.name, slug, r.ticket);
      }, (message) => (n) => page.startPage(n, account.name, slug, svc.pageToken(ctx, account.id), { error: message, phone: request.body.phone }));
    });

    app.post('/privacy/:slug/verify', {
      config: { access: 'public' },
      schema: { tags, summary: 'Check the texted code (5 tries, then a 15-minute cool-down; 10 minutes)', security: [], params: Slug, body: PublicVerifyIn, response: { 200: VerifyOut } },
    }, async (request, reply) => {
      const { slug } = request.params;
      const account = await svc.pageAccountOrThrow(ctx, slug);
      const run = () => svc.verifyCode(ctx, account, request.body);
      if (!wantsHtml(request)) return run();
      return step(reply, async () => {
        await run();
        return (n) => page.choicePage(n, account.name, slug, request.body.ticket);
      }, (message, err) => (n) => (err.code === 'wrong_code' ? page.codePage(n, account.name, slug, request.body.ticket, message) : page.errorPage(n, account.name, message, `/privacy/${slug}`)));
    });

    app.post('/privacy/:slug/request', {
      config: { access: 'public' },
      schema: { tags, summary: 'Ask for access, correction, deletion or opt-out (after the code)', security: [], params: Slug, body: PublicChoiceIn, response: { 200: ChoiceOut } },
    }, async (request, reply) => {
      const { slug } = request.params;
      const account = await svc.pageAccountOrThrow(ctx, slug);
      const run = async () => {
        const { request: r } = await svc.submitChoice(ctx, ports, account, request.body, { ...requestMeta(request), url: pageUrl(slug) });
        return { id: toPublicId('dataRequest', r.id), type: r.type, status: r.status, dueAt: r.dueAt.toISOString() };
      };
      if (!wantsHtml(request)) return run();
      return step(reply, async () => {
        const r = await run();
        return (n) => page.receivedPage(n, account.name, slug, r, request.body.ticket);
      }, (message, err) => (n) => (err.code === 'invalid_email' || err.code === 'correction_empty' ? page.choicePage(n, account.name, slug, request.body.ticket, message) : page.errorPage(n, account.name, message, `/privacy/${slug}`)));
    });

    app.post('/privacy/:slug/download', {
      config: { access: 'public' },
      schema: { tags, summary: 'Download the person\'s contact, messages and consent history (ZIP of JSON + CSV; after an access request)', security: [], params: Slug, body: PublicVerifyIn.pick({ ticket: true }), response: { 200: Zip } },
    }, async (request, reply) => {
      const account = await svc.pageAccountOrThrow(ctx, request.params.slug);
      const { file, cleanup } = await svc.downloadData(ctx, account, request.body.ticket, requestMeta(request));
      const stream = createReadStream(file);
      stream.on('close', () => void cleanup());
      return reply.headers({ 'content-type': 'application/zip', 'cache-control': 'no-store', 'content-disposition': 'attachment; filename="my-data.zip"' }).send(stream as never);
    });
  };
