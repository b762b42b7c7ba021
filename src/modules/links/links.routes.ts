import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { nonJson } from '../../http/responses.js';
import { redirectPage } from './links.js';
import { LinkSettingsOut, LinkSettingsPatch } from './links.schema.js';
import * as links from './links.service.js';

const tags = ['links'];
const read = { role: 'viewer', scope: 'messages:read' } as const;
const manage = { role: 'admin', scope: 'account:write' } as const;
const Code = z.object({ code: z.string().min(1).max(100) });
/** Redirects are never cached (each visit is counted) nor indexed. */
const REDIRECT_HEADERS = { 'cache-control': 'no-store', 'x-robots-tag': 'noindex, nofollow', 'referrer-policy': 'no-referrer' };

/** Short links of campaign texts (public, no session: the unguessable code is the key) and the account's link tracking rules. */
export const linksRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    const path = new URL(ctx.config.shortLinkBaseUrl).pathname.replace(/\/$/, '');
    app.get(`${path}/:code`, {
      config: { access: 'public' },
      // Not an API operation (a 302 for people's browsers, no 2xx): kept out of the OpenAPI document.
      schema: {
        hide: true, tags, summary: "A campaign's short link: the click is counted (not for HEAD or link-preview bots), then a redirect to the destination", security: [], params: Code,
        response: { 302: nonJson(['text/html'], 'Redirecting to the destination (Location header; the body names it)'), 404: nonJson(['text/plain'], 'Unknown or forged code (nothing recorded)') },
      },
    }, async (request, reply) => {
      const ua = request.headers['user-agent'];
      const location = await links.visit(ctx, {
        code: request.params.code, host: request.headers.host, method: request.method, userAgent: typeof ua === 'string' ? ua : undefined, ip: request.ip,
      });
      if (!location) return reply.status(404).headers(REDIRECT_HEADERS).type('text/plain').send('Not found');
      return reply.status(302).headers(REDIRECT_HEADERS).header('location', location).type('text/html; charset=utf-8').send(redirectPage(location));
    });

    app.get('/v1/links/settings', {
      config: { access: read },
      schema: { tags, summary: "The account's link tracking: on/off, its own short-link domain, whether clicks keep the IP", response: { 200: LinkSettingsOut } },
    }, async (request) => links.linkSettingsOf(ctx.db, ctx.config, caller(request).accountId));

    app.patch('/v1/links/settings', {
      config: { access: manage },
      schema: { tags, summary: "Change the account's link tracking (an own domain: point its DNS at this server first)", body: LinkSettingsPatch, response: { 200: LinkSettingsOut } },
    }, async (request) => links.updateLinkSettings(ctx, caller(request), request.body, requestMeta(request)));
  };
