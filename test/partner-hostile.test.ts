import { expect, it } from 'vitest';
import pg from 'pg';
import { fromPublicId } from '../src/lib/ids.js';
import { describeEachDb } from './harness.js';
import { Client, STRONG_PASSWORD, lastEmailTo, postMultipart, tokenFrom } from './factories.js';
import { makeClientAccount, makePartner } from './partner-fixtures.js';

describeEachDb('partners, hostile', (use) => {
  it('a released number leaves the grants that name it: a grant of other numbers keeps them (and can be saved as it stands), a grant of that number alone is revoked — never widened to every number', { timeout: 180_000 }, async () => {
    const { app, config } = use();
    const p = await makePartner(app, config.operatorToken);
    const q = await makePartner(app, config.operatorToken);
    const a = await makeClientAccount(app);
    const [n0, n1] = a.numbers;
    // P works both numbers; Q only the one that will be released.
    const wide = (await a.client.post('/v1/partner-grants', { partnerId: p.id, numberIds: [n0.id, n1.id], permissions: ['reply'] })).json();
    const narrow = (await a.client.post('/v1/partner-grants', { partnerId: q.id, numberIds: [n1.id], permissions: ['reply'] })).json();
    expect(narrow.state).toBe('active');
    await q.manager.post('/v1/partner/switch', { accountId: a.accountId });
    expect((await q.manager.get(`/v1/conversations/${a.conversations[1]}`)).statusCode).toBe(200);
    const pool = (await a.client.post('/v1/number-pools', { name: 'Both', numberIds: [n0.id, n1.id] })).json();

    expect((await a.client.delete(`/v1/numbers/${n1.id}?cancelQueued=true`)).statusCode).toBe(200);

    // P's grant names the live number only, and saving it as it stands works.
    const after = (await a.client.get(`/v1/partner-grants/${wide.id}`)).json();
    expect(after).toMatchObject({ numberIds: [n0.id], state: 'active' });
    const saved = await a.client.patch(`/v1/partner-grants/${wide.id}`, { numberIds: after.numberIds, permissions: ['reply', 'notes'] });
    expect(saved.statusCode, saved.body).toBe(200);
    // Q's grant reached that number only: it is revoked (not emptied, which would mean every number), and Q is out.
    expect((await a.client.get(`/v1/partner-grants/${narrow.id}`)).json()).toMatchObject({ numberIds: [n1.id], state: 'revoked' });
    const refused = await q.manager.get(`/v1/conversations/${a.conversations[0]}`);
    expect(refused.json().error).toMatchObject({ code: 'partner_access_ended', details: { reason: 'revoked' } });
    // Both changes are in the client's log, saying why.
    const log = (await a.client.get('/v1/audit-events?limit=100')).json().data as Array<{ action: string; details: Record<string, unknown> }>;
    expect(log.find((e) => e.action === 'partner_grant.revoked')?.details).toMatchObject({ reason: 'number_released' });
    expect(log.find((e) => e.action === 'partner_grant.changed' && e.details.reason === 'number_released')).toBeDefined();
    // The pool lists the live number only (its release already left it out).
    expect((await a.client.get(`/v1/number-pools/${pool.id}`)).json().numbers.map((n: { id: string }) => n.id)).toEqual([n0.id]);
  });

  it("a partner agent allowed to assign sees the client's people by name only — not their email addresses (the client's own people see them)", { timeout: 120_000 }, async () => {
    const { app, config } = use();
    const p = await makePartner(app, config.operatorToken);
    const a = await makeClientAccount(app);
    await a.client.post('/v1/partner-grants', { partnerId: p.id, numberIds: [a.numbers[0].id], permissions: ['assign'] });
    await p.manager.post('/v1/partner/assignments', { userId: p.agentId, clientId: a.accountId });
    await p.agent.post('/v1/partner/switch', { accountId: a.accountId });
    const own = (await a.client.get('/v1/agents')).json().data as Array<{ userId: string; name: string; email: string }>;
    expect(own.find((x) => x.userId === a.userId)?.email).toMatch(/@/);
    const seen = await p.agent.get('/v1/agents');
    expect(seen.statusCode).toBe(200);
    const mine = (seen.json().data as Array<{ userId: string; name: string; email: string }>).find((x) => x.userId === a.userId);
    expect(mine?.name).toBe(own.find((x) => x.userId === a.userId)?.name);
    expect(seen.body).not.toContain('@');
    // Still assignable by id.
    expect((await p.agent.post(`/v1/conversations/${a.conversations[0]}/assign`, { userId: a.userId })).statusCode).toBe(200);
  });

  it("a partner agent's list of assignments holds their own only: not the other clients the organisation serves (an agent is shown only the clients they work); a manager sees all", { timeout: 120_000 }, async () => {
    const { app, config } = use();
    const p = await makePartner(app, config.operatorToken);
    const a = await makeClientAccount(app);
    const hidden = `Hidden Clinic ${Date.now()}`;
    const c = await makeClientAccount(app, hidden);
    await a.client.post('/v1/partner-grants', { partnerId: p.id, numberIds: [a.numbers[0].id], permissions: [] });
    await c.client.post('/v1/partner-grants', { partnerId: p.id, numberIds: [c.numbers[0].id], permissions: [] });
    // The agent works A; the manager works C themselves (assigned too).
    expect((await p.manager.post('/v1/partner/assignments', { userId: p.agentId, clientId: a.accountId })).statusCode).toBe(204);
    expect((await p.manager.post('/v1/partner/assignments', { userId: p.managerId, clientId: c.accountId })).statusCode).toBe(204);
    const name = (x: { client: { id: string } }) => x.client.id;
    expect(((await p.manager.get('/v1/partner/assignments')).json().data as Array<{ client: { id: string } }>).map(name).sort()).toEqual([a.accountId, c.accountId].sort());
    expect((await p.agent.get('/v1/partner/clients')).json().clients.map((x: { accountId: string }) => x.accountId)).toEqual([a.accountId]);
    const seen = await p.agent.get('/v1/partner/assignments');
    expect(seen.statusCode).toBe(200);
    expect((seen.json().data as Array<{ client: { id: string } }>).map(name)).toEqual([a.accountId]);
    expect(seen.body).not.toContain(hidden);
  });

  it('a grant saved while its number is being released: the save waits for the release and answers 422 unknown_number (it named a number the release already took out of the grants)', { timeout: 120_000 }, async () => {
    const env = use();
    if (env.ctx.database.kind !== 'postgres') return; // one connection on PGlite: no two transactions at once
    const p = await makePartner(env.app, env.config.operatorToken);
    const a = await makeClientAccount(env.app);
    const [n0, n1] = a.numbers;
    const grant = (await a.client.post('/v1/partner-grants', { partnerId: p.id, numberIds: [n0.id], permissions: ['reply'] })).json();
    const [accountId, numberId] = [fromPublicId('account', a.accountId)!, fromPublicId('number', n1.id)!];
    // A release in flight, as releaseNumber runs it: the number locked and marked released, not committed yet (no grant named it).
    const releaser = new pg.Client({ connectionString: env.config.databaseUrl });
    await releaser.connect();
    try {
      await releaser.query('begin');
      expect((await releaser.query(`select id from phone_numbers where account_id = $1 and id = $2 and released_at is null for update`, [accountId, numberId])).rowCount).toBe(1);
      await releaser.query(`update phone_numbers set released_at = now() where account_id = $1 and id = $2`, [accountId, numberId]);
      let answered = 'nothing yet';
      const saving = Promise.resolve().then(() => a.client.patch(`/v1/partner-grants/${grant.id}`, { numberIds: [n0.id, n1.id] })); // (an injected request starts when awaited)
      void saving.then((r) => { answered = `${r.statusCode} ${r.body}`; });
      // The save waits for the release's lock (a lock not granted), then the release commits.
      const deadline = Date.now() + 20_000;
      while (Number((await env.ctx.database.query<{ n: unknown }>(`select count(*) n from pg_locks l join pg_stat_activity a on a.pid = l.pid where not l.granted and a.datname = current_database()`)).rows[0].n) === 0) {
        if (Date.now() > deadline) throw new Error(`the grant save never waited for the release (it answered ${answered})`);
        await new Promise((r) => setImmediate(r));
      }
      await releaser.query('commit');
      const res = await saving;
      expect(res.json().error?.code, res.body).toBe('unknown_number');
      expect((await a.client.get(`/v1/partner-grants/${grant.id}`)).json().numberIds).toEqual([n0.id]);
    } finally {
      await releaser.query('rollback').catch(() => {});
      await releaser.end();
    }
  });

  it("an admin cannot invite an admin (as they cannot make one): a partner admin does not mint more partner managers, who see every client; the owner can", { timeout: 120_000 }, async () => {
    const { app, config } = use();
    const p = await makePartner(app, config.operatorToken);
    const email = `admin-${Date.now()}@bpo.example.com`;
    expect((await p.manager.post('/v1/invitations', { email, role: 'admin' })).statusCode).toBe(201);
    const admin = new Client(app);
    const accepted = await admin.post('/v1/invitations/accept', { token: tokenFrom((await lastEmailTo(app, email, config.operatorToken)).text), name: 'Adam Admin', phone: '+14155550124', password: STRONG_PASSWORD });
    expect(accepted.statusCode, accepted.body).toBe(201);
    const agentId = p.agentId;
    // As a role change: refused.
    expect((await admin.patch(`/v1/members/${agentId}`, { role: 'admin' })).statusCode).toBe(403);
    // As an invitation: refused too, and nothing is mailed.
    const second = `second-${Date.now()}@bpo.example.com`;
    const refused = await admin.post('/v1/invitations', { email: second, role: 'admin' });
    expect(refused.statusCode, refused.body).toBe(403);
    expect((await p.manager.get('/v1/invitations')).json().data.map((i: { email: string }) => i.email)).not.toContain(second);
    // Agents and viewers they may invite.
    expect((await admin.post('/v1/invitations', { email: second, role: 'agent' })).statusCode).toBe(201);
  });

  it("a partner's viewer assigned to a client reads its granted conversations but does not act there (a viewer in the partner is a viewer in the client, not an agent)", { timeout: 120_000 }, async () => {
    const { app, config } = use();
    const p = await makePartner(app, config.operatorToken);
    const a = await makeClientAccount(app);
    await a.client.post('/v1/partner-grants', { partnerId: p.id, numberIds: [a.numbers[0].id], permissions: ['reply', 'notes', 'assign', 'close'] });
    const email = `viewer-${Date.now()}@bpo.example.com`;
    expect((await p.manager.post('/v1/invitations', { email, role: 'viewer' })).statusCode).toBe(201);
    const viewer = new Client(app);
    const accepted = await viewer.post('/v1/invitations/accept', { token: tokenFrom((await lastEmailTo(app, email, config.operatorToken)).text), name: 'Vera Viewer', phone: '+14155550125', password: STRONG_PASSWORD });
    expect(accepted.statusCode, accepted.body).toBe(201);
    expect((await p.manager.post('/v1/partner/assignments', { userId: accepted.json().user.id, clientId: a.accountId })).statusCode).toBe(204);
    expect((await viewer.post('/v1/partner/switch', { accountId: a.accountId })).statusCode).toBe(200);
    expect((await viewer.get(`/v1/conversations/${a.conversations[0]}/messages`)).statusCode).toBe(200);
    const conv = a.conversations[0];
    const attempts = [
      await viewer.post(`/v1/conversations/${conv}/messages`, { body: 'From a viewer' }),
      await viewer.patch(`/v1/conversations/${conv}`, { status: 'closed' }),
      await viewer.post(`/v1/conversations/${conv}/notes`, { body: 'A viewer note' }),
      await viewer.post(`/v1/conversations/${conv}/assign`, { userId: a.userId }),
    ];
    expect(attempts.map((r) => r.statusCode)).toEqual([403, 403, 403, 403]);
    const messages = (await a.client.get(`/v1/conversations/${conv}/messages`)).json().data as Array<{ body: string }>;
    expect(messages.map((m) => m.body)).not.toContain('From a viewer');
    expect((await a.client.get(`/v1/conversations/${conv}`)).json().status).toBe('open');
  });

  it("a revoked grant ends the partner's assignments to that client (audited, naming the reason): a new grant does not bring its agents back — a manager assigns them again", { timeout: 120_000 }, async () => {
    const { app, config } = use();
    const p = await makePartner(app, config.operatorToken);
    const a = await makeClientAccount(app);
    const grant = (await a.client.post('/v1/partner-grants', { partnerId: p.id, numberIds: [a.numbers[0].id], permissions: ['reply'] })).json();
    expect((await p.manager.post('/v1/partner/assignments', { userId: p.agentId, clientId: a.accountId })).statusCode).toBe(204);
    expect((await p.agent.get('/v1/partner/clients')).json().clients.map((x: { accountId: string }) => x.accountId)).toEqual([a.accountId]);

    expect((await a.client.delete(`/v1/partner-grants/${grant.id}`)).statusCode).toBe(204);
    expect((await p.manager.get('/v1/partner/assignments')).json().data).toEqual([]);
    const log = (await a.client.get('/v1/audit-events?limit=100')).json().data as Array<{ action: string; details: Record<string, unknown> }>;
    expect(log.find((e) => e.action === 'partner.agent_unassigned')?.details).toMatchObject({ reason: 'grant_revoked', agentName: 'Pat Partneragent' });
    const partnerLog = (await p.manager.get('/v1/audit-events?limit=100')).json().data as Array<{ action: string; details: Record<string, unknown> }>;
    expect(partnerLog.find((e) => e.action === 'partner.agent_unassigned')?.details).toMatchObject({ reason: 'grant_revoked' });

    // Months later the client grants again: nobody of the partner is on it until a manager assigns them.
    const again = (await a.client.post('/v1/partner-grants', { partnerId: p.id, numberIds: [a.numbers[1].id], permissions: ['reply'] })).json();
    expect(again.agents).toEqual([]);
    expect((await p.agent.get('/v1/partner/clients')).json().clients).toEqual([]);
    expect((await p.agent.post('/v1/partner/switch', { accountId: a.accountId })).json().error.code).toBe('not_served');
    expect((await p.manager.post('/v1/partner/assignments', { userId: p.agentId, clientId: a.accountId })).statusCode).toBe(204);
    expect((await p.agent.post('/v1/partner/switch', { accountId: a.accountId })).statusCode).toBe(200);
  });

  it("a number's release that revokes a grant ends the partner's assignments to that client too", { timeout: 120_000 }, async () => {
    const { app, config } = use();
    const p = await makePartner(app, config.operatorToken);
    const a = await makeClientAccount(app);
    await a.client.post('/v1/partner-grants', { partnerId: p.id, numberIds: [a.numbers[1].id], permissions: ['reply'] });
    expect((await p.manager.post('/v1/partner/assignments', { userId: p.agentId, clientId: a.accountId })).statusCode).toBe(204);
    expect((await a.client.delete(`/v1/numbers/${a.numbers[1].id}?cancelQueued=true`)).statusCode).toBe(200);
    expect((await p.manager.get('/v1/partner/assignments')).json().data).toEqual([]);
    await a.client.post('/v1/partner-grants', { partnerId: p.id, numberIds: [a.numbers[0].id], permissions: ['reply'] });
    expect((await p.agent.get('/v1/partner/clients')).json().clients).toEqual([]);
  });

  it("/v1/agents gives a partner agent each agent's open conversations within the grant only (not the client's workload outside it); the client's own people get them all", { timeout: 120_000 }, async () => {
    const { app, config } = use();
    const p = await makePartner(app, config.operatorToken);
    const a = await makeClientAccount(app);
    for (const c of a.conversations) expect((await a.client.post(`/v1/conversations/${c}/assign`, { userId: a.userId })).statusCode).toBe(200);
    const team = (await a.client.post('/v1/teams', { name: 'Front desk', memberIds: [a.userId] })).json();
    expect((await a.client.post(`/v1/conversations/${a.conversations[1]}/assign`, { userId: a.userId, teamId: team.id })).statusCode).toBe(200);
    const openOf = async (c: Client) => ((await c.get('/v1/agents')).json().data as Array<{ userId: string; openCount: number }>).find((x) => x.userId === a.userId)?.openCount;
    expect(await openOf(a.client)).toBe(2);
    const grant = (await a.client.post('/v1/partner-grants', { partnerId: p.id, numberIds: [a.numbers[0].id], permissions: ['assign'] })).json();
    await p.manager.post('/v1/partner/assignments', { userId: p.agentId, clientId: a.accountId });
    expect((await p.agent.post('/v1/partner/switch', { accountId: a.accountId })).statusCode).toBe(200);
    expect(await openOf(p.agent)).toBe(1);
    // By team: the team's conversation only (on the other number).
    expect((await a.client.patch(`/v1/partner-grants/${grant.id}`, { numberIds: [], teamIds: [team.id] })).statusCode).toBe(200);
    expect(await openOf(p.agent)).toBe(1);
    expect((await a.client.post(`/v1/conversations/${a.conversations[1]}/assign`, { userId: a.userId })).statusCode).toBe(200); // out of the team
    expect(await openOf(p.agent)).toBe(0);
    expect(await openOf(a.client)).toBe(2);
  });

  it("a partner agent sees the pictures (MMS media) of the conversations their grant covers, at the same URL the client's people use — and no medium outside the grant", { timeout: 120_000 }, async () => {
    const { app, config, ctx } = use();
    const p = await makePartner(app, config.operatorToken);
    const a = await makeClientAccount(app);
    const gif = (name: string) => postMultipart(a.client, '/v1/media', {}, { content: Buffer.concat([Buffer.from('GIF89a'), Buffer.from(name), Buffer.alloc(16)]), filename: `${name}.gif` });
    // A picture on the conversation's text, as an MMS carries it (the simulator's connection carries no MMS).
    const mediaOf = async (conv: string) => {
      const up = (await gif(conv)).json();
      const [message] = (await a.client.get(`/v1/conversations/${conv}/messages`)).json().data as Array<{ id: string }>;
      await ctx.database.query(`update messages set media = $3::jsonb where account_id = $1 and id = $2`,
        [fromPublicId('account', a.accountId), fromPublicId('message', message.id), JSON.stringify([{ id: fromPublicId('media', up.id), contentType: 'image/gif', size: up.size }])]);
      const shown = (await a.client.get(`/v1/conversations/${conv}/messages`)).json().data as Array<{ media: Array<{ id: string; url: string }> | null }>;
      return shown[0].media![0];
    };
    const inside = await mediaOf(a.conversations[0]);
    const outside = await mediaOf(a.conversations[1]);
    const loose = (await gif('never-sent')).json(); // an upload on no message
    expect((await a.client.get(inside.url)).statusCode).toBe(200);
    await a.client.post('/v1/partner-grants', { partnerId: p.id, numberIds: [a.numbers[0].id], permissions: ['reply'] });
    await p.manager.post('/v1/partner/assignments', { userId: p.agentId, clientId: a.accountId });
    expect((await p.agent.post('/v1/partner/switch', { accountId: a.accountId })).statusCode).toBe(200);
    // The thread names the medium's URL; the agent fetches it.
    const thread = (await p.agent.get(`/v1/conversations/${a.conversations[0]}/messages`)).json().data as Array<{ media: Array<{ url: string }> | null }>;
    expect(thread.flatMap((m) => m.media ?? []).map((m) => m.url)).toContain(inside.url);
    const got = await p.agent.get(inside.url);
    expect(got.statusCode, got.body).toBe(200);
    expect(got.headers['content-type']).toContain('image/gif');
    // Outside the grant (another number's conversation, an upload on no message, another id): 404 alike.
    for (const url of [outside.url, loose.url, '/v1/media/med_01h00000000000000000000000']) expect((await p.agent.get(url)).statusCode, url).toBe(404);
  });
});
