import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context.js';
import { requestMeta } from '../../http/auth.js';
import { fromPublicId } from '../../lib/ids.js';
import * as billing from './billing.service.js';
import * as credits from './credits.service.js';
import { parseMicros } from './pricing.js';
import {
  AccountParams, AccountStatementParams, BalanceOut, BillingOverviewOut, BillingSettingsBody, OverridesOut, PriceBody, PriceBookOut, PriceKeyQuery, StatementOut, TopUpBody, TopUpOut, UsageOut, UsageQuery,
} from './billing.schema.js';

const tags = ['operator'];
const op = { access: 'operator' } as const;
/** What changes what an account pays (prices, overrides, the prepaid switch, top-ups): admin operators only; every operator reads. */
const money = { access: { operator: 'admin' } } as const;
const accountId = (id: string) => fromPublicId('account', id);
const micros = (amount: string) => parseMicros(amount) ?? -1;

/**
 * The operators' billing (issue 13): the price book, per-account overrides, balances, top-ups and
 * the prepaid switch. Every change is in the operators' audit chain.
 */
export const operatorBillingRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/v1/operator/price-book', {
      config: op, schema: { tags, summary: 'The price book (entries and the built-in list prices they override)', response: { 200: PriceBookOut } },
    }, async () => billing.priceBook(ctx));

    app.put('/v1/operator/price-book', {
      config: money, schema: { tags, summary: 'Set a price (country or *, sender type or *, unit)', body: PriceBody, response: { 200: PriceBookOut } },
    }, async (request) => billing.setBookPrice(ctx, request.operator!, request.body, requestMeta(request)));

    app.delete('/v1/operator/price-book', {
      config: money, schema: { tags, summary: 'Remove a price (the list price applies again)', querystring: PriceKeyQuery, response: { 200: PriceBookOut } },
    }, async (request) => billing.removeBookPrice(ctx, request.operator!, request.query, requestMeta(request)));

    app.get('/v1/operator/accounts/:id/prices', {
      config: op, schema: { tags, summary: 'An account\'s price overrides', params: AccountParams, response: { 200: OverridesOut } },
    }, async (request) => billing.accountPrices(ctx, accountId(request.params.id)));

    app.put('/v1/operator/accounts/:id/prices', {
      config: money, schema: { tags, summary: 'Set an account\'s own price for a key (it wins over the price book)', params: AccountParams, body: PriceBody, response: { 200: OverridesOut } },
    }, async (request) => billing.setOverride(ctx, request.operator!, accountId(request.params.id), request.body, requestMeta(request)));

    app.delete('/v1/operator/accounts/:id/prices', {
      config: money, schema: { tags, summary: 'Remove an account\'s price override', params: AccountParams, querystring: PriceKeyQuery, response: { 200: OverridesOut } },
    }, async (request) => billing.removeOverride(ctx, request.operator!, accountId(request.params.id), request.query, requestMeta(request)));

    app.get('/v1/operator/accounts/:id/billing', {
      config: op, schema: { tags, summary: 'An account\'s balance, prepaid setting and ledger', params: AccountParams, response: { 200: BillingOverviewOut } },
    }, async (request) => {
      const a = await credits.accountOrThrow(ctx, accountId(request.params.id));
      return billing.billingOverview(ctx, a.id);
    });

    app.patch('/v1/operator/accounts/:id/billing', {
      config: money, schema: { tags, summary: 'Switch an account to prepaid or not (null: BILLING_MODE) and set its low-balance threshold', params: AccountParams, body: BillingSettingsBody, response: { 200: BalanceOut } },
    }, async (request) => credits.updateSettings(ctx, request.operator!, accountId(request.params.id), {
      prepaid: request.body.prepaid, lowBalanceMicros: request.body.lowBalance === undefined ? undefined : request.body.lowBalance === null ? null : micros(request.body.lowBalance),
    }, requestMeta(request)));

    app.get('/v1/operator/accounts/:id/billing/usage', {
      config: op, schema: { tags, summary: 'An account\'s metered usage by day', params: AccountParams, querystring: UsageQuery, response: { 200: UsageOut } },
    }, async (request) => {
      const a = await credits.accountOrThrow(ctx, accountId(request.params.id));
      return billing.usageReport(ctx, a.id, request.query);
    });

    app.get('/v1/operator/accounts/:id/billing/statements/:month', {
      config: op, schema: { tags, summary: 'An account\'s monthly statement as the business sees it (a closed month\'s as issued; issues it if not yet)', params: AccountStatementParams, response: { 200: StatementOut } },
    }, async (request) => {
      const a = await credits.accountOrThrow(ctx, accountId(request.params.id));
      return billing.presentStatement(await billing.statementOf(ctx, ctx.db, a.id, request.params.month));
    });

    app.post('/v1/operator/accounts/:id/top-ups', {
      config: money, schema: { tags, summary: 'Record a top-up through a payment provider (manual: a payment received outside the platform); lifts a credits hold', params: AccountParams, body: TopUpBody, response: { 201: TopUpOut } },
    }, async (request, reply) => {
      const out = await credits.topUp(ctx, request.operator!, accountId(request.params.id), { amountMicros: micros(request.body.amount), provider: request.body.provider, reference: request.body.reference, description: request.body.description }, requestMeta(request));
      return reply.code(201).send(out);
    });
  };
