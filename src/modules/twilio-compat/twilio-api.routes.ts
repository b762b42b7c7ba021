/**
 * The Twilio-compatible REST API (issue 12): /2010-04-01/Accounts/{AccountSid}/Messages… with HTTP
 * Basic auth (auth.ts), form-encoded bodies, Twilio's JSON and Twilio's error shape — outside
 * /v1 and outside the OpenAPI document (Twilio documents it). Plus the settings routes of the
 * web app's card: GET /v1/twilio-compat, POST /v1/twilio-compat/auth-token.
 */
import type { FastifyError, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { AppError } from '../../lib/errors.js';
import { parseForm, type FormParams } from '../../providers/twilio/signature.js';
import { accountJson } from './account-json.js';
import { authenticateBasic, type TwilioNeed } from './auth.js';
import { authTokenInfo, rotateAuthToken } from './credentials.service.js';
import { toTwilioError, TW, TwilioError, twilioErrorBody } from './errors.js';
import * as messages from './messages.service.js';
import { TwilioAuthTokenOut, TwilioSettingsOut } from './settings.schema.js';

const FORM_LIMIT = 64 * 1024;
/** Twilio's API version: the plugin's prefix, so its 404s are Twilio's too. */
const PREFIX = '/2010-04-01';
/** Whether a request's address is the Twilio-compatible API's (its errors before routing are Twilio's shape too). */
export const isTwilioApiUrl = (url: string) => url === PREFIX || url.startsWith(`${PREFIX}/`) || url.startsWith(`${PREFIX}?`);
const hide = { hide: true } as const;
/** Authenticated by Basic auth in this plugin; 'public' to the /v1 layer so the per-IP rate limit applies (no session, no bearer key). */
const config = { access: 'public' } as const;
type P = { Params: { AccountSid: string; Sid?: string } };
declare module 'fastify' {
  interface FastifyContextConfig {
    /** What a Twilio-compatible route needs of its caller (auth.ts, TWILIO_ACCESS). */
    twilioNeed?: TwilioNeed;
  }
}
const needs = (twilioNeed: TwilioNeed) => ({ ...config, twilioNeed });

/**
 * Request parameters (form or query) as Twilio names them: a body that was not a form (JSON…)
 * keeps only its string values, as if it had been one. A NUL character is refused here, for every
 * parameter: PostgreSQL cannot store it in text and a URL or a number never holds one (a
 * StatusCallback with %00 was a 500).
 */
function paramsOf(source: unknown): FormParams {
  if (!source || typeof source !== 'object') return {};
  const out: FormParams = Object.create(null) as FormParams;
  for (const [k, v] of Object.entries(source as Record<string, unknown>)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out[k] = v as string[];
    else continue;
    if (k.includes('\0') || [v].flat().some((x) => (x as string).includes('\0'))) {
      throw new TwilioError(400, TW.invalidParam, `The parameter '${k.replace(/\0/g, '')}' contains a NUL character.`);
    }
  }
  return out;
}
const formOf = (request: FastifyRequest) => paramsOf(request.body);
const pathOf = (request: FastifyRequest) => request.url.split('?')[0];

function twilioApi(ctx: Ctx): FastifyPluginAsyncZod {
  return async (app) => {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_LIMIT }, (_request, body, done) => {
      const form = parseForm(body as string);
      done(form ? null : new TwilioError(400, TW.invalidParam, 'The form body could not be decoded.'), form ?? undefined);
    });
    app.setErrorHandler((err, request, reply) => {
      const e = err as FastifyError;
      const t = e instanceof TwilioError ? e
        : e instanceof AppError ? toTwilioError(e)
          : typeof e.statusCode === 'number' && e.statusCode < 500 ? new TwilioError(e.statusCode, TW.invalidParam, e.message) : null;
      if (!t) request.log.error({ err }, 'twilio-compatible request failed');
      const out = t ?? new TwilioError(500, 20500, 'Internal server error');
      // Twilio's challenge: clients that send credentials only when asked (curl --anyauth, .NET's NetworkCredential) need it.
      if (out.status === 401) reply.header('www-authenticate', 'Basic realm="Twilio API"');
      return reply.status(out.status).type('application/json').send(twilioErrorBody(out));
    });
    app.addHook('preHandler', async (request) => {
      const need = request.routeOptions.config?.twilioNeed;
      if (need) request.auth = await authenticateBasic(ctx, request, (request.params as { AccountSid: string }).AccountSid, need);
    });
    // Twilio's 404 for any other resource (Calls, Media…): the SDK reads its code. Credentials first,
    // as Twilio: an unauthenticated caller learns nothing of what exists.
    app.setNotFoundHandler(async (request) => {
      const sid = /^\/Accounts\/([^/?]+)/.exec(request.url.slice(PREFIX.length))?.[1];
      if (sid) await authenticateBasic(ctx, request, decodeURIComponent(sid), 'read');
      throw new TwilioError(404, TW.notFound, `The requested resource ${pathOf(request)} was not found`);
    });
    const base = '/Accounts/:AccountSid/Messages';

    app.get<P>('/Accounts/:AccountSid.json', { schema: hide, config: needs('read') }, async (request) => accountJson(caller(request).account));
    // 'send' is businessOnly, as /v1's: a partner organisation sends nothing of its own.
    app.post<P>(`${base}.json`, { schema: hide, config: needs('send') }, async (request, reply) =>
      reply.status(201).send(await messages.createMessage(ctx, caller(request), formOf(request))));
    app.get<P>(`${base}.json`, { schema: hide, config: needs('read') }, async (request) =>
      messages.listMessages(ctx, caller(request), paramsOf(request.query)));
    app.get<P>(`${base}/:Sid`, { schema: hide, config: needs('read') }, async (request) =>
      messages.fetchMessage(ctx, caller(request), request.params.Sid!, pathOf(request)));
    app.post<P>(`${base}/:Sid`, { schema: hide, config: needs('write') }, async (request) =>
      messages.updateMessage(ctx, caller(request), request.params.Sid!, formOf(request), pathOf(request), requestMeta(request)));
    app.delete<P>(`${base}/:Sid`, { schema: hide, config: needs('write') }, async (request, reply) => {
      await messages.deleteMessage(ctx, caller(request), request.params.Sid!, pathOf(request), requestMeta(request));
      return reply.status(204).send();
    });
  };
}

export const twilioCompatRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(twilioApi(ctx), { prefix: PREFIX });
    const tags = ['twilio'];
    app.get('/v1/twilio-compat', {
      config: { access: { role: 'admin', scope: 'account:read' } },
      schema: { tags, summary: 'The Twilio-compatible API: account SID, base URL, when the auth token was issued', response: { 200: TwilioSettingsOut } },
    }, async (request) => {
      const auth = caller(request);
      const { issuedAt } = await authTokenInfo(ctx, auth.accountId);
      return { accountSid: auth.account.twilioAccountSid, baseUrl: ctx.config.publicUrl.replace(/\/$/, ''), authTokenIssuedAt: issuedAt?.toISOString() ?? null };
    });
    app.post('/v1/twilio-compat/auth-token', {
      config: { access: { role: 'admin', scope: 'account:write' } },
      schema: { tags, summary: 'Issue a new Twilio-compatible auth token (shown once; the previous one stops working)', response: { 201: TwilioAuthTokenOut } },
    }, async (request, reply) => {
      const auth = caller(request);
      const r = await rotateAuthToken(ctx, auth, requestMeta(request));
      return reply.status(201).send({ accountSid: auth.account.twilioAccountSid, authToken: r.authToken, issuedAt: r.issuedAt.toISOString() });
    });
  };
