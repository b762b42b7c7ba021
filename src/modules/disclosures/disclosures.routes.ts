import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { toPublicId } from '../../lib/ids.js';
import {
  AccountTransferOut, LegalRequestBody, LegalRequestOut, LegalRequestPatch, TransferBody, TransferOut, TransparencyReport,
} from './disclosures.schema.js';
import { accountsOfRequest, listLegalRequests, recordLegalRequest, transparencyReport, updateNonDisclosure } from './disclosures.service.js';
import { acceptTransfer, accountTransfers, listTransfers, presentTransfer, recordTransfer } from './transfers.service.js';
import type { LegalRequestRow } from './disclosures.service.js';

const op = ['operator'];
const Id = z.object({ id: z.string().max(80) });

const present = (r: LegalRequestRow, accounts: Array<{ accountId: string; noticeSentAt: Date | null }>) => ({
  id: toPublicId('legalRequest', r.id), authority: r.authority, legalBasis: r.legalBasis, scope: r.scope, receivedOn: r.receivedOn,
  outcome: r.outcome as z.infer<typeof LegalRequestOut>['outcome'], disclosed: r.disclosed,
  nonDisclosureOrder: r.ndo === 'none' ? null : { until: r.ndoUntil },
  accounts: accounts.map((a) => ({ id: toPublicId('account', a.accountId), noticeSentAt: a.noticeSentAt?.toISOString() ?? null })),
  createdAt: r.createdAt.toISOString(),
});

/** Legal disclosures and business transfers (issue 10): operator records, the public report, an account's notices. */
export const disclosuresRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/v1/operator/legal-requests', {
      config: { access: 'operator' },
      schema: { tags: op, summary: 'Record a legal request for data (owners are told unless a non-disclosure order applies)', body: LegalRequestBody, response: { 201: LegalRequestOut } },
    }, async (request, reply) => {
      const r = await recordLegalRequest(ctx, request.body, requestMeta(request));
      return reply.status(201).send(present(r, await accountsOfRequest(ctx, r.id)));
    });

    app.get('/v1/operator/legal-requests', {
      config: { access: 'operator' },
      schema: { tags: op, summary: 'Legal requests, newest first', response: { 200: z.object({ data: z.array(LegalRequestOut) }) } },
    }, async () => ({ data: (await listLegalRequests(ctx)).map((r) => present(r, r.accounts)) }));

    app.patch('/v1/operator/legal-requests/:id', {
      config: { access: 'operator' },
      schema: { tags: op, summary: 'Set, change or lift the non-disclosure order of a legal request', params: Id, body: LegalRequestPatch, response: { 200: LegalRequestOut } },
    }, async (request) => {
      const r = await updateNonDisclosure(ctx, request.params.id, request.body.nonDisclosureOrder, requestMeta(request));
      return present(r, await accountsOfRequest(ctx, r.id));
    });

    app.get('/v1/transparency-report', {
      config: { access: 'public' },
      schema: { tags: ['legal'], summary: 'Transparency report: legal requests by half-year (requests, accounts affected, disclosed or rejected)', response: { 200: TransparencyReport } },
    }, async () => transparencyReport(ctx));

    app.post('/v1/operator/transfers', {
      config: { access: 'operator' },
      schema: { tags: op, summary: 'Record a business transfer of an account or of the platform (notice by email and banner for 30 days)', body: TransferBody, response: { 201: TransferOut } },
    }, async (request, reply) => reply.status(201).send(presentTransfer(await recordTransfer(ctx, request.body, requestMeta(request)))));

    app.get('/v1/operator/transfers', {
      config: { access: 'operator' },
      schema: { tags: op, summary: 'Business transfers, newest first', response: { 200: z.object({ data: z.array(TransferOut) }) } },
    }, async () => ({ data: (await listTransfers(ctx)).map(presentTransfer) }));

    app.get('/v1/transfers', {
      config: { access: { role: 'viewer', scope: 'account:read' } },
      schema: { tags: ['account'], summary: "This account's changes of owner (shown for 30 days, or until the owner accepted)", response: { 200: z.object({ data: z.array(AccountTransferOut) }) } },
    }, async (request) => ({ data: await accountTransfers(ctx, caller(request).accountId) }));

    app.post('/v1/transfers/:id/accept', {
      config: { access: { role: 'owner', scope: 'account:write' } },
      schema: { tags: ['account'], summary: 'The owner accepts the Privacy Policy under the new owner', params: Id, response: { 200: AccountTransferOut } },
    }, async (request) => acceptTransfer(ctx, caller(request), request.params.id, requestMeta(request)));
  };
