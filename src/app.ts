import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DestinationStream } from 'pino';
import type { Ctx } from './context.js';
import { registerAuth } from './http/auth.js';
import { accountsAuthenticator } from './modules/accounts/authn.service.js';
import { partnerAuthenticator, registerPartnerGuard } from './modules/partners/partner-authn.js';
import { partnersRoutes } from './modules/partners/partners.routes.js';
import { numberReleased as partnerGrantsNumberReleased } from './modules/partners/grants.service.js';
import { operatorAuthenticator } from './modules/operators/operator-authn.js';
import { operatorsRoutes } from './modules/operators/operators.routes.js';
import { openApiDocumentOf, swaggerOptions } from './http/openapi.js';
import { registerErrorResponses } from './http/responses.js';
import { clientErrorHandler, registerErrorHandler, sendFrameworkError } from './http/errors.js';
import { registerInputGuard } from './http/input-guard.js';
import { registerQueryGuard } from './http/query-guard.js';
import { registerApiReference } from './http/api-reference.js';
import { registerRateLimits } from './http/rate-limit.js';
import { registerHttpMetrics } from './http/http-metrics.js';
import { metricsRoutes } from './modules/metrics/metrics.routes.js';
import { evidenceRoutes } from './modules/evidence/evidence.routes.js';
import { billingRoutes } from './modules/billing/billing.routes.js';
import { billingSection } from './modules/billing/billing.service.js';
import { operatorBillingRoutes } from './modules/billing/operator-billing.routes.js';
import { trustSafetyRoutes } from './modules/trust-safety/trust-safety.routes.js';
import { trustSafetySection } from './modules/trust-safety/trust-safety.service.js';
import { registerSecurityHeaders, securityHeaderSetter } from './http/security-headers.js';
import { registerWeb } from './http/web.js';
import { logOptions } from './lib/logger.js';
import { accountRoutes } from './modules/accounts/account.routes.js';
import { apiKeyRoutes } from './modules/accounts/api-keys.routes.js';
import { destinationsRoutes } from './modules/accounts/destinations.routes.js';
import { sessionRoutes } from './modules/accounts/sessions.routes.js';
import { authRoutes } from './modules/accounts/auth.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { consentRoutes } from './modules/consent/consent.routes.js';
import { contactConsentRoutes } from './modules/contacts/contact-consent.routes.js';
import { contactsRoutes } from './modules/contacts/contacts.routes.js';
import { contactEraser } from './modules/privacy/erasure.service.js';
import { accountDeletionRoutes } from './modules/privacy/account-deletion.routes.js';
import { importsRoutes } from './modules/imports/imports.routes.js';
import { messagingRoutes } from './modules/messaging/messaging.routes.js';
import { batchRoutes } from './modules/messaging/batch.routes.js';
import { conversationsRoutes } from './modules/conversations/conversations.routes.js';
import { notesRoutes } from './modules/conversations/notes.routes.js';
import { cannedRepliesRoutes } from './modules/conversations/canned-replies.routes.js';
import { labelsRoutes } from './modules/conversations/labels.routes.js';
import { slaRoutes } from './modules/conversations/sla.routes.js';
import { inboxLiveRoutes } from './modules/conversations/inbox-live.routes.js';
import { assignmentRoutes } from './modules/conversations/assignment.routes.js';
import { releaseMember } from './modules/conversations/assignment.service.js';
import { connectionsRoutes } from './modules/connections/connections.routes.js';
import { carrierWebhookRoutes } from './modules/messaging/carrier-webhooks.routes.js';
import { giveBackOn, numbersOn, toGiveBackOn } from './modules/messaging/numbers.service.js';
import { poolsRoutes } from './modules/messaging/pools.routes.js';
import { conversationMessagesRoutes } from './modules/messaging/conversation-messages.routes.js';
import { mediaRoutes } from './modules/media/media.routes.js';
import { linksRoutes } from './modules/links/links.routes.js';
import { exportsRoutes } from './modules/exports/exports.routes.js';
import { memberReleased as exportsMemberReleased } from './modules/exports/exports.service.js';
import { retentionRoutes } from './modules/retention/retention.routes.js';
import { disclosuresRoutes } from './modules/disclosures/disclosures.routes.js';
import { transferNoticesFor } from './modules/disclosures/transfers.service.js';
import { emailRoutes } from './modules/email/email.routes.js';
import { policiesRoutes } from './modules/policies/policies.routes.js';
import { policyNotices } from './modules/policies/notices.service.js';
import { accountSubprocessorRoutes } from './modules/messaging/subprocessors.routes.js';
import { campaignsRoutes } from './modules/campaigns/campaigns.routes.js';
import { campaignSettingsRoutes } from './modules/campaigns/settings.routes.js';
import { campaignResultsRoutes } from './modules/campaigns/results.routes.js';
import { campaignsUsingPool } from './modules/campaigns/campaigns.service.js';
import { complianceRoutes } from './modules/compliance/compliance.routes.js';
import { growthRoutes } from './modules/growth/growth.routes.js';
import { joinRoutes } from './modules/growth/join.routes.js';
import { growthPorts } from './modules/messaging/growth-ports.js';
import { dataRequestRoutes } from './modules/data-requests/data-requests.routes.js';
import { dataRequestPublicRoutes } from './modules/data-requests/public.routes.js';
import { dataRequestPorts } from './data-request-ports.js';
import { supportRoutes } from './modules/support/support.routes.js';
import { webhooksRoutes } from './modules/webhooks/webhooks.routes.js';
import { analyticsRoutes } from './modules/analytics/analytics.routes.js';
import { twilioInboundRoutes } from './modules/twilio-compat/inbound-hooks.routes.js';
import { twilioFrameworkErrorBody } from './modules/twilio-compat/errors.js';
import { isTwilioApiUrl, twilioCompatRoutes } from './modules/twilio-compat/twilio-api.routes.js';

export interface AppOptions {
  logger?: FastifyServerOptions['logger'];
  /** Where the app's log lines go (tests capture them); standard output by default. */
  logStream?: DestinationStream;
  /** Serve the built web app (off in most tests). */
  web?: boolean;
  /** Set by the process when it starts shutting down: /readyz then fails. */
  isShuttingDown?: () => boolean;
  /** Observes every registered route (the isolation suite enumerates them). */
  onRoute?: (route: { method: string; url: string; access: unknown }) => void;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;

/** Builds the HTTP application; it never listens by itself (tests use inject). */
export async function buildApp(ctx: Ctx, opts: AppOptions = {}): Promise<FastifyInstance> {
  const setSecurityHeaders = securityHeaderSetter({ publicUrl: ctx.config.publicUrl });
  const app = Fastify({
    logger: opts.logger ?? { ...logOptions(ctx.config.logLevel), ...(opts.logStream ? { stream: opts.logStream } : {}) },
    bodyLimit: ctx.config.bodyLimitBytes,
    trustProxy: ctx.config.trustProxy,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    return503OnClosing: true,
    clientErrorHandler,
    frameworkErrors: (error, request, reply) => {
      setSecurityHeaders(request, reply);
      return sendFrameworkError(error, request, reply, isTwilioApiUrl(request.url) ? twilioFrameworkErrorBody : undefined);
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerSecurityHeaders(app, setSecurityHeaders);
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  if (ctx.config.metricsToken) registerHttpMetrics(app);
  registerErrorHandler(app);
  registerInputGuard(app);
  registerQueryGuard(app);
  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, { limits: { fileSize: ctx.config.importMaxBytes, files: 1, fields: 10, fieldSize: 200_000, parts: 12 } });
  registerErrorResponses(app);
  await app.register(fastifySwagger, swaggerOptions);
  registerAuth(app, ctx, partnerAuthenticator(ctx, accountsAuthenticator(ctx)), operatorAuthenticator(ctx));
  registerPartnerGuard(app, ctx);
  registerRateLimits(app, ctx.config.rateLimit, () => ctx.now());
  if (opts.onRoute) {
    const observe = opts.onRoute;
    app.addHook('onRoute', (r) => {
      for (const method of [r.method].flat()) if (method !== 'HEAD') observe({ method, url: r.url, access: r.config?.access });
    });
  }

  const health = { tags: ['health'], security: [] };
  app.get('/healthz', { schema: { ...health, summary: 'The process is up', response: { 200: z.object({ ok: z.literal(true) }) } } }, async () => ({ ok: true as const }));
  app.get('/readyz', {
    schema: {
      ...health,
      summary: 'The database is reachable and the process is not shutting down',
      response: {
        200: z.object({ ok: z.literal(true), database: z.enum(['pglite', 'postgres']) }),
        503: z.object({ ok: z.literal(false), reason: z.enum(['shutting_down', 'database_unreachable']) }),
      },
    },
  }, async (_request, reply) => {
    if (opts.isShuttingDown?.()) return reply.status(503).send({ ok: false, reason: 'shutting_down' } as const);
    try {
      await ctx.database.query('select 1');
      return { ok: true as const, database: ctx.database.kind };
    } catch {
      return reply.status(503).send({ ok: false, reason: 'database_unreachable' } as const);
    }
  });
  app.get('/v1/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => openApiDocumentOf(app));
  // The API reference page (Scalar, served from our own package) reads that document.
  await registerApiReference(app, { https: ctx.config.publicUrl.startsWith('https://') });

  // In-app notices (GET /v1/notices): each module that has some adds its source here.
  await app.register(policiesRoutes(ctx, { noticeSources: [policyNotices, transferNoticesFor] }));
  await app.register(authRoutes(ctx));
  await app.register(accountRoutes(ctx, {
    memberReleased: async (tx, e) => {
      await releaseMember(ctx, tx, e);
      await exportsMemberReleased(ctx, tx, e);
    },
  }));
  await app.register(apiKeyRoutes(ctx));
  await app.register(destinationsRoutes(ctx));
  await app.register(sessionRoutes(ctx));
  await app.register(auditRoutes(ctx));
  await app.register(emailRoutes(ctx));
  await app.register(accountDeletionRoutes(ctx));
  await app.register(contactsRoutes(ctx, { eraseContacts: contactEraser }));
  await app.register(consentRoutes(ctx));
  await app.register(contactConsentRoutes(ctx));
  await app.register(importsRoutes(ctx));
  await app.register(connectionsRoutes(ctx, { numbersOn, toGiveBackOn, giveBackOn }));
  await app.register(carrierWebhookRoutes(ctx));
  // A released number leaves the partner grants that name it.
  await app.register(messagingRoutes(ctx, { numberReleased: (tx, e) => partnerGrantsNumberReleased(tx, e) }));
  await app.register(batchRoutes(ctx));
  await app.register(conversationsRoutes(ctx));
  await app.register(slaRoutes(ctx));
  await app.register(inboxLiveRoutes(ctx));
  await app.register(assignmentRoutes(ctx));
  await app.register(conversationMessagesRoutes(ctx));
  await app.register(notesRoutes(ctx));
  await app.register(cannedRepliesRoutes(ctx));
  await app.register(labelsRoutes(ctx));
  await app.register(campaignsRoutes(ctx));
  await app.register(campaignSettingsRoutes(ctx));
  await app.register(campaignResultsRoutes(ctx));
  await app.register(poolsRoutes(ctx, { campaignsUsingPool }));
  await app.register(complianceRoutes(ctx));
  await app.register(mediaRoutes(ctx));
  await app.register(growthRoutes(ctx, growthPorts));
  await app.register(joinRoutes(ctx, growthPorts));
  await app.register(dataRequestRoutes(ctx, dataRequestPorts));
  await app.register(dataRequestPublicRoutes(ctx, dataRequestPorts));
  await app.register(linksRoutes(ctx));
  await app.register(exportsRoutes(ctx));
  await app.register(retentionRoutes(ctx));
  await app.register(billingRoutes(ctx));
  await app.register(operatorBillingRoutes(ctx));
  await app.register(disclosuresRoutes(ctx));
  await app.register(accountSubprocessorRoutes(ctx));
  await app.register(partnersRoutes(ctx));
  await app.register(supportRoutes(ctx));
  await app.register(webhooksRoutes(ctx));
  await app.register(analyticsRoutes(ctx));
  await app.register(twilioInboundRoutes(ctx));
  await app.register(twilioCompatRoutes(ctx));
  await app.register(trustSafetyRoutes(ctx));
  // The operator console (issue 13). Other modules add sections to an account's detail here: { key: (ctx, accountId) => data }.
  await app.register(operatorsRoutes(ctx, { accountSections: { billing: billingSection, trustSafety: trustSafetySection } }));
  await app.register(metricsRoutes(ctx));
  await app.register(evidenceRoutes(ctx));

  if (opts.web) await registerWeb(app);
  return app;
}
