import { expect, it } from 'vitest';
import { reassignOverdue } from '../src/modules/conversations/assignment.service.js';
import { fromPublicId } from '../src/lib/ids.js';
import { describeEachDb } from './harness.js';
import { Client, STRONG_PASSWORD, lastEmailTo, signUp, tokenFrom } from './factories.js';

interface Conv { id: string; assignee: { id: string; name: string } | null; team: { id: string; name: string } | null }

describeEachDb('assignment', (use) => {
  let phoneSeq = 0;
  const nextPhone = () => `+1 212 555 ${1000 + phoneSeq++}`; // each test has accounts of its own: distinct within an account

  async function invite(owner: Client, role: string, name: string) {
    const { app, config } = use();
    const email = `${name.toLowerCase()}-${Math.random().toString(36).slice(2)}@example.com`;
    expect((await owner.post('/v1/invitations', { email, role })).statusCode).toBe(201);
    const token = tokenFrom((await lastEmailTo(app, email, config.operatorToken)).text);
    const mate = new Client(use().app);
    const accepted = await mate.post('/v1/invitations/accept', { token, name, phone: '+44 20 7946 0958', password: STRONG_PASSWORD });
    expect(accepted.statusCode).toBe(201);
    return { client: mate, id: accepted.json().user.id as string };
  }

  /** An account with an owner (set offline: not in round-robin unless a test says so), agents, a viewer and a number. */
  async function account(agents = 2) {
    const owner = await signUp(use().app);
    const team = [];
    for (let i = 0; i < agents; i++) team.push(await invite(owner.client, 'agent', `Agent${String.fromCharCode(65 + i)}`));
    const viewer = await invite(owner.client, 'viewer', 'Vera');
    const number = (await owner.client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    expect((await owner.client.request('PUT', '/v1/me/availability', { availability: 'offline' })).json().availability).toBe('offline');
    const text = async (body = 'Hello, I need help', from = nextPhone()) => {
      const r = await owner.client.post('/v1/simulator/inbound', { from, to: number.phoneNumber, body });
      expect(r.statusCode).toBeLessThan(300);
      return r.json().conversationId as string;
    };
    const conv = async (id: string) => (await owner.client.get(`/v1/conversations/${id}`)).json() as Conv;
    return { owner, agents: team, viewer, number, text, conv };
  }

  const auditOf = async (owner: Client, action: string) =>
    (await owner.get(`/v1/audit-events?action=${action}&limit=200`)).json().data as Array<{ action: string; actor: { type: string }; target: { id: string }; details: Record<string, unknown> }>;

  it('assigns by hand: agents to themselves and others, to teams, un-assigns; refuses viewers, non-members, other accounts; audited with outbox events', async () => {
    const env = use();
    const { owner, agents: [a, b], viewer, text, conv } = await account();
    const other = await signUp(env.app);
    const otherTeam = (await other.client.post('/v1/teams', { name: 'Theirs' })).json();
    const c = await text();
    expect((await conv(c)).assignee).toBeNull(); // automatic assignment is off by default

    const assign = (who: Client, body: unknown) => who.post(`/v1/conversations/${c}/assign`, body);
    expect((await assign(viewer.client, { userId: a.id })).statusCode).toBe(403);
    for (const [body, code] of [
      [{ userId: viewer.id }, 'not_an_agent'], [{ userId: other.userId }, 'not_an_agent'], [{ userId: 'usr_nonsense' }, 'not_an_agent'],
      [{ teamId: otherTeam.id }, 'team_not_found'], [{ teamId: 'team_01h0000000000000000000000' }, 'team_not_found'],
    ] as const) {
      const r = await assign(a.client, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(422);
      expect(r.json().error.code).toBe(code);
    }
    expect((await assign(a.client, { userId: a.id, extra: 1 })).json().error.code).toBe('validation_failed');
    expect((await other.client.post(`/v1/conversations/${c}/assign`, { userId: other.userId })).statusCode).toBe(404);

    const self = await assign(a.client, { userId: a.id });
    expect(self.statusCode).toBe(200);
    expect(self.json().assignee).toMatchObject({ id: a.id, name: 'AgentA' });
    expect((await a.client.get('/v1/conversations?assignee=me')).json().data.map((x: Conv) => x.id)).toEqual([c]);
    expect((await b.client.get('/v1/conversations?assignee=me')).json().data).toEqual([]);
    expect((await a.client.get('/v1/conversations?assignee=none')).json().data).toEqual([]);

    const billing = (await owner.client.post('/v1/teams', { name: 'Billing', memberIds: [b.id] })).json();
    const notInTeam = await assign(a.client, { userId: a.id, teamId: billing.id });
    expect(notInTeam.json().error.code).toBe('not_in_team');
    expect((await assign(a.client, { userId: b.id, teamId: billing.id })).json()).toMatchObject({ assignee: { id: b.id }, team: { id: billing.id, name: 'Billing' } });
    expect((await b.client.get(`/v1/conversations?assignee=me&team=${billing.id}`)).json().data.map((x: Conv) => x.id)).toEqual([c]);
    expect((await assign(b.client, { teamId: billing.id })).json()).toMatchObject({ assignee: null, team: { id: billing.id } }); // team without auto-assign: nobody named
    const none = await assign(b.client, {});
    expect(none.json()).toMatchObject({ assignee: null, team: null });
    expect((await a.client.get('/v1/conversations?assignee=none')).json().data.map((x: Conv) => x.id)).toEqual([c]);

    const cid = fromPublicId('conversation', c)!;
    const trail = (await auditOf(owner.client, 'conversation.')).filter((e) => e.target?.id === c).reverse();
    expect(trail.map((e) => [e.action, e.details.userId, e.details.teamId, e.details.reason])).toEqual([
      ['conversation.assigned', a.id, null, 'manual'],
      ['conversation.assigned', b.id, billing.id, 'manual'],
      ['conversation.assigned', null, billing.id, 'manual'],
      ['conversation.unassigned', null, null, 'manual'],
    ]);
    expect(trail[1].details.previousUserId).toBe(a.id);
    const events = (await env.ctx.database.query<{ payload: { conversationId: string; assigneeUserId: string | null } }>(
      `select payload from outbox where type = 'conversation.assigned' and subject_id = $1 order by id`, [cid])).rows;
    expect(events.map((e) => e.payload.conversationId)).toEqual([cid, cid, cid, cid]);
    expect(events.map((e) => e.payload.assigneeUserId)).toEqual([fromPublicId('user', a.id), fromPublicId('user', b.id), null, null]);
  }, 120_000); // a loaded machine: several sign-ups and invitations per test

  it('manages teams: members must be agents of the account, names unique, admins only; deleting a team keeps the assignee', async () => {
    const env = use();
    const { owner, agents: [a, b], viewer, text } = await account();
    const other = await signUp(env.app);
    const create = (body: unknown, who = owner.client) => who.post('/v1/teams', body);
    expect((await create({ name: 'Support' }, a.client)).statusCode).toBe(403);
    expect((await create({ name: 'Support', memberIds: [viewer.id] })).json().error).toMatchObject({ code: 'not_an_agent', details: { field: 'memberIds.0' } });
    expect((await create({ name: 'Support', memberIds: [a.id, other.userId] })).json().error).toMatchObject({ code: 'not_an_agent', details: { field: 'memberIds.1' } });
    expect((await create({ name: '   ' })).json().error.code).toBe('validation_failed');
    const t = await create({ name: 'Support', memberIds: [a.id, a.id], autoAssign: true });
    expect(t.statusCode).toBe(201);
    expect(t.json()).toMatchObject({ name: 'Support', autoAssign: true, members: [{ id: a.id, name: 'AgentA' }] });
    expect((await create({ name: 'support' })).json().error.code).toBe('team_name_taken');
    expect((await other.client.get(`/v1/teams/${t.json().id}`)).statusCode).toBe(404);
    expect((await other.client.patch(`/v1/teams/${t.json().id}`, { name: 'Mine' })).statusCode).toBe(404);
    const patched = (await owner.client.patch(`/v1/teams/${t.json().id}`, { name: 'Front desk', memberIds: [b.id, a.id] })).json();
    expect(patched).toMatchObject({ name: 'Front desk', autoAssign: true });
    expect(patched.members.map((m: { id: string }) => m.id).sort()).toEqual([a.id, b.id].sort());
    expect((await viewer.client.get('/v1/teams')).json().data.map((x: { name: string }) => x.name)).toEqual(['Front desk']);

    // A team that assigns automatically gives a conversation sent to it to its next available member.
    expect((await b.client.request('PUT', '/v1/me/availability', { availability: 'away' })).statusCode).toBe(200);
    const c = await text();
    expect((await a.client.post(`/v1/conversations/${c}/assign`, { teamId: t.json().id })).json()).toMatchObject({ assignee: { id: a.id }, team: { id: t.json().id } });
    const audit = (await auditOf(owner.client, 'team.')).map((e) => e.action);
    expect(audit).toEqual(['team.updated', 'team.created']);
    expect((await owner.client.delete(`/v1/teams/${t.json().id}`)).statusCode).toBe(204);
    expect((await owner.client.get(`/v1/conversations/${c}`)).json()).toMatchObject({ assignee: { id: a.id }, team: null });
    expect((await owner.client.get('/v1/teams')).json().data).toEqual([]);
  }, 120_000); // a loaded machine: several sign-ups and invitations per test

  it('round-robin: online agents under capacity, least recently assigned first; away, offline and full agents are skipped; keywords are not assigned', async () => {
    const { owner, agents: [a, b], viewer, text, conv } = await account();
    expect((await a.client.patch('/v1/inbox/settings', { autoAssign: true })).statusCode).toBe(403);
    expect((await owner.client.patch('/v1/inbox/settings', { autoAssign: true })).json()).toEqual({ autoAssign: true, reassignAfterMinutes: null });
    expect((await owner.client.patch(`/v1/agents/${a.id}`, { capacity: 2 })).json()).toMatchObject({ userId: a.id, capacity: 2, availability: 'online' });
    expect((await owner.client.patch(`/v1/agents/${viewer.id}`, { capacity: 2 })).json().error.code).toBe('not_an_agent');
    expect((await viewer.client.request('PUT', '/v1/me/availability', { availability: 'online' })).statusCode).toBe(403);
    expect((await a.client.request('PUT', '/v1/me/availability', { availability: 'busy' })).json().error.code).toBe('validation_failed');

    const got: string[] = [];
    for (let i = 0; i < 5; i++) got.push((await conv(await text())).assignee?.id ?? 'nobody');
    // Alternating while both have room (fairness), then only B (A is at capacity 2).
    expect(got[0]).not.toBe(got[1]);
    expect(got.slice(0, 4)).toEqual([got[0], got[1], got[0], got[1]]);
    expect(got.filter((x) => x === a.id)).toHaveLength(2);
    expect(got.filter((x) => x === b.id)).toHaveLength(3);
    const load = (await owner.client.get('/v1/agents')).json().data as Array<{ userId: string; openCount: number; availability: string }>;
    expect(Object.fromEntries(load.map((x) => [x.userId, [x.openCount, x.availability]]))).toEqual({ [owner.userId]: [0, 'offline'], [a.id]: [2, 'online'], [b.id]: [3, 'online'] });

    expect((await b.client.request('PUT', '/v1/me/availability', { availability: 'away' })).json().availability).toBe('away');
    expect((await conv(await text())).assignee).toBeNull(); // A full, B away, owner offline
    expect((await conv(await text('STOP'))).assignee).toBeNull(); // a keyword answers itself
    // Closing one of A's frees a slot.
    const aOpen = (await a.client.get('/v1/conversations?assignee=me')).json().data as Conv[];
    await a.client.patch(`/v1/conversations/${aOpen[0].id}`, { status: 'closed' });
    expect((await conv(await text())).assignee?.id).toBe(a.id);
    // A text in an assigned conversation does not move it.
    const again = await owner.client.post('/v1/simulator/inbound', { from: (await conv(aOpen[1].id) as unknown as { contact: { phone: string } }).contact.phone, to: (await owner.client.get('/v1/numbers')).json().data[0].phoneNumber, body: 'still there?' });
    expect(again.json().conversationId).toBe(aOpen[1].id);
    expect((await conv(aOpen[1].id)).assignee?.id).toBe(a.id);
    const rr = (await auditOf(owner.client, 'conversation.assigned')).filter((e) => e.details.reason === 'round_robin');
    expect(rr).toHaveLength(6);
    expect(rr.every((e) => e.actor.type === 'system')).toBe(true);
  }, 120_000); // a loaded machine: several sign-ups and invitations per test

  it('concurrent openings never put an agent over capacity', async () => {
    const { owner, agents, number } = await account(3);
    await owner.client.patch('/v1/inbox/settings', { autoAssign: true });
    for (const a of agents) await owner.client.patch(`/v1/agents/${a.id}`, { capacity: 2 });
    const phones = Array.from({ length: 12 }, () => nextPhone());
    const results = await Promise.all(phones.map((from) => owner.client.post('/v1/simulator/inbound', { from, to: number.phoneNumber, body: 'hi there' })));
    expect(results.map((r) => r.statusCode).filter((s) => s >= 300)).toEqual([]);
    const load = (await owner.client.get('/v1/agents')).json().data as Array<{ userId: string; openCount: number }>;
    expect(load.filter((x) => x.userId !== owner.userId).map((x) => x.openCount)).toEqual([2, 2, 2]);
    expect((await owner.client.get('/v1/conversations?assignee=none&limit=50')).json().data).toHaveLength(6);
  }, 120_000); // a loaded machine: several sign-ups and invitations per test

  it('reassigns after N minutes without an answer (controlled clock), never back to the same agent; a reply stops the timer', async () => {
    const env = use();
    const { owner, agents: [a, b], text, conv } = await account();
    await owner.client.patch('/v1/inbox/settings', { autoAssign: true, reassignAfterMinutes: 10 });
    expect((await owner.client.patch('/v1/inbox/settings', { reassignAfterMinutes: 0 })).json().error.code).toBe('validation_failed');
    const realNow = env.ctx.now;
    const at = (minutes: number) => { const t = realNow().getTime() + minutes * 60_000; env.ctx.now = () => new Date(t); };
    try {
      const c1 = await text();
      const first = (await conv(c1)).assignee!.id;
      const c2 = await text();
      expect((await conv(c2)).assignee!.id).not.toBe(first);
      // c2's assignee answers: its timer stops.
      const c2Agent = (await conv(c2)).assignee!.id === a.id ? a : b;
      expect((await c2Agent.client.post(`/v1/conversations/${c2}/messages`, { body: 'On it!' })).statusCode).toBe(201);

      at(9);
      expect(await reassignOverdue(env.ctx)).toBe(0);
      at(11);
      expect(await reassignOverdue(env.ctx)).toBe(1);
      const moved = (await conv(c1)).assignee!.id;
      expect(moved).not.toBe(first);
      expect((await conv(c2)).assignee!.id).toBe(c2Agent.id);
      expect(await reassignOverdue(env.ctx)).toBe(0); // the new assignee has their own 10 minutes
      // Only the agent who did not answer is available: it stays with the current one (never back).
      const other = moved === a.id ? b : a;
      await (moved === a.id ? a : b).client.request('PUT', '/v1/me/availability', { availability: 'away' });
      at(30);
      expect(await reassignOverdue(env.ctx)).toBe(1);
      expect((await conv(c1)).assignee!.id).toBe(other.id);
      at(50);
      expect(await reassignOverdue(env.ctx)).toBe(0); // the only other agent is away
      expect((await conv(c1)).assignee!.id).toBe(other.id);
      const trail = (await auditOf(owner.client, 'conversation.assigned')).filter((e) => e.details.reason === 'no_reply');
      expect(trail.map((e) => [e.target.id, e.details.previousUserId, e.details.userId, e.details.afterMinutes, e.actor.type])).toEqual([
        [c1, moved, other.id, 10, 'system'],
        [c1, first, moved, 10, 'system'],
      ]);
    } finally {
      env.ctx.now = realNow;
    }
    // Off: nothing moves however long the customer waits.
    await owner.client.patch('/v1/inbox/settings', { reassignAfterMinutes: null });
    env.ctx.now = () => new Date(realNow().getTime() + 600 * 60_000);
    try {
      expect(await reassignOverdue(env.ctx)).toBe(0);
    } finally {
      env.ctx.now = realNow;
    }
  }, 120_000); // a loaded machine: several sign-ups and invitations per test

  it('removing a member from the account un-assigns their conversations (or hands them to the next agent) and takes them out of teams', async () => {
    const { owner, agents: [a, b], text, conv } = await account();
    const t = (await owner.client.post('/v1/teams', { name: 'Sales', memberIds: [a.id, b.id] })).json();
    const c1 = await text();
    const c2 = await text();
    await a.client.post(`/v1/conversations/${c1}/assign`, { userId: a.id });
    await a.client.post(`/v1/conversations/${c2}/assign`, { userId: a.id, teamId: t.id });
    await owner.client.patch(`/v1/teams/${t.id}`, { autoAssign: true });
    expect((await owner.client.delete(`/v1/members/${a.id}`)).statusCode).toBe(204);
    expect((await conv(c1)).assignee).toBeNull(); // the account does not assign automatically
    expect(await conv(c2)).toMatchObject({ assignee: { id: b.id }, team: { id: t.id } }); // its team does
    expect((await owner.client.get(`/v1/teams/${t.id}`)).json().members.map((m: { id: string }) => m.id)).toEqual([b.id]);
    const trail = (await auditOf(owner.client, 'conversation.')).filter((e) => e.details.reason === 'member_removed');
    expect(trail.map((e) => [e.action, e.target.id, e.details.userId]).sort()).toEqual([
      ['conversation.assigned', c2, b.id], ['conversation.unassigned', c1, null],
    ].sort());
  }, 120_000); // a loaded machine: several sign-ups and invitations per test

  it('demoting an agent to viewer releases their conversations and takes them out of teams, as removal does', async () => {
    const { owner, agents: [a, b], text, conv } = await account();
    const t = (await owner.client.post('/v1/teams', { name: 'Support', memberIds: [a.id, b.id] })).json();
    const c1 = await text();
    const c2 = await text();
    await a.client.post(`/v1/conversations/${c1}/assign`, { userId: a.id });
    await a.client.post(`/v1/conversations/${c2}/assign`, { userId: a.id, teamId: t.id });
    await owner.client.patch(`/v1/teams/${t.id}`, { autoAssign: true });
    expect((await owner.client.patch(`/v1/members/${a.id}`, { role: 'viewer' })).statusCode).toBe(200);
    expect((await conv(c1)).assignee).toBeNull();
    expect(await conv(c2)).toMatchObject({ assignee: { id: b.id }, team: { id: t.id } });
    expect((await owner.client.get(`/v1/teams/${t.id}`)).json().members.map((m: { id: string }) => m.id)).toEqual([b.id]);
    const trail = (await auditOf(owner.client, 'conversation.')).filter((e) => e.details.reason === 'member_demoted');
    expect(trail.map((e) => [e.action, e.target.id]).sort()).toEqual([['conversation.assigned', c2], ['conversation.unassigned', c1]].sort());
    // Promoted back to agent: nothing is handed back by itself, and an admin can assign again.
    expect((await owner.client.patch(`/v1/members/${a.id}`, { role: 'agent' })).statusCode).toBe(200);
    expect((await owner.client.post(`/v1/conversations/${c1}/assign`, { userId: a.id })).statusCode).toBe(200);
  }, 120_000);
}, {}, { simulator: true });
