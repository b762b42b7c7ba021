import http from 'node:http';
import { beforeEach, expect, it } from 'vitest';
import { wakeDueSnoozes } from '../src/modules/conversations/inbox-live.service.js';
import { streamInbox, visibleConversations } from '../src/modules/conversations/inbox-stream.service.js';
import type { EventSink } from '../src/http/sse.js';
import { fromPublicId } from '../src/lib/ids.js';
import { describeEachDb, type TestEnv } from './harness.js';
import { Client, STRONG_PASSWORD, lastEmailTo, signUp, tokenFrom } from './factories.js';

const HOUR = 3_600_000;
/** Bound for stream waits: on a PostgreSQL server shared with other databases, the outbox horizon waits for their transactions too. */
const STREAM_WAIT_MS = 30_000;

describeEachDb('inbox states, unread, presence and the account stream', (use) => {
  beforeEach(async () => {
    await use().sim.settings({ latencyMs: 0 });
  });

  let phoneSeq = 100;
  async function setup() {
    const owner = await signUp(use().app);
    const number = (await owner.client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    const phone = `+1 212 555 0${phoneSeq++}`;
    const text = async (body: string) => {
      const r = await owner.client.post('/v1/simulator/inbound', { from: phone, to: number.phoneNumber, body });
      expect(r.statusCode).toBeLessThan(300);
      return r.json().conversationId as string;
    };
    const conversationId = await text('Hello?');
    return { owner, number, text, conversationId };
  }

  async function invite(owner: Client, role: string) {
    const { app, config } = use();
    const email = `mate-${Math.random().toString(36).slice(2)}@example.com`;
    expect((await owner.post('/v1/invitations', { email, role })).statusCode).toBe(201);
    const token = tokenFrom((await lastEmailTo(app, email, config.operatorToken)).text);
    const mate = new Client(app);
    const accepted = await mate.post('/v1/invitations/accept', { token, name: 'Ana Agent', phone: '+44 20 7946 0958', password: STRONG_PASSWORD });
    expect(accepted.statusCode).toBe(201);
    return { client: mate, userId: accepted.json().user.id as string };
  }

  /** The account's outbox events of a type (read directly: the horizon of a shared PostgreSQL server may lag behind other databases' transactions). */
  async function eventsOf(env: TestEnv, accountId: string, type: string) {
    const internal = fromPublicId('account', accountId) ?? accountId;
    const { rows } = await env.ctx.database.query<{ payload: Record<string, unknown> }>('select payload from outbox where account_id = $1 and type = $2 order by id', [internal, type]);
    return rows;
  }

  async function withClock<T>(env: TestEnv, at: Date, work: () => Promise<T>): Promise<T> {
    const real = env.ctx.now;
    env.ctx.now = () => at;
    try { return await work(); } finally { env.ctx.now = real; }
  }

  it('snoozes until a time: the wake-up job opens it at that time with an event, not before', async () => {
    const env = use();
    const { owner, conversationId } = await setup();
    const c = owner.client;
    const until = new Date(Date.now() + 2 * HOUR);
    const snoozed = await c.patch(`/v1/conversations/${conversationId}`, { status: 'snoozed', snoozedUntil: until.toISOString() });
    expect(snoozed.statusCode).toBe(200);
    expect(snoozed.json()).toMatchObject({ status: 'snoozed', snoozedUntil: until.toISOString() });
    expect((await c.get('/v1/conversations')).json().data).toEqual([]);
    expect((await c.get('/v1/conversations?state=snoozed')).json().data.map((x: { id: string }) => x.id)).toEqual([conversationId]);
    expect((await c.get('/v1/conversations/counts')).json()).toMatchObject({ open: 0, snoozed: 1 });

    // A minute before: nothing wakes.
    await withClock(env, new Date(until.getTime() - 60_000), () => wakeDueSnoozes(env.ctx));
    expect((await c.get(`/v1/conversations/${conversationId}`)).json().status).toBe('snoozed');
    // At the time: it opens, once, with a conversation.updated event saying why.
    expect(await withClock(env, new Date(until.getTime() + 1000), () => wakeDueSnoozes(env.ctx))).toBeGreaterThanOrEqual(1);
    const woke = (await c.get(`/v1/conversations/${conversationId}`)).json();
    expect(woke).toMatchObject({ status: 'open', snoozedUntil: null });
    const events = (await eventsOf(env, owner.accountId, 'conversation.updated')).filter((e) => e.payload.reason === 'snooze_ended');
    expect(events).toHaveLength(1);
    expect(events[0].payload).toMatchObject({ status: 'open', previousStatus: 'snoozed', snoozedUntil: until.toISOString() });
    // Idempotent: running again changes nothing and writes nothing.
    await withClock(env, new Date(until.getTime() + 5000), () => wakeDueSnoozes(env.ctx));
    expect((await eventsOf(env, owner.accountId, 'conversation.updated')).filter((e) => e.payload.reason === 'snooze_ended')).toHaveLength(1);
  });

  it('snoozes until the customer replies, marks pending; an inbound text wakes both into the same conversation', async () => {
    const env = use();
    const { owner, text, conversationId } = await setup();
    const c = owner.client;
    const internalId = fromPublicId('conversation', conversationId);
    const woken = async () => (await eventsOf(env, owner.accountId, 'conversation.updated')).filter((e) => e.payload.reason === 'customer_replied');
    expect((await c.patch(`/v1/conversations/${conversationId}`, { status: 'snoozed' })).json()).toMatchObject({ status: 'snoozed', snoozedUntil: null });
    expect(await text('Any news?')).toBe(conversationId); // not a new conversation: one not closed per contact and number
    expect((await c.get(`/v1/conversations/${conversationId}`)).json()).toMatchObject({ status: 'open', needsReply: true });
    // The wake is a status change like any other: webhooks and streams learn it from a conversation.updated event.
    expect((await woken()).map((e) => e.payload)).toEqual([{ conversationId: internalId, status: 'open', previousStatus: 'snoozed', snoozedUntil: null, reason: 'customer_replied' }]);
    // A text to a conversation already open changes no status: no event.
    await text('Hello again');
    expect(await woken()).toHaveLength(1);

    expect((await c.patch(`/v1/conversations/${conversationId}`, { status: 'pending' })).json().status).toBe('pending');
    expect((await c.get('/v1/conversations/counts')).json()).toMatchObject({ open: 0, pending: 1 });
    // A reply while pending is allowed and keeps it pending.
    expect((await c.post(`/v1/conversations/${conversationId}/messages`, { body: 'Checking with the warehouse' })).statusCode).toBe(201);
    expect((await c.get(`/v1/conversations/${conversationId}`)).json()).toMatchObject({ status: 'pending', needsReply: false });
    expect(await text('Thanks')).toBe(conversationId);
    expect((await c.get(`/v1/conversations/${conversationId}`)).json()).toMatchObject({ status: 'open', needsReply: true });
    expect((await woken()).map((e) => e.payload.previousStatus)).toEqual(['snoozed', 'pending']);
  });

  it('refuses bad snoozes; closes, reopens, and keeps one conversation not closed per contact and number', async () => {
    const { owner, text, conversationId } = await setup();
    const c = owner.client;
    const past = await c.patch(`/v1/conversations/${conversationId}`, { status: 'snoozed', snoozedUntil: new Date(Date.now() - 60_000).toISOString() });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.code).toBe('invalid_snooze');
    const far = await c.patch(`/v1/conversations/${conversationId}`, { status: 'snoozed', snoozedUntil: new Date(Date.now() + 400 * 24 * HOUR).toISOString() });
    expect(far.json().error.code).toBe('invalid_snooze');
    const mismatched = await c.patch(`/v1/conversations/${conversationId}`, { status: 'open', snoozedUntil: new Date(Date.now() + HOUR).toISOString() });
    expect(mismatched.json().error.code).toBe('snooze_without_snoozed');
    expect((await c.patch(`/v1/conversations/${conversationId}`, { status: 'bogus' })).statusCode).toBe(422);
    expect((await c.get(`/v1/conversations/${conversationId}`)).json().status).toBe('open'); // nothing changed

    expect((await c.patch(`/v1/conversations/${conversationId}`, { status: 'closed' })).json().status).toBe('closed');
    expect((await c.patch(`/v1/conversations/${conversationId}`, { status: 'open' })).json().status).toBe('open');
    expect((await c.patch(`/v1/conversations/${conversationId}`, { status: 'closed' })).json().status).toBe('closed');
    // A new text opens a second conversation; snooze it: the closed one still cannot be reopened (snoozed is not closed).
    const second = await text('New question');
    expect(second).not.toBe(conversationId);
    await c.patch(`/v1/conversations/${second}`, { status: 'snoozed' });
    for (const status of ['open', 'pending', 'snoozed']) {
      const r = await c.patch(`/v1/conversations/${conversationId}`, { status });
      expect(r.statusCode).toBe(409);
      expect(r.json().error).toMatchObject({ code: 'conversation_already_open', details: { id: second } });
    }
    const audit = (await c.get('/v1/audit-events?limit=50')).json();
    const actions = (audit.data ?? []).map((a: { action: string }) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['conversation.closed', 'conversation.reopened', 'conversation.snoozed']));
  });

  it('keeps unread per person: texts make it unread for everyone, opening it reads it for me only; counts follow', async () => {
    const env = use();
    const { owner, text, conversationId } = await setup();
    const agent = await invite(owner.client, 'agent');
    const unreadOf = async (cl: Client) => (await cl.get(`/v1/conversations/${conversationId}`)).json().unread;
    expect(await unreadOf(owner.client)).toBe(true);
    expect(await unreadOf(agent.client)).toBe(true);
    expect((await owner.client.get('/v1/conversations/counts')).json()).toMatchObject({ open: 1, unread: 1, needsReply: 1, unassigned: 1, mine: 0 });

    const read = await owner.client.post(`/v1/conversations/${conversationId}/read`, {});
    expect(read.json()).toEqual({ id: conversationId, unread: false });
    expect(await unreadOf(owner.client)).toBe(false);
    expect(await unreadOf(agent.client)).toBe(true);
    expect((await owner.client.get('/v1/conversations/counts')).json().unread).toBe(0);
    expect((await agent.client.get('/v1/conversations/counts')).json().unread).toBe(1);
    expect((await owner.client.get('/v1/conversations?unread=true')).json().data).toEqual([]);
    expect((await agent.client.get('/v1/conversations?unread=true')).json().data.map((x: { id: string }) => x.id)).toEqual([conversationId]);
    expect((await owner.client.get('/v1/conversations?unread=false')).json().data.map((x: { id: string; unread: boolean }) => [x.id, x.unread])).toEqual([[conversationId, false]]);

    // A new text: unread again; marking unread by hand sticks until opened again.
    await text('Still there?');
    expect(await unreadOf(owner.client)).toBe(true);
    await owner.client.post(`/v1/conversations/${conversationId}/read`, {});
    expect((await owner.client.post(`/v1/conversations/${conversationId}/read`, { unread: true })).json().unread).toBe(true);
    expect(await unreadOf(owner.client)).toBe(true);
    await owner.client.post(`/v1/conversations/${conversationId}/read`, {});
    expect(await unreadOf(owner.client)).toBe(false);

    // An API key acts for its member: what it marks is theirs. Another account cannot reach the conversation.
    const key = (await owner.client.post('/v1/api-keys', { name: 'k' })).json();
    const keyed = await env.app.inject({ method: 'POST', url: `/v1/conversations/${conversationId}/read`, headers: { authorization: `Bearer ${key.key}` }, payload: { unread: true } });
    expect(keyed.json()).toEqual({ id: conversationId, unread: true });
    expect(await unreadOf(owner.client)).toBe(true);
    expect(await unreadOf(agent.client)).toBe(true);
    const other = await signUp(env.app);
    expect((await other.client.post(`/v1/conversations/${conversationId}/read`, {})).statusCode).toBe(404);
    expect((await other.client.post(`/v1/conversations/${conversationId}/presence`, { state: 'viewing' })).statusCode).toBe(404);
    expect((await owner.client.post(`/v1/conversations/${conversationId}/presence`, { state: 'dancing' })).statusCode).toBe(422);
  });

  it('shows who is viewing or typing, expires stale heartbeats, and forgets who left', async () => {
    const env = use();
    const { owner, conversationId } = await setup();
    const agent = await invite(owner.client, 'agent');
    const path = `/v1/conversations/${conversationId}/presence`;
    expect((await agent.client.post(path, { state: 'viewing' })).json().data).toEqual([
      expect.objectContaining({ conversationId, userId: agent.userId, name: 'Ana Agent', state: 'viewing' }),
    ]);
    await owner.client.post(path, { state: 'typing' });
    const both = (await agent.client.get(path)).json().data.map((p: { userId: string; state: string }) => [p.userId, p.state]).sort();
    expect(both).toEqual([[agent.userId, 'viewing'], [owner.userId, 'typing']].sort());
    // Typing ends soon after the last beat; viewing a little later.
    const at = (ms: number) => withClock(env, new Date(Date.now() + ms), async () => (await agent.client.get(path)).json().data.map((p: { userId: string }) => p.userId));
    expect(await at(8_000)).toEqual([agent.userId]);
    expect(await at(20_000)).toEqual([]);
    await agent.client.post(path, { state: 'viewing' });
    await agent.client.post(path, { state: 'left' });
    expect((await owner.client.get(path)).json().data.map((p: { userId: string }) => p.userId)).toEqual([owner.userId]);
  });

  it('keeps a partner grant\'s stream to its numbers and teams (the same restriction as the list)', async () => {
    const env = use();
    const { owner, number, conversationId } = await setup();
    const other = (await owner.client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    const outside = (await owner.client.post('/v1/simulator/inbound', { from: '+1 212 555 0999', to: other.phoneNumber, body: 'Hi' })).json().conversationId as string;
    const accountId = fromPublicId('account', owner.accountId)!;
    const inside = fromPublicId('conversation', conversationId)!;
    const outsideId = fromPublicId('conversation', outside)!;
    const grantNumbers = [fromPublicId('number', number.id)!];
    expect([...(await visibleConversations(env.ctx, accountId, null, [inside, outsideId]))].sort()).toEqual([inside, outsideId].sort());
    expect([...(await visibleConversations(env.ctx, accountId, { numberIds: grantNumbers, teamIds: null }, [inside, outsideId]))]).toEqual([inside]);
    // A team restriction: conversations without one of the grant's teams are not visible.
    expect([...(await visibleConversations(env.ctx, accountId, { numberIds: null, teamIds: [accountId] }, [inside, outsideId]))]).toEqual([]);

    const sent: Array<{ type: string; data: Record<string, unknown> }> = [];
    let open = true;
    const sink: EventSink = { get open() { return open; }, send: (_id, type, data) => void sent.push({ type, data: data as Record<string, unknown> }), end: () => { open = false; } };
    const viewer = { accountId, userId: fromPublicId('user', owner.userId), partner: { numberIds: grantNumbers, teamIds: null } };
    const running = streamInbox(env.ctx, viewer, undefined, () => sink);
    try {
      const deadline = Date.now() + STREAM_WAIT_MS;
      // Change both; the later change is inside the grant, so once it is streamed the earlier one was read too.
      while (!sent.some((e) => e.type === 'presence')) {
        if (Date.now() > deadline) throw new Error('no presence snapshot');
        await new Promise((r) => setTimeout(r, 20));
      }
      await owner.client.patch(`/v1/conversations/${outside}`, { status: 'pending' });
      await owner.client.patch(`/v1/conversations/${conversationId}`, { status: 'pending' });
      while (!sent.some((e) => e.type === 'conversation.updated')) {
        if (Date.now() > deadline) throw new Error(`not streamed: ${JSON.stringify(sent)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      // Only the granted conversation is streamed (other events about it — e.g. a setup text committed late — may come too).
      expect([...new Set(sent.filter((e) => e.type !== 'presence').map((e) => e.data.conversationId))]).toEqual([conversationId]);
    } finally {
      open = false;
      await running;
    }
  });

  it('streams every conversation change of the account (resumable), and presence', async () => {
    const env = use();
    const port = (env.app.server.address() as { port: number }).port; // the harness's app listens (for the simulator's callbacks)
    const { owner, text, conversationId } = await setup();
    const agent = await invite(owner.client, 'agent');
    const cookie = (cl: Client) => Object.entries(cl.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    const events: Array<{ id: string; type: string; data: Record<string, unknown> }> = [];
    const open = (cl: Client, lastEventId?: string) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/v1/conversations/stream', headers: { cookie: cookie(cl), ...(lastEventId ? { 'last-event-id': lastEventId } : {}) } });
      const got: typeof events = [];
      let buf = '';
      const ready = new Promise<void>((resolve) => req.on('response', (res) => {
        expect(res.headers['content-type']).toContain('text/event-stream');
        res.on('data', (chunk: Buffer) => {
          buf += chunk.toString();
          const parts = buf.split('\n\n');
          buf = parts.pop()!;
          for (const p of parts) {
            const m = /id: (.+)\nevent: (.+)\ndata: (.+)/.exec(p);
            if (m) got.push({ id: m[1], type: m[2], data: JSON.parse(m[3]) });
          }
          if (buf === '' || parts.length) resolve();
        });
      }));
      return { req, got, ready };
    };
    const waitFor = async (got: typeof events, pred: (e: (typeof events)[number]) => boolean) => {
      const deadline = Date.now() + STREAM_WAIT_MS;
      while (!got.some(pred)) {
        if (Date.now() > deadline) throw new Error(`not streamed; got ${JSON.stringify(got.map((e) => e.type))}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return got.find(pred)!;
    };
    const s = open(agent.client);
    await s.ready;
    await owner.client.patch(`/v1/conversations/${conversationId}`, { status: 'pending' });
    const updated = await waitFor(s.got, (e) => e.type === 'conversation.updated');
    expect(updated.data).toEqual({ conversationId, status: 'pending', previousStatus: 'open', snoozedUntil: null });
    await text('Are you open today?');
    const received = await waitFor(s.got, (e) => e.type === 'message.received');
    expect(received.data).toMatchObject({ conversationId, messageId: expect.stringMatching(/^msg_/) });
    expect(JSON.stringify(received.data)).not.toContain('Are you open today'); // no bodies on the account stream
    await owner.client.post(`/v1/conversations/${conversationId}/presence`, { state: 'typing' });
    const presence = await waitFor(s.got, (e) => e.type === 'presence' && (e.data.people as unknown[]).length > 0);
    expect(presence.data.people).toEqual([{ conversationId, userId: owner.userId, name: expect.any(String), state: 'typing' }]);
    s.req.destroy();

    // The customer's text woke the pending conversation: that change is streamed too.
    expect((await waitFor(s.got, (e) => e.type === 'conversation.updated' && e.data.reason === 'customer_replied')).data)
      .toEqual({ conversationId, status: 'open', previousStatus: 'pending', snoozedUntil: null, reason: 'customer_replied' });
    // Resume after the agent's status change: the inbound text and its wake come again, the agent's change does not.
    const resumed = open(agent.client, updated.id);
    await waitFor(resumed.got, (e) => e.type === 'message.received');
    await waitFor(resumed.got, (e) => e.type === 'conversation.updated');
    expect(resumed.got.filter((e) => e.type === 'conversation.updated').map((e) => e.data.reason)).toEqual(['customer_replied']);
    resumed.req.destroy();

    // Another account's stream sees none of it.
    const other = await signUp(env.app);
    const foreign = open(other.client);
    await foreign.ready;
    await owner.client.patch(`/v1/conversations/${conversationId}`, { status: 'closed' });
    const mine = open(owner.client, updated.id);
    await waitFor(mine.got, (e) => e.type === 'conversation.updated' && e.data.status === 'closed');
    expect(foreign.got.filter((e) => e.type !== 'presence')).toEqual([]);
    foreign.req.destroy();
    mine.req.destroy();
  });
}, {}, { simulator: true });
