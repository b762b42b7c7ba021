import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { NoContent, pageOf } from '../../http/responses.js';
import { fromPublicId, toPublicId } from '../../lib/ids.js';
import { IdParams } from './accounts.schema.js';
import { RevokedOthersOut, SignInEventOut, SignedInSessionOut } from './sessions.schema.js';
import * as sessions from './sessions.service.js';

const tags = ['sessions'];
const signedIn = { role: 'viewer' } as const;

/** The signed-in person's sessions and devices, and sign-in history (a session only: an API key gets 400). */
export const sessionRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/v1/sessions', {
      config: { access: signedIn },
      schema: { tags, summary: 'Your signed-in sessions and devices (every account), the current one marked', response: { 200: pageOf(SignedInSessionOut) } },
    }, async (request) => {
      const rows = await sessions.listSessions(ctx, caller(request));
      return {
        data: rows.map((s) => ({
          ...s, id: toPublicId('session', s.id), accountId: toPublicId('account', s.accountId),
          firstSeenAt: s.firstSeenAt.toISOString(), lastSeenAt: s.lastSeenAt.toISOString(), expiresAt: s.expiresAt.toISOString(),
        })),
        nextCursor: null,
      };
    });

    app.get('/v1/sessions/history', {
      config: { access: signedIn },
      schema: {
        tags, summary: 'Your sign-in history: successes and failures, newest first (the last 100 at most)',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) }),
        response: { 200: pageOf(SignInEventOut) },
      },
    }, async (request) => {
      const rows = await sessions.signInHistory(ctx, caller(request), request.query.limit);
      return { data: rows.map((e) => ({ ...e, id: toPublicId('signIn', e.id), at: e.at.toISOString() })), nextCursor: null };
    });

    app.post('/v1/sessions/revoke-others', {
      config: { access: signedIn },
      schema: { tags, summary: 'Sign out everywhere else: revoke every other session of yours', response: { 200: RevokedOthersOut } },
    }, async (request) => ({ revoked: await sessions.revokeOtherSessions(ctx, caller(request), requestMeta(request)) }));

    app.delete('/v1/sessions/:id', {
      config: { access: signedIn },
      schema: { tags, summary: 'Revoke one of your sessions (revoking the current one signs you out)', params: IdParams, response: { 204: NoContent } },
    }, async (request, reply) => {
      await sessions.revokeSession(ctx, caller(request), fromPublicId('session', request.params.id), requestMeta(request));
      return reply.status(204).send();
    });
  };
