import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import type { Ctx } from '../../context.js';
import { caller } from '../../http/auth.js';
import { CsvDownload, nonJson } from '../../http/responses.js';
import * as billing from './billing.service.js';
import { BillingOverviewOut, StatementOut, StatementParams, StatementsOut, UsageOut, UsageQuery } from './billing.schema.js';

const tags = ['billing'];
/** Billing is the owners' and admins' business (balances, statements). */
const read = { role: 'admin', scope: 'account:read' } as const;

const attachment = (reply: FastifyReply, type: string, name: string) =>
  reply.type(type).header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store');

/** The account's own billing (issue 13): balance and ledger, usage by day, monthly statements (JSON, CSV, PDF). */
export const billingRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/v1/billing', {
      config: { access: read },
      schema: { tags, summary: 'The account\'s credit balance (prepaid accounts) and its latest ledger entries', response: { 200: BillingOverviewOut } },
    }, async (request) => billing.billingOverview(ctx, caller(request).accountId));

    app.get('/v1/billing/usage', {
      config: { access: read },
      schema: { tags, summary: 'Metered usage by UTC day (default: the last 30 days), by country and sender type, with its cost', querystring: UsageQuery, response: { 200: UsageOut } },
    }, async (request) => billing.usageReport(ctx, caller(request).accountId, request.query));

    app.get('/v1/billing/statements', {
      config: { access: read },
      schema: { tags, summary: 'The months with a statement, newest first (a closed month\'s is issued with a number; the current month\'s is a preview)', response: { 200: StatementsOut } },
    }, async (request) => ({ data: await billing.statementList(ctx, caller(request).accountId) }));

    app.get('/v1/billing/statements/:month', {
      config: { access: read },
      schema: { tags, summary: 'A monthly statement: line items (metered usage at the prices in force when metered), payments, balances. A closed month\'s is issued once and never changes; the current month\'s is a live preview', params: StatementParams, response: { 200: StatementOut } },
    }, async (request) => billing.presentStatement(await billing.statementOf(ctx, ctx.db, caller(request).accountId, request.params.month)));

    app.get('/v1/billing/statements/:month/csv', {
      config: { access: read },
      schema: { tags, summary: 'A monthly statement as CSV', params: StatementParams, response: { 200: CsvDownload('The statement') } },
    }, async (request, reply) => {
      const f = await billing.statementFile(ctx, caller(request).accountId, request.params.month, 'csv');
      return attachment(reply, 'text/csv; charset=utf-8', f.filename).send(f.body);
    });

    app.get('/v1/billing/statements/:month/pdf', {
      config: { access: read },
      schema: { tags, summary: 'A monthly statement as a printable PDF', params: StatementParams, response: { 200: nonJson(['application/pdf'], 'The statement (PDF, sent as an attachment).') } },
    }, async (request, reply) => {
      const f = await billing.statementFile(ctx, caller(request).accountId, request.params.month, 'pdf');
      return attachment(reply, 'application/pdf', f.filename).send(f.body);
    });
  };
