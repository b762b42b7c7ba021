import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { NoContent } from '../../http/responses.js';
import { DeletionBody, DeletionOut } from './account-deletion.schema.js';
import * as deletion from './account-deletion.service.js';

const tags = ['account'];
const read = { role: 'viewer', scope: 'account:read' } as const;
const owner = { role: 'owner', scope: 'account:write' } as const;

export const accountDeletionRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/v1/account/deletion', { config: { access: read }, schema: { tags, summary: 'Whether the account is scheduled for deletion, and when', response: { 200: DeletionOut } } }, async (request) =>
      deletion.deletionState(ctx, caller(request)),
    );

    app.post('/v1/account/deletion', {
      config: { access: owner },
      schema: {
        tags, summary: 'Delete the account (owner, password confirmed): erased after the grace period unless canceled',
        description: 'Everything in the account is hard-erased after ACCOUNT_DELETION_GRACE_DAYS (14 by default); owners and admins get reminders 7 days and 1 day before. Consent evidence is kept 4 years as keyed hashes; a certificate of the erasure goes to the platform audit log.',
        body: DeletionBody, response: { 202: DeletionOut },
      },
    }, async (request, reply) => reply.status(202).send(await deletion.requestDeletion(ctx, caller(request), request.body.password, requestMeta(request))));

    app.delete('/v1/account/deletion', { config: { access: owner }, schema: { tags, summary: 'Cancel the account\'s scheduled deletion', response: { 204: NoContent } } }, async (request, reply) => {
      await deletion.cancelDeletion(ctx, caller(request), requestMeta(request));
      return reply.status(204).send();
    });
  };
