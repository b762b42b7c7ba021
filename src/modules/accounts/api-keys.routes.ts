import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { fromPublicId, toPublicId } from '../../lib/ids.js';
import { pageParams } from '../../http/pagination.js';
import { NoContent, pageOf } from '../../http/responses.js';
import { ApiKeyBody, ApiKeyOut, CreatedApiKeyOut, IdParams, ScopeOut } from './accounts.schema.js';
import * as service from './api-keys.service.js';
import { API_SCOPES } from './roles.js';

const tags = ['api-keys'];
const manage = { role: 'admin', scope: 'api_keys:write' } as const;

type KeyRow = Awaited<ReturnType<typeof service.apiKeysPage>>['data'][number];
const presentKey = (k: KeyRow) => ({
  id: toPublicId('apiKey', k.id), name: k.name, prefix: k.prefix, scopes: k.scopes, createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null, lastUsedIp: k.lastUsedIp ?? null, revokedAt: k.revokedAt?.toISOString() ?? null,
  twilioSid: k.twilioSid,
});

export const apiKeyRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/v1/api-keys/scopes', {
      config: { access: { role: 'viewer' } },
      schema: { tags, summary: 'List the scopes an API key can have', response: { 200: z.object({ data: z.array(ScopeOut) }) } },
    }, async () => ({ data: Object.entries(API_SCOPES).map(([scope, description]) => ({ scope, description })) }));

    app.post('/v1/api-keys', { config: { access: manage }, schema: { tags, summary: 'Create an API key (the key is shown once)', body: ApiKeyBody, response: { 201: CreatedApiKeyOut } } }, async (request, reply) => {
      const { row, key } = await service.createApiKey(ctx, caller(request), request.body.name, request.body.scopes ?? [], requestMeta(request));
      return reply.status(201).send({ ...presentKey(row), key });
    });

    app.get('/v1/api-keys', { config: { access: manage }, schema: { tags, summary: 'List API keys, newest first', querystring: z.object(pageParams()), response: { 200: pageOf(ApiKeyOut) } } }, async (request) => {
      const page = await service.apiKeysPage(ctx, caller(request), request.query);
      return { data: page.data.map(presentKey), nextCursor: page.nextCursor };
    });

    app.delete('/v1/api-keys/:id', { config: { access: manage }, schema: { tags, summary: 'Revoke an API key', params: IdParams, response: { 204: NoContent } } }, async (request, reply) => {
      await service.revokeApiKey(ctx, caller(request), fromPublicId('apiKey', request.params.id), requestMeta(request));
      return reply.status(204).send();
    });
  };
