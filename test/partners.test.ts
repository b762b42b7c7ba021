import http from 'node:http';
import { DateTime } from 'luxon';
import { expect, it } from 'vitest';
import { describeEachDb } from './harness.js';
import { Client } from './factories.js';
import { makeClientAccount, makePartner } from './partner-fixtures.js';

describeEachDb('outsourcing partners', (use) => {
  const audit = async (c: Client, qs = '') => (await c.get(`/v1/audit-events?limit=200${qs}`)).json().data as Array<{ action: string; actor: { type: string; label: string }; details: Record<string, unknown> }>;

  it('the operator creates a partner; a client grants, changes and revokes; agents are assigned, switch in and work within the grant', { timeout: 120_000 }, async () => {
    const { app, config } = use();
    const p = await makePartner(app, config.operatorToken);
    const a = await makeClientAccount(app);
    // Only the operator or a partner manager creates partners.
    expect((await a.client.post('/v1/partners', { name: 'Not a partner' })).statusCode).toBe(403);
    expect((await p.manager.post('/v1/partners', { name: 'Second desk' })).statusCode).toBe(201);
    expect((await new Client(app, config.operatorToken).post('/v1/partners', { name: 'No owner' })).json().error.code).toBe('owner_required');
    // The directory lists the partners this account works with (none yet); a new one is found by the id it gives its client.
    expect((await a.client.get('/v1/partners')).json().data.map((x: { id: string }) => x.id)).not.toContain(p.id);
    expect((await a.client.get(`/v1/partners/${p.id}`)).json()).toMatchObject({ id: p.id, name: p.name });

    // Bad grants change nothing.
    expect((await a.client.post('/v1/partner-grants', { partnerId: p.id, permissions: ['reply'] })).json().error.code).toBe('empty_grant');
    expect((await a.client.post('/v1/partner-grants', { partnerId: a.accountId, numberIds: [a.numbers[0].id], permissions: [] })).json().error.code).toBe('unknown_partner');
    expect((await a.client.post('/v1/partner-grants', { partnerId: p.id, numberIds: [a.numbers[0].id], permissions: ['export'] })).json().error.code).toBe('validation_failed');
    expect((await a.client.post('/v1/partner-grants', { partnerId: p.id, numberIds: [a.numbers[0].id], permissions: [], hours: [{ days: [1], from: '18:00', to: '09:00' }] })).json().error.code).toBe('invalid_hours');

    const created = await a.client.post('/v1/partner-grants', { partnerId: p.id, numberIds: [a.numbers[0].id], permissions: ['reply'], maskedFields: ['email', 'phone'] });
    expect(created.statusCode).toBe(201);
    const grant = created.json();
    expect(grant).toMatchObject({ partner: { id: p.id, name: p.name }, numberIds: [a.numbers[0].id], permissions: ['reply'], state: 'active', agents: [] });
    expect((await a.client.post('/v1/partner-grants', { partnerId: p.id, numberIds: [a.numbers[1].id], permissions: [] })).json().error.code).toBe('grant_exists');

    // The agent does not serve the client until a manager assigns them; the manager sees every client.
    expect((await p.agent.get('/v1/partner/clients')).json()).toMatchObject({ partner: { id: p.id }, role: 'agent', actingIn: null, clients: [] });
    expect((await p.manager.get('/v1/partner/clients')).json().clients).toMatchObject([{ accountId: a.accountId, grantId: grant.id, workable: true, state: 'active' }]);
    expect((await p.agent.post('/v1/partner/switch', { accountId: a.accountId })).json().error.code).toBe('not_served');
    expect((await p.agent.post('/v1/partner/assignments', { userId: p.agentId, clientId: a.accountId })).statusCode).toBe(403);
    expect((await p.manager.post('/v1/partner/assignments', { userId: p.agentId, clientId: a.accountId })).statusCode).toBe(204);
    expect((await p.manager.get('/v1/partner/assignments')).json().data).toMatchObject([{ user: { id: p.agentId }, client: { id: a.accountId } }]);
    expect((await a.client.get(`/v1/partner-grants/${grant.id}`)).json().agents).toEqual([{ id: p.agentId, name: 'Pat Partneragent' }]);
    expect((await p.agent.get('/v1/partner/clients')).json().clients).toMatchObject([{ accountId: a.accountId, workable: true }]);

    // Switched in: the client's conversations on the granted number only, masked.
    expect((await p.agent.post('/v1/partner/switch', { accountId: a.accountId })).json().actingIn).toBe(a.accountId);
    const me = (await p.agent.get('/v1/me')).json();
    expect(me).toMatchObject({ account: { id: a.accountId }, partner: { id: p.id, permissions: ['reply'] } });
    const list = (await p.agent.get('/v1/conversations?state=all')).json().data;
    expect(list.map((c: { id: string }) => c.id)).toEqual([a.conversations[0]]);
    expect(list[0].contact.phone).toMatch(/^\+•+\d\d$/);
    expect((await p.agent.get(`/v1/conversations/${a.conversations[1]}`)).statusCode).toBe(404);
    const contact = (await p.agent.get(`/v1/contacts/${a.contactIds[0]}`)).json();
    expect(contact.phone).toMatch(/•/);
    expect((await p.agent.get(`/v1/contacts/${a.contactIds[1]}`)).statusCode).toBe(404);
    const messages = (await p.agent.get(`/v1/conversations/${a.conversations[0]}/messages`)).json().data;
    expect(messages[0].to).toMatch(/•/);
    // Reply is granted; close is not; settings never.
    expect((await p.agent.post(`/v1/conversations/${a.conversations[0]}/messages`, { body: 'Hi, this is your support desk' })).statusCode).toBe(201);
    expect((await p.agent.patch(`/v1/conversations/${a.conversations[0]}`, { status: 'closed' })).json().error.code).toBe('partner_permission_missing');
    expect((await p.agent.get('/v1/members')).json().error.code).toBe('partner_not_allowed');
    // The inbox's number filter: only the granted number, without its settings (keyword replies, webhook URL, connection).
    expect((await a.client.patch(`/v1/numbers/${a.numbers[0].id}`, { keywordReplies: { help: 'Shop help: call 212 555 0100' } })).statusCode).toBe(200);
    const granted = (await p.agent.get('/v1/numbers')).json().data;
    expect(granted).toEqual([expect.objectContaining({ id: a.numbers[0].id, phoneNumber: a.numbers[0].phoneNumber, keywordReplies: {}, customKeywords: [], twilioSmsUrl: null, connectionId: null })]);
    expect((await a.client.get('/v1/numbers')).json().data).toHaveLength(2);
    expect((await a.client.get('/v1/numbers')).json().data[0].keywordReplies.help).toBe('Shop help: call 212 555 0100');
    expect((await p.agent.post('/v1/contacts/export', { ids: [a.contactIds[0]] })).statusCode).toBe(403);

    // The client widens the grant: it applies on the next request.
    const changed = await a.client.patch(`/v1/partner-grants/${grant.id}`, { permissions: ['reply', 'close'], maskedFields: [] });
    expect(changed.json()).toMatchObject({ permissions: ['reply', 'close'], maskedFields: [] });
    expect((await p.agent.patch(`/v1/conversations/${a.conversations[0]}`, { status: 'closed' })).json().status).toBe('closed');
    expect((await p.agent.get(`/v1/conversations/${a.conversations[0]}`)).json().contact.phone).not.toMatch(/•/);

    // The combined queue (from the partner account) lists the client's granted conversations.
    expect((await p.agent.post('/v1/partner/switch', { accountId: p.id })).json().actingIn).toBe(p.id);
    const queue = (await p.agent.get('/v1/partner/queue?state=all')).json().data;
    expect(queue.map((q: { client: { id: string }; conversation: { id: string } }) => [q.client.id, q.conversation.id])).toEqual([[a.accountId, a.conversations[0]]]);

    // Audit: the client's log names the partner and the agent; the partner's own log names the client.
    const clientLog = await audit(a.client);
    const actions = clientLog.filter((e) => e.actor.type === 'partner').map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['partner.switched_in', 'partner.action', 'conversation.closed', 'contact.viewed']));
    const reply = clientLog.find((e) => e.action === 'partner.action' && String(e.details.route).startsWith('POST /v1/conversations/:id/messages'))!;
    expect(reply.details).toMatchObject({ partner: p.name, partnerId: p.id });
    expect(reply.actor.label).toContain(p.name);
    expect(reply.actor.label).toContain('Pat Partneragent');
    expect((await audit(a.client, '&actorType=partner')).every((e) => e.actor.type === 'partner')).toBe(true);
    expect(clientLog.map((e) => e.action)).toEqual(expect.arrayContaining(['partner_grant.created', 'partner_grant.changed', 'partner.agent_assigned']));
    const partnerLog = await audit(p.manager);
    expect(partnerLog.filter((e) => e.action === 'partner.action').every((e) => e.details.clientId === a.accountId)).toBe(true);
    expect(partnerLog.map((e) => e.action)).toEqual(expect.arrayContaining(['partner.action', 'partner.switched_in', 'partner_grant.created']));
    expect((await a.client.get(`/v1/partner-grants/${grant.id}`)).json().lastActivityAt).not.toBeNull();

    // Revoked: the next request is refused and the session is back in the partner account.
    await p.agent.post('/v1/partner/switch', { accountId: a.accountId });
    expect((await a.client.delete(`/v1/partner-grants/${grant.id}`)).statusCode).toBe(204);
    const refused = await p.agent.get(`/v1/conversations/${a.conversations[0]}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'partner_access_ended', details: { reason: 'revoked' } });
    expect((await p.agent.get('/v1/me')).json().account.id).toBe(p.id);
    expect((await p.agent.get(`/v1/conversations/${a.conversations[0]}`)).statusCode).toBe(404);
    expect((await p.agent.post('/v1/partner/switch', { accountId: a.accountId })).statusCode).toBe(403);
    expect((await p.agent.get('/v1/partner/queue')).json().data).toEqual([]);
    expect((await a.client.get('/v1/partner-grants')).json().data[0]).toMatchObject({ id: grant.id, state: 'revoked' });
    expect((await a.client.patch(`/v1/partner-grants/${grant.id}`, { permissions: [] })).json().error.code).toBe('grant_revoked');
  });

  it("a business sees only the partner organisations it works with (its grants, revoked ones too): another business's partners are not listed, and an unknown id is 404", { timeout: 120_000 }, async () => {
    const { app, config } = use();
    const p = await makePartner(app, config.operatorToken);
    const q = await makePartner(app, config.operatorToken);
    const a = await makeClientAccount(app);
    const b = await makeClientAccount(app);
    const listed = async (c: Client) => {
      const res = await c.get('/v1/partners');
      expect(res.statusCode).toBe(200);
      return { ids: (res.json().data as Array<{ id: string }>).map((x) => x.id).sort(), body: res.body };
    };
    expect((await listed(a.client)).ids).toEqual([]);
    const grant = (await a.client.post('/v1/partner-grants', { partnerId: p.id, numberIds: [a.numbers[0].id], permissions: [] })).json();
    expect((await b.client.post('/v1/partner-grants', { partnerId: q.id, numberIds: [b.numbers[0].id], permissions: [] })).statusCode).toBe(201);
    expect((await listed(a.client)).ids).toEqual([p.id]);
    const seenByB = await listed(b.client);
    expect(seenByB.ids).toEqual([q.id]);
    expect(seenByB.body).not.toContain(p.name);
    expect((await a.client.delete(`/v1/partner-grants/${grant.id}`)).statusCode).toBe(204);
    expect((await listed(a.client)).ids).toEqual([p.id]); // (revoked: still one it worked with, to grant again)
    // By id: a partner (the id its managers give a client); anything else is 404 alike.
    expect((await b.client.get(`/v1/partners/${p.id}`)).json()).toMatchObject({ id: p.id, name: p.name });
    for (const id of [a.accountId, 'acct_01m8vx5ty0ete9w05a4qfn8w6f', 'nope']) expect((await b.client.get(`/v1/partners/${id}`)).statusCode, id).toBe(404);
    // Agents of a business do not look partners up at all.
    expect((await p.agent.get(`/v1/partners/${q.id}`)).statusCode).toBe(403);
  });

  it('expiry and weekly hours are checked on every request (controlled clock, client time zone)', { timeout: 120_000 }, async () => {
    const env = use();
    const p = await makePartner(env.app, env.config.operatorToken);
    const a = await makeClientAccount(env.app);
    const tz = (await a.client.get('/v1/me')).json().account.timeZone as string;
    const realNow = env.ctx.now;
    // A window covering today (the client's weekday), and the same time tomorrow outside it.
    const today = DateTime.now().setZone(tz);
    const tomorrow = new Date(Date.now() + 86_400_000);
    try {
      const grant = (await a.client.post('/v1/partner-grants', { partnerId: p.id, numberIds: [a.numbers[0].id], permissions: [], hours: [{ days: [today.weekday], from: '00:00', to: '24:00' }] })).json();
      expect(grant.state).toBe('active');
      await p.manager.post('/v1/partner/assignments', { userId: p.agentId, clientId: a.accountId });
      expect((await p.agent.post('/v1/partner/switch', { accountId: a.accountId })).statusCode).toBe(200);
      expect((await p.agent.get(`/v1/conversations/${a.conversations[0]}`)).statusCode).toBe(200);
      env.ctx.now = () => tomorrow;
      const outside = await p.agent.get(`/v1/conversations/${a.conversations[0]}`);
      expect(outside.json().error).toMatchObject({ code: 'partner_access_ended', details: { reason: 'outside_hours' } });
      expect((await p.agent.post('/v1/partner/switch', { accountId: a.accountId })).statusCode).toBe(403);
      expect((await a.client.get(`/v1/partner-grants/${grant.id}`)).json().state).toBe('outside_hours');
      env.ctx.now = realNow;
      expect((await p.agent.post('/v1/partner/switch', { accountId: a.accountId })).statusCode).toBe(200);
      const expiresAt = new Date(Date.now() + 60_000);
      await a.client.patch(`/v1/partner-grants/${grant.id}`, { expiresAt: expiresAt.toISOString() });
      expect((await p.agent.get(`/v1/conversations/${a.conversations[0]}`)).statusCode).toBe(200);
      env.ctx.now = () => new Date(expiresAt.getTime() + 1000);
      const expired = await p.agent.get(`/v1/conversations/${a.conversations[0]}`);
      expect(expired.json().error).toMatchObject({ code: 'partner_access_ended', details: { reason: 'expired' } });
      expect((await a.client.get(`/v1/partner-grants/${grant.id}`)).json().state).toBe('expired');
      expect((await p.agent.post('/v1/partner/switch', { accountId: a.accountId })).statusCode).toBe(403);
    } finally {
      env.ctx.now = realNow;
    }
  });

  it('a grant by team covers that team\'s conversations only, and the partner cannot move one out of it; the combined queue spans every served client', { timeout: 180_000 }, async () => {
    const { app, config } = use();
    const p = await makePartner(app, config.operatorToken);
    const a = await makeClientAccount(app);
    const c = await makeClientAccount(app);
    // A: the grant names a team (no numbers); conversation 0 is in it, conversation 1 in another team.
    const support = (await a.client.post('/v1/teams', { name: 'Support' })).json();
    const sales = (await a.client.post('/v1/teams', { name: 'Sales' })).json();
    expect((await a.client.post(`/v1/conversations/${a.conversations[0]}/assign`, { teamId: support.id })).statusCode).toBe(200);
    expect((await a.client.post(`/v1/conversations/${a.conversations[1]}/assign`, { teamId: sales.id })).statusCode).toBe(200);
    const grant = await a.client.post('/v1/partner-grants', { partnerId: p.id, teamIds: [support.id], permissions: ['reply', 'assign'] });
    expect(grant.statusCode, grant.body).toBe(201);
    expect(grant.json()).toMatchObject({ numberIds: [], teamIds: [support.id] });
    // C: the grant names a number.
    expect((await c.client.post('/v1/partner-grants', { partnerId: p.id, numberIds: [c.numbers[1].id], permissions: ['reply'] })).statusCode).toBe(201);
    for (const client of [a, c]) expect((await p.manager.post('/v1/partner/assignments', { userId: p.agentId, clientId: client.accountId })).statusCode).toBe(204);

    // The combined queue (from the partner account): each client's granted conversations, nothing else.
    const queue = (await p.agent.get('/v1/partner/queue?state=all')).json().data as Array<{ client: { id: string }; conversation: { id: string } }>;
    expect(queue.map((q) => `${q.client.id} ${q.conversation.id}`).sort()).toEqual([`${a.accountId} ${a.conversations[0]}`, `${c.accountId} ${c.conversations[1]}`].sort());

    // In A: the team's conversation only, by list, by id, its contact and the teams list.
    expect((await p.agent.post('/v1/partner/switch', { accountId: a.accountId })).statusCode).toBe(200);
    expect((await p.agent.get('/v1/conversations?state=all')).json().data.map((x: { id: string }) => x.id)).toEqual([a.conversations[0]]);
    expect((await p.agent.get(`/v1/conversations/${a.conversations[1]}`)).statusCode).toBe(404);
    expect((await p.agent.get(`/v1/contacts/${a.contactIds[1]}`)).statusCode).toBe(404);
    expect((await p.agent.get(`/v1/conversations?team=${sales.id}`)).json().data).toEqual([]);
    expect((await p.agent.get('/v1/teams')).json().data.map((t: { id: string }) => t.id)).toEqual([support.id]);
    // Assigning stays inside the grant: another team, or no team at all, would move the conversation out of it.
    const assign = (body: unknown) => p.agent.post(`/v1/conversations/${a.conversations[0]}/assign`, body);
    expect((await assign({ teamId: sales.id })).statusCode).toBe(403);
    expect((await assign({})).statusCode).toBe(403);
    expect((await assign({ userId: a.userId })).statusCode).toBe(403);
    expect((await assign({ teamId: null, userId: null })).statusCode).toBe(403);
    expect((await a.client.get(`/v1/conversations/${a.conversations[0]}`)).json()).toMatchObject({ team: { id: support.id } });
    // Within the team it works (here: the team, nobody named).
    expect((await assign({ teamId: support.id })).json()).toMatchObject({ team: { id: support.id }, assignee: null });
    // The client moves it out of the team: it leaves the partner's reach at once.
    expect((await a.client.post(`/v1/conversations/${a.conversations[0]}/assign`, { teamId: sales.id })).statusCode).toBe(200);
    expect((await p.agent.get(`/v1/conversations/${a.conversations[0]}`)).statusCode).toBe(404);
    expect((await p.agent.get('/v1/conversations?state=all')).json().data).toEqual([]);
  });

  it('the combined queue is live: changes inside each grant are streamed, others not; a revoked client stops at once', { timeout: 180_000 }, async () => {
    const env = use();
    const p = await makePartner(env.app, env.config.operatorToken);
    const a = await makeClientAccount(env.app);
    const c = await makeClientAccount(env.app);
    const grantA = (await a.client.post('/v1/partner-grants', { partnerId: p.id, numberIds: [a.numbers[0].id], permissions: ['reply'] })).json();
    await c.client.post('/v1/partner-grants', { partnerId: p.id, numberIds: [c.numbers[1].id], permissions: ['reply'] });
    for (const x of [a, c]) await p.manager.post('/v1/partner/assignments', { userId: p.agentId, clientId: x.accountId });
    // Only a partner's people: a client's own session is refused (before any stream opens).
    expect((await a.client.get('/v1/partner/queue/stream')).json().error.code).toBe('forbidden');

    if (!env.app.server.listening) await env.app.listen({ port: 0, host: '127.0.0.1' }); // (this file's app does not listen otherwise; closed with the app)
    const port = (env.app.server.address() as { port: number }).port;
    const cookie = Object.entries(p.agent.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    const got: Array<{ type: string; data: Record<string, unknown> }> = [];
    const req = http.get({ host: '127.0.0.1', port, path: '/v1/partner/queue/stream', headers: { cookie } });
    let buf = '';
    await new Promise<void>((resolve, reject) => req.on('error', reject).on('response', (res) => {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/event-stream');
      res.on('data', (chunk: Buffer) => {
        buf += chunk.toString();
        const parts = buf.split('\n\n');
        buf = parts.pop()!;
        for (const part of parts) {
          const m = /event: (.+)\ndata: (.+)/.exec(part);
          if (m) got.push({ type: m[1], data: JSON.parse(m[2]) });
        }
        resolve();
      });
    }));
    const waitFor = async (pred: (e: (typeof got)[number]) => boolean) => {
      const deadline = Date.now() + 30_000; // a bound (a shared PostgreSQL server's outbox horizon waits for other databases' transactions)
      while (!got.some(pred)) {
        if (Date.now() > deadline) throw new Error(`not streamed: ${JSON.stringify(got)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    const about = (x: { accountId: string }, id: string) => (e: (typeof got)[number]) => e.type === 'queue.changed' && e.data.clientId === x.accountId && e.data.conversationId === id;
    try {
      // Outside A's grant first, then inside: once the later one is streamed, the earlier one was read (and left out).
      await a.client.patch(`/v1/conversations/${a.conversations[1]}`, { status: 'pending' });
      await a.client.patch(`/v1/conversations/${a.conversations[0]}`, { status: 'pending' });
      // (Other events about it — the setup's text, committed late on a shared PostgreSQL server — may come too.)
      const updated = (e: (typeof got)[number]) => about(a, a.conversations[0])(e) && e.data.type === 'conversation.updated';
      await waitFor(updated);
      expect(got.find(updated)!.data).toEqual({ clientId: a.accountId, conversationId: a.conversations[0], type: 'conversation.updated' });
      await c.client.patch(`/v1/conversations/${c.conversations[0]}`, { status: 'pending' });
      await c.client.patch(`/v1/conversations/${c.conversations[1]}`, { status: 'pending' });
      await waitFor(about(c, c.conversations[1]));
      expect(got.filter((e) => e.type === 'queue.changed').map((e) => e.data.conversationId).every((id) => id === a.conversations[0] || id === c.conversations[1])).toBe(true);
      expect(JSON.stringify(got)).not.toContain('Hello from number'); // no bodies

      // A revokes: the stream says the clients changed, and A's changes are no longer streamed.
      expect((await a.client.delete(`/v1/partner-grants/${grantA.id}`)).statusCode).toBe(204);
      await waitFor((e) => e.type === 'clients.changed');
      expect(got.find((e) => e.type === 'clients.changed')!.data).toEqual({ clientIds: [c.accountId] });
      const seen = got.length;
      await a.client.patch(`/v1/conversations/${a.conversations[0]}`, { status: 'open' });
      await c.client.patch(`/v1/conversations/${c.conversations[1]}`, { status: 'open' });
      await waitFor((e) => about(c, c.conversations[1])(e) && got.indexOf(e) >= seen);
      expect(got.slice(seen).filter((e) => e.data.clientId === a.accountId)).toEqual([]);
    } finally {
      req.destroy();
    }
  });

  it('canned replies using a masked field are not rendered for a partner agent (no masked value in the response); the client\'s own people get them all rendered', { timeout: 120_000 }, async () => {
    const { app, config } = use();
    const p = await makePartner(app, config.operatorToken);
    const a = await makeClientAccount(app);
    const first = `Zelda${Math.random().toString(36).slice(2, 8)}`;
    const email = `${first.toLowerCase()}@customer.example.com`;
    expect((await a.client.patch(`/v1/contacts/${a.contactIds[0]}`, { firstName: first, email })).statusCode).toBe(200);
    for (const [shortcut, body] of [['hi', 'Hi {{first_name|there}}'], ['mail', 'Email: {{email}}'], ['thanks', 'Thanks!']]) {
      expect((await a.client.post('/v1/canned-replies', { shortcut, body })).statusCode).toBe(201);
    }
    await a.client.post('/v1/partner-grants', { partnerId: p.id, numberIds: [a.numbers[0].id], permissions: ['reply'], maskedFields: ['name', 'email'] });
    await p.manager.post('/v1/partner/assignments', { userId: p.agentId, clientId: a.accountId });
    expect((await p.agent.post('/v1/partner/switch', { accountId: a.accountId })).statusCode).toBe(200);

    type Canned = { shortcut: string; rendered: string | null; maskedFields: string[] };
    const byShortcut = (data: Canned[]) => Object.fromEntries(data.map((c) => [c.shortcut, { rendered: c.rendered, maskedFields: c.maskedFields }]));
    const res = await p.agent.get(`/v1/canned-replies?conversationId=${a.conversations[0]}`);
    expect(res.statusCode).toBe(200);
    expect(byShortcut(res.json().data)).toEqual({
      hi: { rendered: null, maskedFields: ['name'] },
      mail: { rendered: null, maskedFields: ['email'] },
      thanks: { rendered: 'Thanks!', maskedFields: [] },
    });
    expect(res.body).not.toContain(first);
    expect(res.body.toLowerCase()).not.toContain(email);

    // The client's own owner: all three rendered, nothing hidden.
    expect(byShortcut((await a.client.get(`/v1/canned-replies?conversationId=${a.conversations[0]}`)).json().data)).toEqual({
      hi: { rendered: `Hi ${first}`, maskedFields: [] },
      mail: { rendered: `Email: ${email}`, maskedFields: [] },
      thanks: { rendered: 'Thanks!', maskedFields: [] },
    });
  });

  it('the inbox search does not match the fields a grant masks (no oracle for a hidden email, name or number); message words and unmasked fields still match', { timeout: 120_000 }, async () => {
    const { app, config } = use();
    const p = await makePartner(app, config.operatorToken);
    const a = await makeClientAccount(app);
    const first = `Zelda${Math.random().toString(36).slice(2, 8)}`;
    const email = `${first.toLowerCase()}@customer.example.com`;
    expect((await a.client.patch(`/v1/contacts/${a.contactIds[0]}`, { firstName: first, lastName: 'Quixote', email })).statusCode).toBe(200);
    const digits = ((await a.client.get(`/v1/contacts/${a.contactIds[0]}`)).json().phone as string).replace(/\D/g, '');
    const grant = (await a.client.post('/v1/partner-grants', { partnerId: p.id, numberIds: [a.numbers[0].id], permissions: ['reply'], maskedFields: ['name', 'email', 'phone'] })).json();
    await p.manager.post('/v1/partner/assignments', { userId: p.agentId, clientId: a.accountId });
    expect((await p.agent.post('/v1/partner/switch', { accountId: a.accountId })).statusCode).toBe(200);
    const found = async (c: Client, q: string) => {
      const res = await c.get(`/v1/conversations?state=all&search=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBe(200);
      return res.json().data.map((x: { id: string }) => x.id) as string[];
    };
    const openCount = async (c: Client, q: string) => (await c.get(`/v1/conversations/counts?search=${encodeURIComponent(q)}`)).json().open as number;
    const hidden = [email, email.slice(0, 4), '@customer', '@', first, first.toUpperCase(), 'quixote', digits, digits.slice(-7)];
    // The client's own people find the contact by each of them.
    for (const q of hidden) expect(await found(a.client, q), q).toEqual([a.conversations[0]]);
    // The partner agent finds it by none (the list and the counts alike), though the conversation is inside the grant …
    for (const q of hidden) {
      expect(await found(p.agent, q), q).toEqual([]);
      expect(await openCount(p.agent, q), q).toBe(0);
    }
    // … and still by the words of its messages, which the agent reads.
    expect(await found(p.agent, 'hello from')).toEqual([a.conversations[0]]);
    // Only what the grant masks is left out: unmasked, the email and the number match again.
    expect((await a.client.patch(`/v1/partner-grants/${grant.id}`, { maskedFields: ['name'] })).statusCode).toBe(200);
    expect(await found(p.agent, email)).toEqual([a.conversations[0]]);
    expect(await found(p.agent, digits.slice(-7))).toEqual([a.conversations[0]]);
    expect(await found(p.agent, 'quixote')).toEqual([]); // the name is still masked (the first name is also in the email)
  });

  it('a partner manager works any served client without an assignment; removing an agent from the partner ends their assignments', { timeout: 120_000 }, async () => {
    const { app, config } = use();
    const p = await makePartner(app, config.operatorToken);
    const a = await makeClientAccount(app);
    await a.client.post('/v1/partner-grants', { partnerId: p.id, numberIds: [a.numbers[1].id], permissions: ['reply'] });
    expect((await p.manager.post('/v1/partner/switch', { accountId: a.accountId })).statusCode).toBe(200);
    expect((await p.manager.get('/v1/conversations?state=all')).json().data.map((c: { id: string }) => c.id)).toEqual([a.conversations[1]]);
    // Partner managers act as agents in a client: the client's settings stay closed.
    expect((await p.manager.post('/v1/partner-grants', { partnerId: p.id, numberIds: [], permissions: [] })).statusCode).toBe(403);
    await p.manager.post('/v1/partner/switch', { accountId: p.id });
    await p.manager.post('/v1/partner/assignments', { userId: p.agentId, clientId: a.accountId });
    expect((await p.manager.delete(`/v1/members/${p.agentId}`)).statusCode).toBe(204);
    expect((await p.manager.get('/v1/partner/assignments')).json().data).toEqual([]);
  });
});
