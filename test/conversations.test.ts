import http from 'node:http';
import { beforeEach, expect, it } from 'vitest';
import { dispatchOnce } from '../src/modules/messaging/dispatcher.js';
import { describeEachDb, settle } from './harness.js';
import { signUp } from './factories.js';

describeEachDb('conversations', (use) => {
  beforeEach(async () => {
    await use().sim.settings({ latencyMs: 0 });
  });
  async function setup() {
    const { client } = await signUp(use().app);
    const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    const first = (await client.post('/v1/simulator/inbound', { from: '+1 212 555 0160', to: number.phoneNumber, body: 'Do you deliver?' })).json();
    return { client, number, conversationId: first.conversationId as string };
  }

  it('lists open conversations with the last message, reads the thread and replies into it', async () => {
    const env = use();
    const { client, conversationId } = await setup();
    const list = (await client.get('/v1/conversations')).json();
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).toMatchObject({ id: conversationId, optedOut: false, contact: { phone: '+12125550160' }, lastMessage: { body: 'Do you deliver?', direction: 'inbound' } });
    const reply = await client.post(`/v1/conversations/${conversationId}/messages`, { body: 'Yes, every day!' });
    expect(reply.statusCode).toBe(201);
    expect(reply.json()).toMatchObject({ conversationId, direction: 'outbound', kind: 'conversational', status: 'queued' });
    await settle(env);
    const thread = (await client.get(`/v1/conversations/${conversationId}/messages`)).json().data;
    expect(thread.map((m: { body: string; direction: string }) => [m.direction, m.body])).toEqual([['inbound', 'Do you deliver?'], ['outbound', 'Yes, every day!']]);
  });

  it('closes and reopens; a closed conversation is listed under closed, and a new text opens a fresh one', async () => {
    const { client, number, conversationId } = await setup();
    expect((await client.patch(`/v1/conversations/${conversationId}`, { status: 'closed' })).json().status).toBe('closed');
    expect((await client.get('/v1/conversations?status=closed')).json().data.map((c: { id: string }) => c.id)).toEqual([conversationId]);
    const again = (await client.post('/v1/simulator/inbound', { from: '+1 212 555 0160', to: number.phoneNumber, body: 'Hello again' })).json();
    expect(again.conversationId).not.toBe(conversationId);
    expect((await client.get('/v1/conversations')).json().data.map((c: { id: string }) => c.id)).toEqual([again.conversationId]);
    const reopen = await client.patch(`/v1/conversations/${conversationId}`, { status: 'open' });
    expect(reopen.statusCode).toBe(409);
    expect(reopen.json().error).toMatchObject({ code: 'conversation_already_open', details: { id: again.conversationId } });
    const replyToClosed = await client.post(`/v1/conversations/${conversationId}/messages`, { body: 'hi' });
    expect(replyToClosed.json().error.code).toBe('conversation_closed');
  });

  it('narrows the list by number, contact and activity time, counts per state, and refuses malformed filters', async () => {
    const { client, number, conversationId } = await setup();
    const other = (await client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    const second = (await client.post('/v1/simulator/inbound', { from: '+1 212 555 0161', to: other.phoneNumber, body: 'Hi there' })).json();
    const ids = async (qs: string) => (await client.get(`/v1/conversations?${qs}`)).json().data.map((c: { id: string }) => c.id);
    expect(await ids(`numberId=${number.id}`)).toEqual([conversationId]);
    expect(await ids(`numberId=${other.id}`)).toEqual([second.conversationId]);
    const contactId = (await client.get(`/v1/conversations/${conversationId}`)).json().contact.id;
    expect(await ids(`contactId=${contactId}`)).toEqual([conversationId]);
    expect(await ids('since=2999-01-01T00:00:00Z')).toEqual([]);
    expect((await ids('until=2999-01-01T00:00:00Z')).sort()).toEqual([conversationId, second.conversationId].sort());
    const first = (await client.get(`/v1/conversations/${conversationId}`)).json();
    expect(first).toMatchObject({ status: 'open', needsReply: true, assignee: null, team: null, snoozedUntil: null });
    await client.patch(`/v1/conversations/${second.conversationId}`, { status: 'pending' });
    expect((await client.get('/v1/conversations/counts')).json()).toMatchObject({ open: 1, pending: 1, snoozed: 0, closed: 0 });
    expect((await client.get(`/v1/conversations/counts?numberId=${other.id}`)).json()).toMatchObject({ open: 0, pending: 1, snoozed: 0, closed: 0 });
    expect(await ids('state=pending')).toEqual([second.conversationId]);
    expect(await ids('status=pending')).toEqual([second.conversationId]);
    expect((await ids('state=all')).sort()).toEqual([conversationId, second.conversationId].sort());
    for (const bad of ['numberId=nope', 'assignee=ct_123', 'state=later', 'since=yesterday', 'colour=red']) {
      const r = await client.get(`/v1/conversations?${bad}`);
      expect([400, 422], bad).toContain(r.statusCode);
      expect(r.json().error.code, bad).toMatch(bad === 'colour=red' ? /^unknown_parameter$/ : /^(invalid_filter|validation_failed)$/);
    }
    const reply = await client.post(`/v1/conversations/${conversationId}/messages`, { body: 'On it' });
    expect(reply.statusCode).toBe(201);
    expect((await client.get(`/v1/conversations/${conversationId}`)).json().needsReply).toBe(false);
  });

  it('ends open event streams when the server closes, so shutdown does not hang', async () => {
    const { client, conversationId } = await setup();
    const { buildApp } = await import('../src/app.js');
    const app = await buildApp(use().ctx, { logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    const req = http.get({ host: '127.0.0.1', port, path: `/v1/conversations/${conversationId}/stream`, headers: { cookie: Object.entries(client.cookies).map(([k, v]) => `${k}=${v}`).join('; ') } });
    await new Promise<void>((resolve) => req.on('response', () => resolve()));
    const closed = await Promise.race([app.close().then(() => 'closed'), new Promise((r) => setTimeout(() => r('hung'), 3000))]);
    req.destroy();
    expect(closed).toBe('closed');
  });

  it('streams status changes and inbound texts as server-sent events', async () => {
    const env = use();
    const { client, number, conversationId } = await setup();
    const port = (env.app.server.address() as { port: number }).port; // the harness's app listens (for the simulator's callbacks)
    const seen: string[] = [];
    const req = http.get({ host: '127.0.0.1', port, path: `/v1/conversations/${conversationId}/stream`, headers: { cookie: Object.entries(client.cookies).map(([k, v]) => `${k}=${v}`).join('; ') } });
    let connected!: () => void;
    const opened = new Promise<void>((r) => { connected = r; });
    const done = new Promise<void>((resolve) => {
      req.on('response', (res) => {
        expect(res.headers['content-type']).toContain('text/event-stream');
        res.on('data', (chunk: Buffer) => {
          connected(); // the first chunk (": connected") says the stream reads from its start position
          for (const m of chunk.toString().matchAll(/event: ([\w.]+)/g)) seen.push(m[1]);
          if (seen.includes('message.received') && seen.includes('contact.opted_out')) resolve();
        });
      });
    });
    await opened;
    await client.post(`/v1/conversations/${conversationId}/messages`, { body: 'Tracking 1Z999' });
    await dispatchOnce(env.ctx);
    await client.post('/v1/simulator/inbound', { from: '+1 212 555 0160', to: number.phoneNumber, body: 'STOP' });
    // A bound, not a timing: on a PostgreSQL server shared with other databases the outbox horizon waits for their transactions too.
    await Promise.race([done, new Promise((_, reject) => setTimeout(() => reject(new Error(`events seen: ${seen}`)), 30_000))]);
    req.destroy();
    expect(seen).toEqual(expect.arrayContaining(['message.status_changed', 'message.received', 'contact.opted_out']));
    const c = (await client.get(`/v1/conversations/${conversationId}`)).json();
    expect(c.optedOut).toBe(true);
  });
}, {}, { simulator: true });
