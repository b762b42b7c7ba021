import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { ComplianceSettingsOut, ComplianceSettingsPatch, SendWindowBody, SendWindowOut } from './compliance.schema.js';
import * as compliance from './compliance.service.js';

const tags = ['compliance'];
const read = { role: 'viewer', scope: 'messages:read' } as const;
const manage = { role: 'admin', scope: 'account:write' } as const;

export const complianceRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/v1/compliance/send-window', {
      config: { access: read },
      schema: { tags, summary: "Whether a marketing text may go to a number at a moment (quiet hours in the recipient's zone), and when it next may", body: SendWindowBody, response: { 200: SendWindowOut } },
    }, async (request) => compliance.sendWindowFor(ctx, caller(request), request.body));

    app.get('/v1/compliance/settings', { config: { access: read }, schema: { tags, summary: "The account's sending hours and sender identification rule", response: { 200: ComplianceSettingsOut } } }, async (request) =>
      compliance.complianceSettingsOf(ctx.db, caller(request).accountId));

    app.patch('/v1/compliance/settings', { config: { access: manage }, schema: { tags, summary: "Change the account's sending hours and sender identification rule", body: ComplianceSettingsPatch, response: { 200: ComplianceSettingsOut } } }, async (request) =>
      compliance.updateComplianceSettings(ctx, caller(request), request.body, requestMeta(request)));
  };
