import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Ctx } from '../../context.js';
import { SAFE_METHODS, requestMeta, type AuthContext, type Authenticator, type PartnerRule, type PartnerScope, type RoleAccess } from '../../http/auth.js';
import { AppError, notFound } from '../../lib/errors.js';
import * as conversations from '../conversations/conversations.service.js';
import type { AccountRow } from '../accounts/organisations.service.js';
import { PARTNER_ACTIONS, grantState, maskPayload, permits, type PartnerAction } from './grant-rules.js';
import * as repo from './partners.repo.js';
import { recordPartnerAction } from './partner-audit.service.js';

/**
 * Partner callers. A partner organisation's person signs in to the partner account (where
 * they are a member); after a switch their session acts in a client account, and every
 * request re-reads the switch, the client's grant (revoked, expired, outside its hours?) and
 * the person's assignment. Routes opt in (`access.partner`); every other route refuses them.
 */
const MANAGER_ROLES = new Set(['owner', 'admin']);

const ended = (message: string, reason: string) => new AppError(403, 'partner_access_ended', message, { reason });

async function refusal(ctx: Ctx, auth: AuthContext, live: Awaited<ReturnType<typeof repo.findLiveGrant>>): Promise<AppError | null> {
  if (!live) return ended("The client ended your organisation's access.", 'revoked');
  if (live.client.status !== 'active') return ended('This client account is suspended.', 'client_suspended');
  const state = grantState(live.grant, live.client.timeZone, ctx.now());
  if (state === 'expired') return ended("The client's grant has expired.", 'expired');
  if (state === 'outside_hours') return ended("The client's grant does not cover this time of the week.", 'outside_hours');
  if (!MANAGER_ROLES.has(auth.role) && !(await repo.isAssigned(ctx.db, auth.accountId, auth.userId!, live.client.id))) {
    return ended('Your partner manager has not assigned you to this client.', 'not_assigned');
  }
  return null;
}

function clientContext(auth: AuthContext, client: AccountRow, grant: repo.GrantRow): AuthContext {
  const user = auth.user!;
  // The partner's agents and managers work the client as agents; its viewers only read (the grant's actions need the agent role).
  const role = auth.role === 'viewer' ? 'viewer' : 'agent';
  return {
    accountId: client.id, account: client, user: { ...user, accountId: client.id, role, scopes: [], expiresAt: null },
    userId: user.id, role, via: 'session', sessionId: auth.sessionId, apiKeyId: null, scopes: [],
    actor: { type: 'partner', id: user.id, label: `${user.name} <${user.email}> (partner ${auth.account.name})` },
    partner: {
      partnerId: auth.accountId, partnerName: auth.account.name, grantId: grant.id,
      numberIds: grant.numberIds.length ? grant.numberIds : null, teamIds: grant.teamIds.length ? grant.teamIds : null,
      permissions: grant.permissions, maskedFields: grant.maskedFields,
    },
  };
}

/** The caller as the partner's person acting in the client their session switched to (or as they are). */
export async function actInClient(ctx: Ctx, auth: AuthContext | null): Promise<AuthContext | null> {
  if (!auth || auth.via !== 'session' || auth.account.kind !== 'partner' || !auth.sessionId || !auth.user) return auth;
  const clientId = await repo.findSessionClient(ctx.db, auth.accountId, auth.sessionId);
  if (!clientId) return auth;
  const live = await repo.findLiveGrant(ctx.db, clientId, auth.accountId);
  const refused = await refusal(ctx, auth, live);
  if (refused) {
    // Access ends now: this request is refused and the session is back in the partner account.
    await repo.clearSessionClient(ctx.db, auth.accountId, auth.sessionId);
    throw refused;
  }
  return clientContext(auth, live!.client, live!.grant);
}

function authorizePartner(rule: PartnerRule | undefined, auth: AuthContext) {
  if (!rule) throw new AppError(403, 'partner_not_allowed', 'Partner access does not reach this.');
  if (!permits(auth.partner!.permissions, rule.can as PartnerAction)) {
    throw new AppError(403, 'partner_permission_missing', `The client's grant does not include "${rule.can}".`, { required: rule.can });
  }
}

/** Wraps the accounts module's authenticator: partner sessions, default-deny for partner callers. */
export const partnerAuthenticator = (ctx: Ctx, inner: Authenticator): Authenticator => ({
  authenticate: async (request) => actInClient(ctx, await inner.authenticate(request)),
  authorize: (access, auth) => {
    if (auth?.partner) authorizePartner(access.partner, auth);
    return inner.authorize(access, auth);
  },
  checkRule: (access) => {
    inner.checkRule(access);
    if (access.partner && !(PARTNER_ACTIONS as readonly string[]).includes(access.partner.can)) throw new Error(`Unknown partner action in an access rule: ${access.partner.can}`);
  },
  // A stream's re-check: the partner's own routes (`self`: the desk's combined queue) follow the person
  // whichever client their session acts in (a switch in another tab); every other route, the same account.
  sameCaller: (access, was, now) => {
    if (was.userId !== now.userId) return false;
    if (access.partner?.can === 'self') return (was.partner?.partnerId ?? was.accountId) === (now.partner?.partnerId ?? now.accountId);
    return (inner.sameCaller ?? ((_a, w, n) => w.accountId === n.accountId))(access, was, now);
  },
});

/** What a grant lets its partner see of the client's conversations: its numbers and teams (sorted; null: every). */
const reachOf = (p: PartnerScope) => JSON.stringify([p.numberIds && [...p.numberIds].sort(), p.teamIds && [...p.teamIds].sort()]);

const ruleOf = (request: FastifyRequest) => (request.routeOptions.config?.access as RoleAccess | undefined)?.partner;

/** A conversation the grant covers (its number and team), else 404 as for another account's. */
export async function assertConversationInGrant(ctx: Ctx, auth: AuthContext, publicId: string) {
  const c = await conversations.getConversation(ctx, auth.accountId, publicId);
  const p = auth.partner!;
  if ((p.numberIds && !p.numberIds.includes(c.number_id)) || (p.teamIds && !(c.team_id && p.teamIds.includes(c.team_id)))) throw notFound('Conversation');
  return c;
}

/** A contact with a conversation the grant covers, else 404. */
async function assertContactInGrant(ctx: Ctx, auth: AuthContext, publicId: string) {
  let found = false;
  try {
    const page = await conversations.listConversations(ctx, auth.accountId, conversations.filterOf(auth, { contactId: publicId, state: 'all' }), { limit: 1 });
    found = page.data.length > 0;
  } catch { /* a malformed id is as unknown as another account's */ }
  if (!found) throw notFound('Contact');
}

/**
 * The route-level half for partner callers, after authentication: the resource named in the
 * path must be inside the grant; responses with contact data are masked; every change they
 * make is recorded in the client's and the partner's audit logs.
 */
export function registerPartnerGuard(app: FastifyInstance, ctx: Ctx) {
  // Callback-style hooks: a request without a partner caller (nearly all) passes each of them
  // synchronously, without a promise and a microtask per hook.
  async function guard(request: FastifyRequest, auth: AuthContext, rule: PartnerRule) {
    // The named parameter is in the path (always there) or an optional one in the query string (checked when sent).
    const params = { ...(request.query as Record<string, unknown>), ...(request.params as Record<string, unknown>) };
    const named = (name: string) => (typeof params[name] === 'string' ? (params[name] as string) : params[name] === undefined ? null : '');
    const conversation = rule.conversation ? named(rule.conversation) : null;
    const contact = rule.contact ? named(rule.contact) : null;
    if (conversation !== null) await assertConversationInGrant(ctx, auth, conversation);
    if (contact !== null) await assertContactInGrant(ctx, auth, contact);
  }
  app.addHook('preHandler', (request, _reply, done) => {
    const auth = request.auth;
    const rule = auth?.partner ? ruleOf(request) : undefined;
    if (!auth?.partner || !rule) return done();
    // A stream asks again later (src/http/sse.ts): the grant as it is then must still cover what it names.
    // A stream naming nothing was restricted when it opened (the inbox stream: the grant's numbers and
    // teams) and cannot follow a changed grant: it ends, and the client reconnects under the grant as it is now.
    // (`self` routes follow the person, in the partner account too: the desk's queue stream re-reads each grant itself.)
    const again = request.reauthorize;
    const self = rule.can === 'self';
    const namesNothing = !self && !rule.conversation && !rule.contact;
    if (again) request.reauthorize = async (r) => {
      const now = await again(r);
      if (!now?.partner) return self ? now : null;
      // (The grant's reach is compared only when asked: most partner requests are not streams.)
      if (namesNothing && reachOf(now.partner) !== reachOf(auth.partner!)) return null;
      return guard(r, now, rule).then(() => now, () => null);
    };
    guard(request, auth, rule).then(() => done(), done);
  });
  app.addHook('preSerialization', (request, _reply, payload, done) => {
    const p = request.auth?.partner;
    if (!p) return done(null, payload);
    try {
      done(null, ruleOf(request)?.mask ? maskPayload(payload, p.maskedFields) : payload);
    } catch (err) {
      done(err as Error);
    }
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    const auth = request.auth;
    if (!auth?.partner || SAFE_METHODS.has(request.method) || reply.statusCode >= 400) return done(null, payload);
    recordPartnerAction(ctx, auth, { method: request.method, route: request.routeOptions.url ?? request.url, status: reply.statusCode, params: request.params as Record<string, string> }, requestMeta(request))
      .then(() => done(null, payload), done);
  });
}
