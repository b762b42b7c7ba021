import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import pg from 'pg';
import { fromPublicId, toPublicId } from '../src/lib/ids.js';
import { describeEachDb } from './harness.js';
import { Client, signUp } from './factories.js';
import { makeClientAccount, makePartner } from './partner-fixtures.js';

describeEachDb('partner organisations: no numbers or texts of their own; grants name only the client\'s teams', (use) => {
  const refused = (res: LightMyRequestResponse) => {
    expect([res.statusCode, res.json().error?.code]).toEqual([403, 'partner_account']);
  };

  it("a partner account's people and API keys cannot get numbers, connect carriers or send; its agents still reply in a client through the grant", { timeout: 120_000 }, async () => {
    const { app, config } = use();
    const p = await makePartner(app, config.operatorToken);
    const a = await makeClientAccount(app);
    const key = (await p.manager.post('/v1/api-keys', { name: 'desk tools' })).json();
    expect(key.key).toMatch(/^wm_/);
    const api = new Client(app, key.key);
    const accountSid = (await p.manager.get('/v1/account')).json().account.twilioAccountSid as string;

    for (const caller of [p.manager, api]) {
      refused(await caller.post('/v1/numbers', { provider: 'simulator' }));
      refused(await caller.post('/v1/provider-connections', { kind: 'simulator', name: 'Sim' }));
      refused(await caller.post(`/v1/provider-connections/${toPublicId('connection', randomUUID())}/carrier-numbers/import`, {}));
      refused(await caller.post('/v1/messages', { to: '+12125550123', body: 'Hello' }));
      refused(await caller.post('/v1/messages/batch', { body: 'Hello', messages: [{ to: '+12125550123' }] }));
      refused(await caller.post('/v1/campaigns', { name: 'Promo', body: 'Hi', audience: { tags: ['vip'] } }));
      refused(await caller.post('/v1/campaigns/cmp_nope/launch'));
      refused(await caller.post(`/v1/conversations/${a.conversations[0]}/messages`, { body: 'Hi' }));
    }
    refused(await p.agent.post('/v1/messages', { to: '+12125550123', body: 'Hello' }));
    // The Twilio-compatible API with the partner's key: sending is refused (Twilio's error shape, 403).
    const basic = { authorization: `Basic ${Buffer.from(`${accountSid}:${key.key}`).toString('base64')}` };
    const tw = await new Client(app).request('POST', `/2010-04-01/Accounts/${accountSid}/Messages.json`, { To: '+12125550123', Body: 'Hello' }, basic);
    expect(tw.statusCode).toBe(403);
    expect(tw.json().message).toMatch(/partner organisation/);
    // Nothing was made.
    expect((await p.manager.get('/v1/numbers')).json().data).toEqual([]);
    expect((await p.manager.get('/v1/provider-connections')).json().data).toEqual([]);
    expect((await p.manager.get('/v1/campaigns')).json().data).toEqual([]);
    expect((await p.manager.get('/v1/messages')).json().data).toEqual([]);

    // The partner's own work is unchanged: its desk, and its agents replying in a client's conversation through the grant.
    expect((await p.manager.get('/v1/partner/clients')).statusCode).toBe(200);
    const grant = await a.client.post('/v1/partner-grants', { partnerId: p.id, numberIds: [a.numbers[0].id], permissions: ['reply'] });
    expect(grant.statusCode).toBe(201);
    expect((await p.manager.post('/v1/partner/assignments', { userId: p.agentId, clientId: a.accountId })).statusCode).toBe(204);
    expect((await p.agent.post('/v1/partner/switch', { accountId: a.accountId })).json().actingIn).toBe(a.accountId);
    expect((await p.agent.post(`/v1/conversations/${a.conversations[0]}/messages`, { body: 'Hi, this is your support desk' })).statusCode).toBe(201);
    // Starting a new conversation is not granted: the partner rule answers, not the partner-account rule.
    expect((await p.agent.post('/v1/messages', { to: '+12125550123', body: 'Hello' })).json().error.code).toBe('partner_not_allowed');
    // A business still sends.
    expect((await a.client.post('/v1/messages', { from: a.numbers[0].phoneNumber, to: '+12125550124', body: 'Hello' })).statusCode).toBe(201);
  });

  it("a grant's teams must be the client's: another account's team or an unknown id is 422 unknown_team, on create and on change", { timeout: 120_000 }, async () => {
    const { app, config } = use();
    const p = await makePartner(app, config.operatorToken);
    const a = await makeClientAccount(app);
    const b = await signUp(app);
    const own = (await a.client.post('/v1/teams', { name: 'Support' })).json();
    const other = (await b.client.post('/v1/teams', { name: 'Billing' })).json();
    expect([own.id, other.id]).toEqual([expect.stringMatching(/^team_/), expect.stringMatching(/^team_/)]);
    const madeUp = toPublicId('team', randomUUID());

    const unknown = (res: LightMyRequestResponse, ids: string[]) => {
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toMatchObject({ code: 'unknown_team', details: { field: 'teamIds', ids } });
    };
    unknown(await a.client.post('/v1/partner-grants', { partnerId: p.id, teamIds: [other.id], permissions: [] }), [other.id]);
    unknown(await a.client.post('/v1/partner-grants', { partnerId: p.id, teamIds: [own.id, madeUp], permissions: [] }), [madeUp]);
    unknown(await a.client.post('/v1/partner-grants', { partnerId: p.id, numberIds: [a.numbers[0].id], teamIds: [madeUp, other.id], permissions: [] }), [madeUp, other.id]);
    expect((await a.client.get('/v1/partner-grants')).json().data).toEqual([]);

    const created = await a.client.post('/v1/partner-grants', { partnerId: p.id, teamIds: [own.id], permissions: ['reply'] });
    expect(created.statusCode).toBe(201);
    const grant = created.json();
    expect(grant.teamIds).toEqual([own.id]);

    unknown(await a.client.patch(`/v1/partner-grants/${grant.id}`, { teamIds: [other.id] }), [other.id]);
    unknown(await a.client.patch(`/v1/partner-grants/${grant.id}`, { teamIds: [own.id, madeUp] }), [madeUp]);
    expect((await a.client.get(`/v1/partner-grants/${grant.id}`)).json().teamIds).toEqual([own.id]);
    const changed = await a.client.patch(`/v1/partner-grants/${grant.id}`, { teamIds: [own.id], numberIds: [a.numbers[1].id] });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ teamIds: [own.id], numberIds: [a.numbers[1].id] });
  });

  it('a team a live grant names cannot be deleted — 409 team_in_grant until the grant no longer names it (a grant naming a deleted team reached none of its conversations and could not be saved again as it stood)', { timeout: 120_000 }, async () => {
    const { app, config } = use();
    const p = await makePartner(app, config.operatorToken);
    const a = await makeClientAccount(app);
    const support = (await a.client.post('/v1/teams', { name: 'Support' })).json();
    const sales = (await a.client.post('/v1/teams', { name: 'Sales' })).json();
    const grant = (await a.client.post('/v1/partner-grants', { partnerId: p.id, teamIds: [support.id], permissions: ['reply'] })).json();
    const refused = await a.client.delete(`/v1/teams/${support.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'team_in_grant', details: { grantIds: [grant.id] } });
    expect((await a.client.get(`/v1/teams/${support.id}`)).statusCode).toBe(200);
    expect((await a.client.get(`/v1/partner-grants/${grant.id}`)).json().teamIds).toEqual([support.id]);
    // A team no grant names goes; once the grant names another team (or is revoked), this one goes too.
    expect((await a.client.delete(`/v1/teams/${sales.id}`)).statusCode).toBe(204);
    const other = (await a.client.post('/v1/teams', { name: 'Escalations' })).json();
    expect((await a.client.patch(`/v1/partner-grants/${grant.id}`, { teamIds: [other.id] })).statusCode).toBe(200);
    expect((await a.client.delete(`/v1/teams/${support.id}`)).statusCode).toBe(204);
    expect((await a.client.delete(`/v1/partner-grants/${grant.id}`)).statusCode).toBeLessThan(300);
    expect((await a.client.delete(`/v1/teams/${other.id}`)).statusCode).toBe(204);
  });

  it('a grant saved while its team is being deleted: the delete waits for the save and answers 409 team_in_grant', { timeout: 120_000 }, async () => {
    const env = use();
    if (env.ctx.database.kind !== 'postgres') return; // one connection on PGlite: no two transactions at once
    const p = await makePartner(env.app, env.config.operatorToken);
    const a = await makeClientAccount(env.app);
    const support = (await a.client.post('/v1/teams', { name: 'Support' })).json();
    const sales = (await a.client.post('/v1/teams', { name: 'Sales' })).json();
    const grant = (await a.client.post('/v1/partner-grants', { partnerId: p.id, teamIds: [sales.id], permissions: ['reply'] })).json();
    const [accountId, teamId, grantId] = [fromPublicId('account', a.accountId)!, fromPublicId('team', support.id)!, fromPublicId('partnerGrant', grant.id)!];
    // A grant save in flight, as changeGrant runs it: the team it names locked (for share), the grant changed, not committed yet.
    const saver = new pg.Client({ connectionString: env.config.databaseUrl });
    await saver.connect();
    try {
      await saver.query('begin');
      expect((await saver.query(`select id from teams where account_id = $1 and id = $2 for share`, [accountId, teamId])).rowCount).toBe(1);
      await saver.query(`update partner_grants set team_ids = array[$3::uuid] where account_id = $1 and id = $2`, [accountId, grantId, teamId]);
      const deleting = Promise.resolve().then(() => a.client.delete(`/v1/teams/${support.id}`)); // (an injected request starts when awaited)
      // The delete waits for the save's lock (a lock not granted), then the save commits.
      const deadline = Date.now() + 20_000;
      while (Number((await env.ctx.database.query<{ n: unknown }>(`select count(*) n from pg_locks l join pg_stat_activity a on a.pid = l.pid where not l.granted and a.datname = current_database()`)).rows[0].n) === 0) {
        if (Date.now() > deadline) throw new Error(`the delete never waited for the grant save (it answered ${await Promise.race([deleting.then((r) => `${r.statusCode} ${r.body}`), Promise.resolve('nothing yet')])})`);
        await new Promise((r) => setImmediate(r));
      }
      await saver.query('commit');
      const res = await deleting;
      expect(res.statusCode).toBe(409);
      expect(res.json().error?.code).toBe('team_in_grant');
      expect((await a.client.get(`/v1/teams/${support.id}`)).statusCode).toBe(200);
    } finally {
      await saver.query('rollback').catch(() => {});
      await saver.end();
    }
  });
});
