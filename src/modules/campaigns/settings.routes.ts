import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { CampaignSettingsOut, CampaignSettingsPatch } from './settings.schema.js';
import * as settings from './settings.service.js';

const tags = ['campaigns'];
const read = { role: 'viewer', scope: 'messages:read' } as const;
const manage = { role: 'admin', scope: 'account:write' } as const;

/** Campaign settings (issue 9): frequency cap, guardrails, default rate cap. Not under /v1/campaigns/ (that is /v1/campaigns/:id). */
export const campaignSettingsRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/v1/campaign-settings', {
      config: { access: read },
      schema: { tags, summary: "The account's campaign rules: frequency cap, guardrails, default rate cap", response: { 200: CampaignSettingsOut } },
    }, async (request) => settings.campaignSettingsOf(ctx.db, caller(request).accountId));

    app.patch('/v1/campaign-settings', {
      config: { access: manage },
      schema: { tags, summary: "Change the account's campaign rules (admins)", body: CampaignSettingsPatch, response: { 200: CampaignSettingsOut } },
    }, async (request) => settings.updateCampaignSettings(ctx, caller(request), request.body, requestMeta(request)));
  };
