import { expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { describeEachDb, settle, type TestEnv } from './harness.js';
import { Client, STRONG_PASSWORD, emailsTo, lastEmailTo, signUp, tokenFrom } from './factories.js';

/** Internal notes (@mentions, notifications), canned replies and labels — PGlite and PostgreSQL. */
describeEachDb('inbox notes, canned replies and labels', (use) => {
  async function invite(owner: Client, role: string, name: string) {
    const { app, config } = use();
    const email = `${name.toLowerCase().replace(/\W+/g, '.')}-${Math.random().toString(36).slice(2, 8)}@example.com`;
    expect((await owner.post('/v1/invitations', { email, role })).statusCode).toBe(201);
    const token = tokenFrom((await lastEmailTo(app, email, config.operatorToken)).text);
    const mate = new Client(app);
    const accepted = await mate.post('/v1/invitations/accept', { token, name, phone: '+44 20 7946 0958', password: STRONG_PASSWORD });
    expect(accepted.statusCode, accepted.body).toBe(201);
    return { client: mate, id: accepted.json().user.id as string, email };
  }

  async function setup(contact: Record<string, unknown> = { phone: '+1 212 555 0160', firstName: 'José', email: 'jose@shop.example' }) {
    const owner = await signUp(use().app);
    const number = (await owner.client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    expect((await owner.client.post('/v1/contacts', contact)).statusCode).toBe(201);
    const inbound = (await owner.client.post('/v1/simulator/inbound', { from: contact.phone, to: number.phoneNumber, body: 'Where is my order?' })).json();
    return { owner, number, conversationId: inbound.conversationId as string };
  }

  const count = async (env: TestEnv, sql: string, params: unknown[]) => Number((await env.ctx.database.query<{ n: number }>(sql, params)).rows[0].n);

  it('adds an internal note that never reaches the carrier, notifies the @mentioned member in the app and by email, and is audited', async () => {
    const env = use();
    const { owner, conversationId } = await setup();
    const ana = await invite(owner.client, 'agent', 'Ana Lima');
    const secret = 'Customer is upset about the refund, call back after 5';
    const r = await owner.client.post(`/v1/conversations/${conversationId}/notes`, { body: `@ana lima ${secret}` });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ id: expect.stringMatching(/^note_/), conversationId, body: `@ana lima ${secret}`, author: { id: owner.userId }, mentions: [{ id: ana.id, name: 'Ana Lima' }] });
    expect((await owner.client.get(`/v1/conversations/${conversationId}/notes`)).json().data.map((n: { id: string }) => n.id)).toEqual([r.json().id]);

    // Never a message, never at the carrier.
    await settle(env);
    const thread = (await owner.client.get(`/v1/conversations/${conversationId}/messages`)).json().data;
    expect(thread.map((m: { direction: string }) => m.direction)).toEqual(['inbound']);
    const accountId = fromPublicId('account', owner.accountId);
    expect(await count(env, `select count(*) as n from messages where account_id = $1 and body like $2`, [accountId, `%refund%`])).toBe(0);
    expect((await env.sim.ledger()).messages.filter((l) => l.body.includes('refund'))).toEqual([]);

    // Outbox event (the live list reads conversationId) and audit entry.
    const events = (await env.ctx.database.query<{ payload: { conversationId: string } }>(`select payload from outbox where account_id = $1 and type = 'conversation.note_added'`, [accountId])).rows;
    expect(events.map((e) => e.payload.conversationId)).toEqual([fromPublicId('conversation', conversationId)]);
    const audit = (await owner.client.get('/v1/audit-events?action=conversation.note_added')).json().data;
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('refund');

    // Ana sees it in the app; marking it read clears the count. The author is not notified.
    const bell = (await ana.client.get('/v1/notifications')).json();
    expect(bell).toMatchObject({ unreadCount: 1, data: [{ kind: 'mention', read: false, actor: { id: owner.userId }, conversationId, noteId: r.json().id, contactName: 'José' }] });
    expect(bell.data[0].excerpt).toContain('refund');
    expect((await owner.client.get('/v1/notifications')).json()).toMatchObject({ unreadCount: 0, data: [] });
    expect((await ana.client.post('/v1/notifications/read', { ids: [bell.data[0].id] })).json()).toEqual({ unreadCount: 0 });
    expect((await ana.client.get('/v1/notifications?unread=true')).json().data).toEqual([]);
    expect((await ana.client.get('/v1/notifications')).json().data[0].read).toBe(true);

    // And by email, which links to the conversation but does not carry the note.
    const mail = await lastEmailTo(env.app, ana.email, env.config.operatorToken, { subject: /mentioned you/ });
    expect(mail.text).toContain(`/inbox/${conversationId}`);
    expect(mail.text).not.toContain('refund');
    expect(await emailsTo(env.app, owner.email, env.config.operatorToken).then((m) => m.filter((x) => /mentioned you/.test(x.subject)))).toEqual([]);

    // Explicit mentions must be members; an empty note and a viewer are refused.
    expect((await owner.client.post(`/v1/conversations/${conversationId}/notes`, { body: 'x', mentionUserIds: ['usr_01h455vb4pex5vsknk084sn02q'] })).json().error.code).toBe('unknown_member');
    expect((await owner.client.post(`/v1/conversations/${conversationId}/notes`, { body: '   ' })).json().error.code).toBe('empty_body');
    const viewer = await invite(owner.client, 'viewer', 'Vic Viewer');
    expect((await viewer.client.post(`/v1/conversations/${conversationId}/notes`, { body: 'hi' })).statusCode).toBe(403);
    expect((await viewer.client.get(`/v1/conversations/${conversationId}/notes`)).statusCode).toBe(200);
    const explicit = await owner.client.post(`/v1/conversations/${conversationId}/notes`, { body: 'see this', mentionUserIds: [viewer.id] });
    expect(explicit.json().mentions).toEqual([{ id: viewer.id, name: 'Vic Viewer' }]);
    expect((await viewer.client.get('/v1/notifications')).json().unreadCount).toBe(1);
    expect((await viewer.client.post('/v1/notifications/read', { all: true })).json()).toEqual({ unreadCount: 0 });

    // Another account sees none of it.
    const other = await signUp(env.app);
    expect((await other.client.get(`/v1/conversations/${conversationId}/notes`)).statusCode).toBe(404);
    expect((await other.client.post(`/v1/conversations/${conversationId}/notes`, { body: 'hi' })).statusCode).toBe(404);

    // Erasing the contact erases the notes and the notifications that point at them.
    const contactId = (await owner.client.get(`/v1/conversations/${conversationId}`)).json().contact.id;
    expect((await owner.client.delete(`/v1/contacts/${contactId}`)).statusCode).toBe(204);
    expect(await count(env, `select count(*) as n from conversation_notes where account_id = $1`, [accountId])).toBe(0);
    expect(await count(env, `select count(*) as n from notifications where account_id = $1`, [accountId])).toBe(0);
    expect((await ana.client.get('/v1/notifications')).json()).toEqual({ data: [], unreadCount: 0 });
  }, 120_000);

  it('keeps canned replies with merge fields, rendered for the conversation\'s contact', async () => {
    const { owner, number, conversationId } = await setup({ phone: '+1 212 555 0161', firstName: 'José', fields: {} });
    expect((await owner.client.post('/v1/custom-fields', { label: 'Order', key: 'order_no', type: 'text' })).statusCode).toBe(201);
    const contactId = (await owner.client.get(`/v1/conversations/${conversationId}`)).json().contact.id;
    await owner.client.patch(`/v1/contacts/${contactId}`, { fields: { order_no: 'A-77' } });
    const created = await owner.client.post('/v1/canned-replies', { shortcut: '/Thanks', body: 'Hi {{first_name|there}}, order {{order_no|?}} ships today.' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ id: expect.stringMatching(/^cr_/), shortcut: 'thanks', rendered: null });
    await owner.client.post('/v1/canned-replies', { shortcut: 'bye', body: 'Bye!' });
    const list = (await owner.client.get(`/v1/canned-replies?conversationId=${conversationId}`)).json().data;
    expect(list.map((c: { shortcut: string; rendered: string }) => [c.shortcut, c.rendered])).toEqual([['bye', 'Bye!'], ['thanks', 'Hi José, order A-77 ships today.']]);
    // A contact without the values gets the fallbacks.
    const anon = (await owner.client.post('/v1/simulator/inbound', { from: '+1 212 555 0162', to: number.phoneNumber, body: 'hello' })).json();
    expect((await owner.client.get(`/v1/canned-replies?conversationId=${anon.conversationId}`)).json().data[1].rendered).toBe('Hi there, order ? ships today.');

    expect((await owner.client.post('/v1/canned-replies', { shortcut: 'THANKS', body: 'x' })).json().error.code).toBe('shortcut_taken');
    expect((await owner.client.post('/v1/canned-replies', { shortcut: 'two words', body: 'x' })).json().error.code).toBe('invalid_shortcut');
    expect((await owner.client.post('/v1/canned-replies', { shortcut: 'z', body: 'Hi {{nickname}}' })).json().error.code).toBe('unknown_merge_field');
    const id = created.json().id;
    const patched = await owner.client.patch(`/v1/canned-replies/${id}`, { body: 'Thank you {{first_name}}!' });
    expect(patched.json()).toMatchObject({ shortcut: 'thanks', body: 'Thank you {{first_name}}!' });
    expect((await owner.client.delete(`/v1/canned-replies/${id}`)).statusCode).toBe(204);
    expect((await owner.client.get('/v1/canned-replies')).json().data.map((c: { shortcut: string }) => c.shortcut)).toEqual(['bye']);
    const actions = (await owner.client.get('/v1/audit-events')).json().data.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['canned_reply.created', 'canned_reply.updated', 'canned_reply.deleted']));

    const other = await signUp(use().app);
    expect((await other.client.get('/v1/canned-replies')).json().data).toEqual([]);
    expect((await other.client.get(`/v1/canned-replies?conversationId=${conversationId}`)).statusCode).toBe(404);
    expect((await other.client.delete(`/v1/canned-replies/${list[0].id}`)).statusCode).toBe(404);
  }, 120_000);

  it('labels conversations: CRUD, set on a conversation (outbox event, audit), the list filter, and isolation', async () => {
    const env = use();
    const { owner, number, conversationId } = await setup({ phone: '+1 212 555 0163', firstName: 'Lu' });
    const second = (await owner.client.post('/v1/simulator/inbound', { from: '+1 212 555 0164', to: number.phoneNumber, body: 'hi' })).json().conversationId;
    const refund = (await owner.client.post('/v1/labels', { name: 'Refund', color: 'red' })).json();
    const vip = (await owner.client.post('/v1/labels', { name: 'VIP' })).json();
    expect(refund).toMatchObject({ id: expect.stringMatching(/^lbl_/), name: 'Refund', color: 'red', conversations: 0 });
    expect(vip.color).toBe('gray');
    expect((await owner.client.post('/v1/labels', { name: ' refund ' })).json().error.code).toBe('label_name_taken');
    expect((await owner.client.post('/v1/labels', { name: 'x', color: 'plaid' })).statusCode).toBe(422);

    const set = await owner.client.request('PUT', `/v1/conversations/${conversationId}/labels`, { labelIds: [refund.id, vip.id] });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().labels).toEqual([{ id: refund.id, name: 'Refund', color: 'red' }, { id: vip.id, name: 'VIP', color: 'gray' }]);
    expect((await owner.client.get(`/v1/conversations/${second}`)).json().labels).toEqual([]);
    const ids = async (qs: string) => (await owner.client.get(`/v1/conversations?${qs}`)).json().data.map((c: { id: string }) => c.id);
    expect(await ids(`label=${refund.id}`)).toEqual([conversationId]);
    expect((await ids('state=all')).sort()).toEqual([conversationId, second].sort());
    expect((await owner.client.get('/v1/labels')).json().data.map((l: { name: string; conversations: number }) => [l.name, l.conversations])).toEqual([['Refund', 1], ['VIP', 1]]);

    expect((await owner.client.request('PUT', `/v1/conversations/${conversationId}/labels`, { labelIds: [vip.id] })).json().labels.map((l: { name: string }) => l.name)).toEqual(['VIP']);
    expect(await ids(`label=${refund.id}`)).toEqual([]);
    const accountId = fromPublicId('account', owner.accountId);
    const events = (await env.ctx.database.query<{ payload: { conversationId: string; added: string[]; removed: string[] } }>(
      `select payload from outbox where account_id = $1 and type = 'conversation.labels_changed' order by id`, [accountId])).rows.map((r) => r.payload);
    expect(events).toEqual([
      { conversationId: fromPublicId('conversation', conversationId), added: [fromPublicId('label', refund.id), fromPublicId('label', vip.id)], removed: [] },
      { conversationId: fromPublicId('conversation', conversationId), added: [], removed: [fromPublicId('label', refund.id)] },
    ]);
    const audit = (await owner.client.get('/v1/audit-events?action=conversation.labels_changed')).json().data;
    expect(audit).toHaveLength(2);

    // Rename, recolour, delete: the conversation loses the label.
    expect((await owner.client.patch(`/v1/labels/${vip.id}`, { name: 'V.I.P.', color: 'grape' })).json()).toMatchObject({ name: 'V.I.P.', color: 'grape' });
    expect((await owner.client.delete(`/v1/labels/${vip.id}`)).statusCode).toBe(204);
    expect((await owner.client.get(`/v1/conversations/${conversationId}`)).json().labels).toEqual([]);

    // Agents set labels but do not keep the list; another account's labels and conversations are out of reach.
    const agentEmail = `agent-${Math.random().toString(36).slice(2, 8)}@example.com`;
    await owner.client.post('/v1/invitations', { email: agentEmail, role: 'agent' });
    const agent = new Client(env.app);
    await agent.post('/v1/invitations/accept', { token: tokenFrom((await lastEmailTo(env.app, agentEmail, env.config.operatorToken)).text), name: 'Al', phone: '+44 20 7946 0958', password: STRONG_PASSWORD });
    expect((await agent.post('/v1/labels', { name: 'Mine' })).statusCode).toBe(403);
    expect((await agent.request('PUT', `/v1/conversations/${second}/labels`, { labelIds: [refund.id] })).statusCode).toBe(200);
    const other = await signUp(env.app);
    const theirs = (await other.client.post('/v1/labels', { name: 'Theirs' })).json();
    expect((await owner.client.request('PUT', `/v1/conversations/${second}/labels`, { labelIds: [theirs.id] })).json().error.code).toBe('unknown_label');
    expect((await owner.client.request('PUT', `/v1/conversations/${second}/labels`, { labelIds: ['nope'] })).json().error.code).toBe('unknown_label');
    expect((await other.client.request('PUT', `/v1/conversations/${second}/labels`, { labelIds: [theirs.id] })).statusCode).toBe(404);
    expect((await other.client.get(`/v1/conversations?label=${refund.id}`)).json().data).toEqual([]);
    expect((await other.client.delete(`/v1/labels/${refund.id}`)).statusCode).toBe(404);
  }, 120_000);
}, {}, { simulator: true });
