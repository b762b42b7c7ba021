import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { pageParams } from '../../http/pagination.js';
import { pageOf } from '../../http/responses.js';
import {
  AudienceCountBody, AudienceCountOut, CampaignBody, CampaignOut, CampaignPatch, CampaignSummaryOut, RecipientOut, RecipientsQuery,
} from './campaigns.schema.js';
import { CampaignLinkOut } from '../links/links.schema.js';
import * as campaigns from './campaigns.service.js';
import * as abTests from './ab-pick.service.js';
import { PickWinnerBody, VariantsOut } from './campaigns.schema.js';
import { AudienceSamplesBody, AudienceSamplesOut } from './compose.schema.js';
import { audienceSamples } from './compose.service.js';

const tags = ['campaigns'];
const read = { role: 'viewer', scope: 'messages:read' } as const;
const write = { role: 'agent', scope: 'messages:write' } as const;
/** What creates or sends a campaign's texts: never a partner organisation's own account (businessOnly, src/http/auth.ts). */
const send = { ...write, businessOnly: true } as const;
/**
 * What sends marketing to a whole audience — launch (scheduling is a launch with a time), resume, an A/B
 * winner sent to the held-back recipients: the owner's and admins' decision. Agents write drafts and may
 * stop a campaign (pause, cancel); an agent's refusal is 403 `forbidden` with details.requiredRole 'admin'.
 */
const launchAccess = { ...send, role: 'admin' } as const;
const Id = z.object({ id: z.string().min(1).max(100) });

/** Campaigns (issue 9): drafts, the live audience count, launch (fan-out in the background), pause/resume/cancel, results. */
export const campaignsRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/v1/campaigns', {
      config: { access: send },
      schema: { tags, summary: 'Create a campaign draft', body: CampaignBody, response: { 201: CampaignOut } },
    }, async (request, reply) => reply.status(201).send(await campaigns.createCampaign(ctx, caller(request), request.body, requestMeta(request))));

    app.get('/v1/campaigns', {
      config: { access: read },
      schema: { tags, summary: 'List campaigns (newest first)', querystring: z.object(pageParams()), response: { 200: pageOf(CampaignSummaryOut) } },
    }, async (request) => campaigns.campaignsPage(ctx, caller(request), request.query));

    app.post('/v1/campaigns/audience/count', {
      config: { access: read },
      schema: { tags, summary: 'Count an audience live: eligible contacts and skipped ones by reason', body: AudienceCountBody, response: { 200: AudienceCountOut } },
    }, async (request) => campaigns.countAudience(ctx, caller(request), request.body.audience));

    app.post('/v1/campaigns/audience/samples', {
      config: { access: read },
      schema: { tags, summary: "Sample recipients of an audience for the composer's preview, and (with a body) the costliest recipient", body: AudienceSamplesBody, response: { 200: AudienceSamplesOut } },
    }, async (request) => audienceSamples(ctx.db, caller(request).accountId, ctx.now(), request.body));

    app.get('/v1/campaigns/:id', {
      config: { access: read },
      schema: { tags, summary: 'A campaign with its stats and progress', params: Id, response: { 200: CampaignOut } },
    }, async (request) => campaigns.getCampaign(ctx, caller(request), request.params.id));

    app.patch('/v1/campaigns/:id', {
      config: { access: write },
      schema: { tags, summary: 'Change a draft', params: Id, body: CampaignPatch, response: { 200: CampaignOut } },
    }, async (request) => campaigns.updateDraft(ctx, caller(request), request.params.id, request.body));

    app.post('/v1/campaigns/:id/launch', {
      config: { access: launchAccess },
      schema: { tags, summary: 'Launch a draft: recipients are materialised and texts queued in the background', params: Id, response: { 202: CampaignOut } },
    }, async (request, reply) => reply.status(202).send(await campaigns.launch(ctx, caller(request), request.params.id, requestMeta(request))));

    app.post('/v1/campaigns/:id/pause', {
      config: { access: write },
      schema: { tags, summary: 'Pause: waiting texts are held', params: Id, response: { 200: CampaignOut } },
    }, async (request) => campaigns.pause(ctx, caller(request), request.params.id));

    app.post('/v1/campaigns/:id/resume', {
      config: { access: launchAccess },
      schema: { tags, summary: 'Resume a paused campaign (each text at its recipient\'s next allowed moment)', params: Id, response: { 200: CampaignOut } },
    }, async (request) => campaigns.resume(ctx, caller(request), request.params.id));

    app.post('/v1/campaigns/:id/cancel', {
      config: { access: write },
      schema: { tags, summary: 'Cancel: every text not yet handed to a carrier is canceled', params: Id, response: { 200: CampaignOut } },
    }, async (request) => campaigns.cancel(ctx, caller(request), request.params.id, requestMeta(request)));

    app.get('/v1/campaigns/:id/links', {
      config: { access: read },
      schema: { tags, summary: "The campaign's short links by destination: clicks and recipients who clicked", params: Id, response: { 200: z.object({ data: z.array(CampaignLinkOut) }) } },
    }, async (request) => campaigns.links(ctx, caller(request), request.params.id));

    app.get('/v1/campaigns/:id/recipients', {
      config: { access: read },
      schema: { tags, summary: 'Recipients with their status, skip reason and message', params: Id, querystring: RecipientsQuery, response: { 200: pageOf(RecipientOut) } },
    }, async (request) => campaigns.recipients(ctx, caller(request), request.params.id, request.query));

    app.get('/v1/campaigns/:id/variants', {
      config: { access: read },
      schema: { tags, summary: "An A/B test's sample results per variant (recipients, clicks or replies, rate) and its winner", params: Id, response: { 200: VariantsOut } },
    }, async (request) => abTests.variants(ctx, caller(request), request.params.id));

    app.post('/v1/campaigns/:id/pick-winner', {
      config: { access: launchAccess },
      schema: { tags, summary: "Pick an A/B test's winner by hand: the recipients held back get it", params: Id, body: PickWinnerBody, response: { 200: CampaignOut } },
    }, async (request) => abTests.pickWinner(ctx, caller(request), request.params.id, request.body.variant));
  };
