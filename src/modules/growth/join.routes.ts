import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { requestMeta } from '../../http/auth.js';
import { nonJson } from '../../http/responses.js';
import { AppError } from '../../lib/errors.js';
import { formUrl } from './forms.service.js';
import { JoinConfirmIn, JoinIn, JoinOut } from './growth.schema.js';
import type { GrowthPorts } from './growth.types.js';
import * as page from './join-page.js';
import * as join from './join.service.js';

const tags = ['growth'];
const Slug = z.object({ slug: z.string().min(1).max(100) });
const Html = nonJson(['text/html'], 'The page');
const FORM_BODY_LIMIT = 16_384;

/** A browser's form post answers with a page; any other client (JSON) with JSON. */
const wantsHtml = (request: FastifyRequest) => (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');

function sendPage(reply: FastifyReply, status: number, embedOrigins: string[], render: (nonce: string) => string) {
  const nonce = page.newNonce();
  reply.raw.removeHeader('x-frame-options');
  return reply.status(status).headers(page.pageHeaders(nonce, embedOrigins)).send(render(nonce));
}

/**
 * The hosted sign-up form's public pages (`/join/:slug`): no session; framed only by the sites
 * the form allows. Writes are covered by the Origin check of public routes, a signed page
 * token, and per-IP/per-phone limits.
 */
export const joinRoutes =
  (ctx: Ctx, ports: GrowthPorts): FastifyPluginAsyncZod =>
  async (app) => {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    // Every answer here, pages and JSON alike (a ticket, an error about the phone), is for this caller only: never cached.
    app.addHook('onRequest', (_request, reply, done) => {
      void reply.header('cache-control', 'no-store');
      done();
    });

    app.get('/join/:slug', { config: { access: 'public' }, schema: { tags, summary: 'The sign-up form page', security: [], params: Slug, response: { 200: Html, 404: Html } } }, async (request, reply) => {
      const found = await join.publicForm(ctx, request.params.slug);
      if (!found) return sendPage(reply, 404, [], (n) => page.errorPage(n, 'Not found', 'There is no sign-up form at this address.'));
      const token = join.pageToken(ctx, found.form.id, join.embeddingSite(ctx, request.headers.referer));
      return sendPage(reply, 200, found.form.embedOrigins, (n) => page.formPage(n, found.form, token));
    });

    app.post('/join/:slug', {
      config: { access: 'public' },
      schema: { tags, summary: 'Sign up: texts a code (or asks for a reply Y); rate-limited per IP and per phone', security: [], params: Slug, body: JoinIn, response: { 200: JoinOut } },
    }, async (request, reply) => {
      const { slug } = request.params;
      const meta = { ...requestMeta(request), url: formUrl(ctx, slug) };
      if (!wantsHtml(request)) return join.submitJoin(ctx, ports, slug, request.body, meta);
      const found = await join.publicForm(ctx, slug);
      if (!found) return sendPage(reply, 404, [], (n) => page.errorPage(n, 'Not found', 'There is no sign-up form at this address.'));
      const { form } = found;
      try {
        const r = await join.submitJoin(ctx, ports, slug, request.body, meta, found);
        return sendPage(reply, 200, form.embedOrigins, (n) => (r.status === 'code_sent' ? page.codePage(n, form, r.ticket) : page.replyPage(n, form)));
      } catch (err) {
        if (!(err instanceof AppError) || err.status >= 500) throw err;
        const { phone, name } = request.body;
        return sendPage(reply, err.status, form.embedOrigins, (n) => page.formPage(n, form, join.refreshPageToken(ctx, form.id, request.body.token), { error: err.message, phone, name }));
      }
    });

    app.post('/join/:slug/confirm', {
      config: { access: 'public' },
      schema: { tags, summary: 'Confirm a sign-up with the texted code (5 tries, 10 minutes)', security: [], params: Slug, body: JoinConfirmIn, response: { 200: JoinOut } },
    }, async (request, reply) => {
      const { slug } = request.params;
      if (!wantsHtml(request)) return join.confirmJoin(ctx, ports, slug, request.body);
      const found = await join.publicForm(ctx, slug);
      if (!found) return sendPage(reply, 404, [], (n) => page.errorPage(n, 'Not found', 'There is no sign-up form at this address.'));
      const { form } = found;
      try {
        await join.confirmJoin(ctx, ports, slug, request.body, found);
        return sendPage(reply, 200, form.embedOrigins, (n) => page.donePage(n, form));
      } catch (err) {
        if (!(err instanceof AppError) || err.status >= 500) throw err;
        const retry = err.code === 'wrong_code';
        return sendPage(reply, err.status, form.embedOrigins, (n) => (retry ? page.codePage(n, form, request.body.ticket, err.message) : page.errorPage(n, form.title, err.message, `/join/${form.slug}`)));
      }
    });
  };
