import { afterEach, beforeAll, expect, it } from 'vitest';
import { slaAlertSink } from '../src/modules/conversations/sla-alerts.service.js';
import { sweepSla } from '../src/modules/conversations/sla-timers.service.js';
import { describeEachDb } from './harness.js';
import { signUp, type Client } from './factories.js';

/**
 * SLA timers on a controlled clock (ctx.now): business hours (America/New_York, Mon–Fri
 * 09:00–17:00; December is EST, UTC−5), warnings, breaches, the breach list; timers stop when
 * the conversation is closed and follow a policy, holiday or team change (Chatwoot #10178);
 * the report's figures.
 */
type Target = { kind: string; status: string; dueAt: string | null; warnAt: string | null; metAt: string | null; breachedAt: string | null };

describeEachDb('sla', (use) => {
  let realNow: () => Date;
  beforeAll(() => { realNow = use().ctx.now; });
  afterEach(() => { use().ctx.now = realNow; });
  const at = (iso: string) => { use().ctx.now = () => new Date(iso); };
  const sweep = () => sweepSla(use().ctx, slaAlertSink);
  const put = (c: Client, url: string, body: unknown) => c.request('PUT', url, body);

  async function account(opts: { hours?: boolean; policy?: Record<string, unknown> } = {}) {
    at('2026-12-04T12:00:00Z'); // sessions are minted on the test clock
    const { client, userId } = await signUp(use().app);
    const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    if (opts.hours !== false) {
      const hours = [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' }));
      expect((await put(client, '/v1/business-hours', { timeZone: 'America/New_York', hours })).statusCode).toBe(200);
    }
    const policy = await client.post('/v1/sla-policies', { name: 'Default', firstResponseMinutes: 60, nextResponseMinutes: 30, resolutionMinutes: 480, ...opts.policy });
    expect(policy.statusCode).toBe(201);
    return { client, userId, number, policyId: policy.json().id as string };
  }
  const text = async (c: Client, number: { phoneNumber: string }, from: string, body: string) => {
    const r = await c.post('/v1/simulator/inbound', { from, to: number.phoneNumber, body });
    expect(r.statusCode).toBe(201);
    return r.json().conversationId as string;
  };
  const reply = async (c: Client, id: string, body = 'On it!') => expect((await c.post(`/v1/conversations/${id}/messages`, { body })).statusCode).toBe(201);
  const close = async (c: Client, id: string) => expect((await c.patch(`/v1/conversations/${id}`, { status: 'closed' })).statusCode).toBe(200);
  const targets = async (c: Client, id: string) => {
    const r = await c.get(`/v1/conversations/${id}/sla`);
    expect(r.statusCode).toBe(200);
    return Object.fromEntries((r.json().targets as Target[]).map((t) => [t.kind, t])) as Record<string, Target>;
  };
  const breaches = async (c: Client, state: string) => (await c.get(`/v1/sla/breaches?state=${state}`)).json().data as Array<{ conversationId: string; kind: string; state: string; breachedAt: string | null }>;
  const Z = (iso: string) => new Date(iso).toISOString();

  it('counts the first response in business hours over a weekend, warns the assignee at 80%, breaches when due, and keeps a late reply as breached', async () => {
    const { client, userId, number } = await account();
    at('2026-12-04T21:30:00Z'); // Friday 16:30 in New York
    const id = await text(client, number, '+1 212 555 0101', 'Is my order coming?');
    expect((await client.post(`/v1/conversations/${id}/assign`, { userId })).statusCode).toBe(200);
    let t = await targets(client, id);
    // 30 minutes on Friday, 30 on Monday from 09:00; the warning at 48 minutes; resolution 480 → Monday 16:30.
    expect(t.first_response).toMatchObject({ status: 'active', dueAt: Z('2026-12-07T14:30:00Z'), warnAt: Z('2026-12-07T14:18:00Z'), metAt: null });
    expect(t.resolution).toMatchObject({ status: 'active', dueAt: Z('2026-12-07T21:30:00Z') });
    expect(t.next_response).toBeUndefined();

    at('2026-12-05T17:00:00Z'); // Saturday: nothing is due in business time
    await sweep();
    expect((await targets(client, id)).first_response).toMatchObject({ status: 'active', breachedAt: null });
    expect(await breaches(client, 'all')).toEqual([]);

    at('2026-12-07T14:20:00Z'); // Monday 09:20: past the warning
    await sweep();
    expect(await breaches(client, 'at_risk')).toEqual([expect.objectContaining({ conversationId: id, kind: 'first_response', state: 'at_risk' })]);
    expect(await breaches(client, 'breached')).toEqual([]);
    const bell = (await client.get('/v1/notifications')).json().data as Array<{ kind: string; conversationId: string }>;
    expect(bell.filter((n) => n.kind === 'sla_warning')).toEqual([expect.objectContaining({ conversationId: id })]);
    await sweep(); // warned once only
    expect(((await client.get('/v1/notifications')).json().data as Array<{ kind: string }>).filter((n) => n.kind === 'sla_warning')).toHaveLength(1);

    at('2026-12-07T14:31:00Z');
    await sweep();
    expect(await breaches(client, 'breached')).toEqual([expect.objectContaining({ conversationId: id, kind: 'first_response', breachedAt: Z('2026-12-07T14:30:00Z') })]);
    expect(((await client.get('/v1/notifications')).json().data as Array<{ kind: string }>).filter((n) => n.kind === 'sla_breached')).toHaveLength(1);

    at('2026-12-07T15:30:00Z');
    await reply(client, id);
    t = await targets(client, id);
    expect(t.first_response).toMatchObject({ status: 'breached', metAt: Z('2026-12-07T15:30:00Z'), breachedAt: Z('2026-12-07T14:30:00Z') });
    expect(await breaches(client, 'all')).toEqual([]); // answered: off the list

    at('2026-12-07T22:00:00Z'); // closed after the resolution target (16:30 New York): resolved late
    await close(client, id);
    expect((await targets(client, id)).resolution).toMatchObject({ status: 'breached', metAt: Z('2026-12-07T22:00:00Z'), breachedAt: Z('2026-12-07T21:30:00Z') });
  });

  it('starts a next-response target on the customer\'s next text; a close stops every timer, and no breach follows (Chatwoot #10178)', async () => {
    const { client, number } = await account();
    at('2026-12-07T16:00:00Z'); // Monday 11:00
    const id = await text(client, number, '+1 212 555 0102', 'Hi');
    at('2026-12-07T16:10:00Z');
    await reply(client, id);
    at('2026-12-07T16:20:00Z');
    await text(client, number, '+1 212 555 0102', 'And one more thing');
    at('2026-12-07T16:25:00Z');
    await text(client, number, '+1 212 555 0102', 'hello?'); // still waiting: no second target
    let t = await targets(client, id);
    expect(t.first_response).toMatchObject({ status: 'met', metAt: Z('2026-12-07T16:10:00Z') });
    expect(t.next_response).toMatchObject({ status: 'active', dueAt: Z('2026-12-07T16:50:00Z') });
    expect(((await client.get(`/v1/conversations/${id}/sla`)).json().targets as Target[]).filter((x) => x.kind === 'next_response')).toHaveLength(1);

    at('2026-12-07T16:30:00Z');
    await close(client, id);
    t = await targets(client, id);
    expect(t.next_response).toMatchObject({ status: 'stopped', metAt: null, breachedAt: null });
    expect(t.resolution).toMatchObject({ status: 'met', metAt: Z('2026-12-07T16:30:00Z') });

    at('2026-12-08T20:00:00Z'); // long after every due time
    await sweep();
    t = await targets(client, id);
    expect(t.next_response).toMatchObject({ status: 'stopped', breachedAt: null });
    expect(t.resolution.status).toBe('met');
    expect(await breaches(client, 'all')).toEqual([]);

    // Reopened: a new resolution target from the reopen.
    at('2026-12-08T20:30:00Z'); // Tuesday 15:30: 90 minutes today, 390 tomorrow → Wednesday 15:30
    expect((await client.patch(`/v1/conversations/${id}`, { status: 'open' })).statusCode).toBe(200);
    const all = (await client.get(`/v1/conversations/${id}/sla`)).json().targets as Target[];
    expect(all.filter((x) => x.kind === 'resolution').map((x) => [x.status, x.dueAt])).toEqual([['met', Z('2026-12-08T16:00:00Z')], ['active', Z('2026-12-09T20:30:00Z')]]);
  });

  it('follows policy, holiday and team changes: running timers are recomputed, breached or running again', async () => {
    const { client, number, policyId } = await account();
    at('2026-12-08T14:00:00Z'); // Tuesday 09:00
    const id = await text(client, number, '+1 212 555 0103', 'Hello');
    expect((await targets(client, id)).first_response.dueAt).toBe(Z('2026-12-08T15:00:00Z'));

    at('2026-12-08T14:30:00Z');
    expect((await client.patch(`/v1/sla-policies/${policyId}`, { firstResponseMinutes: 240 })).json()).toMatchObject({ firstResponseMinutes: 240, nextResponseMinutes: 30 });
    expect((await targets(client, id)).first_response).toMatchObject({ status: 'active', dueAt: Z('2026-12-08T18:00:00Z'), warnAt: Z('2026-12-08T17:12:00Z') });
    at('2026-12-08T15:30:00Z'); // past the old due time
    await sweep();
    expect((await targets(client, id)).first_response.status).toBe('active');

    at('2026-12-08T15:40:00Z');
    await client.patch(`/v1/sla-policies/${policyId}`, { firstResponseMinutes: 30 });
    expect((await targets(client, id)).first_response).toMatchObject({ status: 'breached', dueAt: Z('2026-12-08T14:30:00Z'), breachedAt: Z('2026-12-08T14:30:00Z') });

    // Today becomes a holiday: the 30 minutes are counted from Wednesday 09:00.
    const holiday = await client.post('/v1/holidays', { date: '2026-12-08', name: 'Founders day' });
    expect(holiday.statusCode).toBe(201);
    expect((await client.post('/v1/holidays', { date: '2026-12-08', name: 'again' })).statusCode).toBe(409);
    expect((await targets(client, id)).first_response).toMatchObject({ status: 'active', dueAt: Z('2026-12-09T14:30:00Z'), breachedAt: null });
    expect((await client.delete(`/v1/holidays/${holiday.json().id}`)).statusCode).toBe(204);
    expect((await targets(client, id)).first_response).toMatchObject({ status: 'breached', dueAt: Z('2026-12-08T14:30:00Z') });

    // Longer business hours move the due time too.
    await put(client, '/v1/business-hours', { timeZone: 'America/New_York', hours: [2].map((day) => ({ day, start: '09:00', end: '09:10' })) });
    // Tuesdays 09:00–09:10 only: 10 minutes on each of three Tuesdays.
    expect((await targets(client, id)).first_response).toMatchObject({ status: 'active', dueAt: Z('2026-12-22T14:10:00Z') });
    await put(client, '/v1/business-hours', { timeZone: 'America/New_York', hours: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })) });

    // A team policy: the conversation moves to the team, the sweep follows it.
    const team = await client.post('/v1/teams', { name: 'Billing' });
    expect(team.statusCode).toBe(201);
    const teamPolicy = await client.post('/v1/sla-policies', { name: 'Billing', teamId: team.json().id, firstResponseMinutes: 120, nextResponseMinutes: null, resolutionMinutes: null });
    expect(teamPolicy.json()).toMatchObject({ team: { id: team.json().id, name: 'Billing' }, firstResponseMinutes: 120 });
    expect((await client.post(`/v1/conversations/${id}/assign`, { teamId: team.json().id })).statusCode).toBe(200);
    await sweep();
    const sla = (await client.get(`/v1/conversations/${id}/sla`)).json();
    expect(sla.policy).toEqual({ id: teamPolicy.json().id, name: 'Billing' });
    expect(sla.targets.find((x: Target) => x.kind === 'first_response')).toMatchObject({ status: 'active', dueAt: Z('2026-12-08T16:00:00Z') });
    expect(sla.targets.find((x: Target) => x.kind === 'resolution')).toMatchObject({ status: 'stopped' }); // the team's policy has none
  });

  it('reports % met per day, agent and team, and refuses bad settings', async () => {
    const { client, userId, number } = await account({ hours: false, policy: { firstResponseMinutes: 10, nextResponseMinutes: null, resolutionMinutes: 60 } });
    at('2026-12-09T15:00:00Z');
    const a = await text(client, number, '+1 212 555 0111', 'A');
    const b = await text(client, number, '+1 212 555 0112', 'B');
    const c = await text(client, number, '+1 212 555 0113', 'C');
    expect((await client.post(`/v1/conversations/${a}/assign`, { userId })).statusCode).toBe(200);
    const billing = (await client.post('/v1/teams', { name: 'Billing' })).json();
    expect((await client.post(`/v1/conversations/${b}/assign`, { teamId: billing.id })).statusCode).toBe(200);
    at('2026-12-09T15:02:00Z');
    await close(client, c); // first response stopped (not counted), resolution met
    at('2026-12-09T15:05:00Z');
    await reply(client, a); // met
    at('2026-12-09T15:20:00Z');
    await reply(client, b); // late
    at('2026-12-09T15:30:00Z');
    await close(client, a); // met
    at('2026-12-09T17:00:00Z');
    await close(client, b); // late

    const day = (await client.get('/v1/reports/sla?from=2026-12-09T00:00:00Z&to=2026-12-10T00:00:00Z&groupBy=day')).json();
    expect(day.timeZone).toBe('America/Los_Angeles'); // the account's (no business hours set)
    expect(day.totals).toMatchObject({ total: 5, met: 3, breached: 2, percentMet: 60 });
    expect(day.rows).toEqual([expect.objectContaining({
      key: '2026-12-09', label: '2026-12-09', total: 5, met: 3, percentMet: 60,
      byKind: { first_response: { total: 2, met: 1 }, next_response: { total: 0, met: 0 }, resolution: { total: 3, met: 2 } },
    })]);
    const agents = (await client.get('/v1/reports/sla?from=2026-12-09T00:00:00Z&to=2026-12-10T00:00:00Z&groupBy=agent')).json();
    expect(agents.rows.map((r: { key: string | null; label: string; total: number; met: number; percentMet: number }) => [r.key, r.label, r.total, r.met, r.percentMet]))
      .toEqual([[null, 'Unassigned', 3, 1, 33.3], [userId, 'Ada Owner', 2, 2, 100]]);
    // Per team: B's two targets (both late) under Billing, the rest under no team.
    const teams = (await client.get('/v1/reports/sla?from=2026-12-09T00:00:00Z&to=2026-12-10T00:00:00Z&groupBy=team')).json();
    expect(teams.rows.map((r: { key: string | null; label: string; total: number; met: number; percentMet: number }) => [r.key, r.label, r.total, r.met, r.percentMet]))
      .toEqual([[null, 'No team', 3, 3, 100], [billing.id, 'Billing', 2, 0, 0]]);
    expect(teams.totals).toMatchObject({ total: 5, met: 3, percentMet: 60 });
    // Another period: nothing.
    expect((await client.get('/v1/reports/sla?from=2026-12-10T00:00:00Z&to=2026-12-11T00:00:00Z&groupBy=team')).json()).toMatchObject({ rows: [], totals: { total: 0, percentMet: null } });
    expect((await client.get('/v1/reports/sla?from=2026-12-10T00:00:00Z&to=2026-12-09T00:00:00Z')).statusCode).toBe(400);

    // Bad settings change nothing.
    expect((await client.post('/v1/sla-policies', { name: 'Second default', firstResponseMinutes: 5, nextResponseMinutes: null, resolutionMinutes: null })).statusCode).toBe(409);
    expect((await client.post('/v1/sla-policies', { name: 'Empty', teamId: null, firstResponseMinutes: null, nextResponseMinutes: null, resolutionMinutes: null })).statusCode).toBe(422);
    expect((await client.post('/v1/sla-policies', { name: 'Ghost team', teamId: 'team_nope', firstResponseMinutes: 5, nextResponseMinutes: null, resolutionMinutes: null })).json().error.code).toBe('unknown_team');
    expect((await put(client, '/v1/business-hours', { timeZone: 'Mars/Olympus', hours: [] })).json().error.code).toBe('invalid_time_zone');
    expect((await put(client, '/v1/business-hours', { timeZone: null, hours: [{ day: 1, start: '17:00', end: '09:00' }] })).json().error.code).toBe('invalid_hours');
    expect((await client.get('/v1/business-hours')).json()).toEqual({ timeZone: null, effectiveTimeZone: 'America/Los_Angeles', hours: [] });
    expect((await client.get('/v1/sla-policies')).json().data).toHaveLength(1);
  });
}, {}, { simulator: true });
