import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context.js';
import { caller, requestMeta } from '../../http/auth.js';
import { NoContent, pageOf } from '../../http/responses.js';
import { IdParams } from '../contacts/contacts.schema.js';
import * as agents from './agents.service.js';
import { presentAgent, presentTeam } from './assignment.presenters.js';
import { AgentOut, AgentPatch, AssignIn, AvailabilityIn, InboxSettingsOut, InboxSettingsPatch, TeamIn, TeamOut, TeamPatch } from './assignment.schema.js';
import * as assignment from './assignment.service.js';
import { ConversationOut } from './conversations.schema.js';
import { presentConversation } from './presenters.js';
import * as teams from './teams.service.js';

const tags = ['assignment'];
const read = { role: 'viewer', scope: 'messages:read' } as const;
const work = { role: 'agent', scope: 'messages:write' } as const;
const manage = { role: 'admin', scope: 'account:write' } as const;

/** Teams, assignment of conversations, agents' availability and capacity, the inbox's assignment settings. */
export const assignmentRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/v1/conversations/:id/assign', {
      // Partner callers with `assign`, on a conversation their grant covers; the pickers below need it too.
      config: { access: { ...work, partner: { can: 'assign', conversation: 'id', mask: true } } },
      schema: { tags, summary: 'Assign a conversation to an agent and/or a team, or un-assign it (both absent or null)', params: IdParams, body: AssignIn, response: { 200: ConversationOut } },
    }, async (request) => presentConversation(await assignment.assignConversation(ctx, caller(request), request.params.id, request.body, requestMeta(request))));

    app.get('/v1/teams', { config: { access: { ...read, partner: { can: 'assign' } } }, schema: { tags, summary: 'List teams with their members', response: { 200: pageOf(TeamOut) } } }, async (request) =>
      ({ data: (await teams.listTeams(ctx, caller(request))).map(presentTeam), nextCursor: null }));

    app.post('/v1/teams', { config: { access: manage }, schema: { tags, summary: 'Create a team', body: TeamIn, response: { 201: TeamOut } } }, async (request, reply) =>
      reply.status(201).send(presentTeam(await teams.createTeam(ctx, caller(request), request.body, requestMeta(request)))));

    app.get('/v1/teams/:id', { config: { access: read }, schema: { tags, summary: 'Get a team', params: IdParams, response: { 200: TeamOut } } }, async (request) =>
      presentTeam(await teams.getTeam(ctx, caller(request), request.params.id)));

    app.patch('/v1/teams/:id', { config: { access: manage }, schema: { tags, summary: "Rename a team, switch its automatic assignment, replace its members", params: IdParams, body: TeamPatch, response: { 200: TeamOut } } }, async (request) =>
      presentTeam(await teams.updateTeam(ctx, caller(request), request.params.id, request.body, requestMeta(request))));

    app.delete('/v1/teams/:id', { config: { access: manage }, schema: { tags, summary: 'Delete a team (its conversations keep their assignee)', params: IdParams, response: { 204: NoContent } } }, async (request, reply) => {
      await teams.deleteTeam(ctx, caller(request), request.params.id, requestMeta(request));
      return reply.status(204).send();
    });

    // Partner callers (a grant with `assign`) get the client's people by name: their email addresses are left empty.
    app.get('/v1/agents', { config: { access: { ...read, partner: { can: 'assign' } } }, schema: { tags, summary: "The account's agents: availability, capacity and open assigned conversations", description: "A partner agent gets each agent's email empty.", response: { 200: pageOf(AgentOut) } } }, async (request) => {
      const auth = caller(request);
      return { data: (await agents.listAgents(ctx, auth)).map((a) => ({ ...presentAgent(a), ...(auth.partner ? { email: '' } : {}) })), nextCursor: null };
    });

    app.patch('/v1/agents/:id', { config: { access: manage }, schema: { tags, summary: "Set an agent's capacity or availability", params: IdParams, body: AgentPatch, response: { 200: AgentOut } } }, async (request) =>
      presentAgent(await agents.updateAgent(ctx, caller(request), request.params.id, request.body, requestMeta(request))));

    app.get('/v1/me/availability', { config: { access: { role: 'agent' } }, schema: { tags, summary: 'Your availability for automatic assignment', response: { 200: AgentOut } } }, async (request) =>
      presentAgent(await agents.myAvailability(ctx, caller(request))));

    app.put('/v1/me/availability', { config: { access: { role: 'agent' } }, schema: { tags, summary: 'Set your availability (online agents get new conversations automatically)', body: AvailabilityIn, response: { 200: AgentOut } } }, async (request) =>
      presentAgent(await agents.setMyAvailability(ctx, caller(request), request.body.availability)));

    app.get('/v1/inbox/settings', { config: { access: read }, schema: { tags, summary: 'Automatic assignment and reassignment settings', response: { 200: InboxSettingsOut } } }, async (request) =>
      agents.inboxSettings(ctx, caller(request)));

    app.patch('/v1/inbox/settings', { config: { access: manage }, schema: { tags, summary: 'Turn automatic assignment on or off; reassign after N minutes without an answer (null: off)', body: InboxSettingsPatch, response: { 200: InboxSettingsOut } } }, async (request) =>
      agents.updateInboxSettings(ctx, caller(request), request.body, requestMeta(request)));
  };
