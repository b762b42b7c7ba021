import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { NoContent } from '../../http/responses.js';
import { IdParams } from '../contacts/contacts.schema.js';
import { CsatSettingsIn, CsatSettingsOut } from './csat.schema.js';
import { getCsatSettings, setCsatSettings } from './csat.service.js';
import { presentHoliday, presentPolicy } from './sla.presenters.js';
import { breachList, conversationSla, slaReport } from './sla-report.service.js';
import {
  BreachesQuery, BusinessHoursIn, BusinessHoursOut, ConversationSlaOut, HolidayIn, HolidayList, HolidayOut, SlaBreachList, SlaPolicyIn, SlaPolicyList,
  SlaPolicyOut, SlaPolicyPatch, SlaReportOut, SlaReportQuery,
} from './sla.schema.js';
import * as sla from './sla.service.js';

const tags = ['sla'];
const read = { role: 'viewer', scope: 'messages:read' } as const;
const settingsRead = { role: 'viewer', scope: 'account:read' } as const;
const manage = { role: 'admin', scope: 'account:write' } as const;

/** SLA policies, business hours, holidays, CSAT settings; conversation timers, the breach list and the SLA/CSAT report. */
export const slaRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/v1/sla-policies', { config: { access: settingsRead }, schema: { tags, summary: 'SLA policies: the default one and per-team ones', response: { 200: SlaPolicyList } } },
      async (request) => ({ data: (await sla.listPolicies(ctx, caller(request).accountId)).map(presentPolicy) }));

    app.post('/v1/sla-policies', { config: { access: manage }, schema: { tags, summary: 'Create an SLA policy (the default one, or one for a team); running timers follow it', body: SlaPolicyIn, response: { 201: SlaPolicyOut } } },
      async (request, reply) => reply.status(201).send(presentPolicy(await sla.createPolicy(ctx, caller(request), request.body, requestMeta(request)))));

    app.patch('/v1/sla-policies/:id', { config: { access: manage }, schema: { tags, summary: 'Change an SLA policy; the timers of open conversations are recomputed', params: IdParams, body: SlaPolicyPatch, response: { 200: SlaPolicyOut } } },
      async (request) => presentPolicy(await sla.updatePolicy(ctx, caller(request), request.params.id, request.body, requestMeta(request))));

    app.delete('/v1/sla-policies/:id', { config: { access: manage }, schema: { tags, summary: 'Delete an SLA policy; conversations fall back to the default policy', params: IdParams, response: { 204: NoContent } } },
      async (request, reply) => { await sla.deletePolicy(ctx, caller(request), request.params.id, requestMeta(request)); return reply.status(204).send(); });

    app.get('/v1/business-hours', { config: { access: settingsRead }, schema: { tags, summary: "The account's business hours (weekly schedule, time zone)", response: { 200: BusinessHoursOut } } },
      async (request) => sla.getBusinessHours(ctx, caller(request).accountId));

    app.put('/v1/business-hours', { config: { access: manage }, schema: { tags, summary: 'Set the business hours SLA targets count in', body: BusinessHoursIn, response: { 200: BusinessHoursOut } } },
      async (request) => sla.setBusinessHours(ctx, caller(request), request.body, requestMeta(request)));

    app.get('/v1/holidays', { config: { access: settingsRead }, schema: { tags, summary: 'Days the business is closed (SLA timers skip them)', response: { 200: HolidayList } } },
      async (request) => ({ data: (await sla.listHolidays(ctx, caller(request).accountId)).map(presentHoliday) }));

    app.post('/v1/holidays', { config: { access: manage }, schema: { tags, summary: 'Add a holiday', body: HolidayIn, response: { 201: HolidayOut } } },
      async (request, reply) => reply.status(201).send(presentHoliday(await sla.addHoliday(ctx, caller(request), request.body, requestMeta(request)))));

    app.delete('/v1/holidays/:id', { config: { access: manage }, schema: { tags, summary: 'Remove a holiday', params: IdParams, response: { 204: NoContent } } },
      async (request, reply) => { await sla.removeHoliday(ctx, caller(request), request.params.id, requestMeta(request)); return reply.status(204).send(); });

    app.get('/v1/csat-settings', { config: { access: settingsRead }, schema: { tags, summary: 'CSAT survey settings', response: { 200: CsatSettingsOut } } },
      async (request) => getCsatSettings(ctx, caller(request).accountId));

    app.put('/v1/csat-settings', { config: { access: manage }, schema: { tags, summary: 'Turn the CSAT survey after a close on or off, its question and reply window', body: CsatSettingsIn, response: { 200: CsatSettingsOut } } },
      async (request) => setCsatSettings(ctx, caller(request), request.body, requestMeta(request)));

    app.get('/v1/conversations/:id/sla', { config: { access: { ...read, partner: { can: 'read', conversation: 'id', mask: true } } }, schema: { tags, summary: "A conversation's SLA timers and CSAT answer", params: IdParams, response: { 200: ConversationSlaOut } } },
      async (request) => conversationSla(ctx, caller(request).accountId, request.params.id));

    app.get('/v1/sla/breaches', { config: { access: read }, schema: { tags, summary: 'Open conversations whose SLA is breached or at risk (warned), most overdue first', querystring: BreachesQuery, response: { 200: SlaBreachList } } },
      async (request) => ({ data: await breachList(ctx, caller(request).accountId, request.query) }));

    app.get('/v1/reports/sla', { config: { access: read }, schema: { tags, summary: '% of SLA targets met and CSAT scores, per agent, team or day', querystring: SlaReportQuery, response: { 200: SlaReportOut } } },
      async (request) => slaReport(ctx, caller(request).accountId, request.query));
  };
