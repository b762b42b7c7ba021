import { expect, it } from 'vitest';
import { describeEachDb } from './harness.js';
import { Client, STRONG_PASSWORD, lastEmailTo, signUp, tokenFrom } from './factories.js';

describeEachDb('team', (use) => {
  async function inviteAndAccept(owner: Client, role: string, email = `mate-${Math.random().toString(36).slice(2)}@example.com`) {
    const { app, config } = use();
    const inv = await owner.post('/v1/invitations', { email, role });
    expect(inv.statusCode).toBe(201);
    const token = tokenFrom((await lastEmailTo(app, email, config.operatorToken)).text);
    const lookup = await app.inject({ method: 'GET', url: `/v1/invitations/lookup?token=${token}` });
    expect(lookup.json()).toMatchObject({ email, role });
    const mate = new Client(app);
    const accepted = await mate.post('/v1/invitations/accept', { token, name: 'Mate', phone: '+44 20 7946 0958', password: STRONG_PASSWORD });
    expect(accepted.statusCode).toBe(201);
    return { mate, user: accepted.json().user, token };
  }

  it('invites a teammate who accepts and signs in with the invited role; the link works once', async () => {
    const { app } = use();
    const { client: owner } = await signUp(app);
    const { mate, user, token } = await inviteAndAccept(owner, 'agent');
    expect(user).toMatchObject({ role: 'agent', phone: '+442079460958' });
    expect((await mate.get('/v1/me')).json().user.role).toBe('agent');
    const again = await new Client(app).post('/v1/invitations/accept', { token, name: 'X', phone: '+14155550100', password: STRONG_PASSWORD });
    expect(again.json().error.code).toBe('invalid_token');
    const members = (await owner.get('/v1/members')).json().data;
    expect(members.map((m: { role: string }) => m.role).sort()).toEqual(['agent', 'owner']);
  });

  it('enforces roles: viewers cannot write, agents cannot manage the team, admins cannot touch owners', async () => {
    const { app } = use();
    const { client: owner, userId: ownerId } = await signUp(app);
    const { mate: viewer } = await inviteAndAccept(owner, 'viewer');
    const { mate: agent } = await inviteAndAccept(owner, 'agent');
    const { mate: admin, user: adminUser } = await inviteAndAccept(owner, 'admin');
    const v = await viewer.post('/v1/api-keys', { name: 'nope' });
    expect(v.statusCode).toBe(403);
    expect(v.json().error.code).toBe('forbidden');
    expect((await viewer.patch('/v1/account', { name: 'Hacked' })).statusCode).toBe(403);
    expect((await agent.post('/v1/invitations', { email: 'x@example.com', role: 'viewer' })).statusCode).toBe(403);
    expect((await admin.delete(`/v1/members/${ownerId}`)).statusCode).toBe(403);
    expect((await admin.patch(`/v1/members/${ownerId}`, { role: 'viewer' })).statusCode).toBe(403);
    expect((await owner.patch(`/v1/members/${adminUser.id}`, { role: 'owner' })).statusCode).toBe(403);
    expect((await admin.get('/v1/audit-events')).statusCode).toBe(403);
    // Viewers may still correct their own profile.
    expect((await viewer.patch('/v1/me', { name: 'Vera Viewer' })).statusCode).toBe(200);
  });

  it('changes roles, removes a member (their sessions and keys end) and transfers ownership', async () => {
    const { app } = use();
    const { client: owner } = await signUp(app);
    const { mate: admin, user: adminUser } = await inviteAndAccept(owner, 'admin');
    const { mate: agent, user: agentUser } = await inviteAndAccept(owner, 'agent');
    const key = (await admin.post('/v1/api-keys', { name: 'admin key' })).json().key;
    expect((await admin.patch(`/v1/members/${agentUser.id}`, { role: 'viewer' })).json().role).toBe('viewer');
    expect((await owner.delete(`/v1/members/${adminUser.id}`)).statusCode).toBe(204);
    expect((await admin.get('/v1/me')).statusCode).toBe(401);
    expect((await new Client(app, key).get('/v1/me')).statusCode).toBe(401);
    expect((await owner.post('/v1/account/transfer-ownership', { userId: agentUser.id })).statusCode).toBe(204);
    expect((await agent.get('/v1/me')).json().user.role).toBe('owner');
    expect((await owner.get('/v1/me')).json().user.role).toBe('admin');
    const actions = (await agent.get('/v1/audit-events?limit=200')).json().data.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['member.role_changed', 'member.removed', 'account.ownership_transferred', 'invitation.created', 'invitation.accepted', 'api_key.created']));
  });

  it('revokes a pending invitation and refuses a second invite to the same email', async () => {
    const { app, config } = use();
    const { client: owner } = await signUp(app);
    const inv = (await owner.post('/v1/invitations', { email: 'twice@example.com', role: 'viewer' })).json();
    const dup = await owner.post('/v1/invitations', { email: 'twice@example.com', role: 'agent' });
    expect(dup.json().error.code).toBe('invitation_pending');
    expect((await owner.get('/v1/invitations')).json().data).toHaveLength(1);
    expect((await owner.delete(`/v1/invitations/${inv.id}`)).statusCode).toBe(204);
    expect((await owner.get('/v1/invitations')).json().data).toHaveLength(0);
    const token = tokenFrom((await lastEmailTo(app, 'twice@example.com', config.operatorToken)).text);
    const r = await new Client(app).post('/v1/invitations/accept', { token, name: 'T', phone: '+14155550100', password: STRONG_PASSWORD });
    expect(r.json().error.code).toBe('invalid_token');
  });

  it('stores the invitation mail sealed: the emails table holds neither the token nor the body, the outbox link works', async () => {
    const { app, ctx, config } = use();
    const { client: owner } = await signUp(app);
    const email = `sealed-${Math.random().toString(36).slice(2)}@example.com`;
    expect((await owner.post('/v1/invitations', { email, role: 'agent' })).statusCode).toBe(201);
    const mail = await lastEmailTo(app, email, config.operatorToken);
    const token = tokenFrom(mail.text);
    expect(token.length).toBeGreaterThan(30);
    const raw = await ctx.database.query<{ row: string }>('select row_to_json(e)::text as row from emails e where "to" = $1', [email]);
    expect(raw.rows).toHaveLength(1);
    expect(raw.rows[0].row).not.toContain(token);
    expect(raw.rows[0].row).not.toContain('/invite?');
    expect(raw.rows[0].row).not.toContain('invited you to join');
    const accepted = await new Client(app).post('/v1/invitations/accept', { token, name: 'Sealed', phone: '+14155550100', password: STRONG_PASSWORD });
    expect(accepted.statusCode).toBe(201);
  });

  it('invites an email that has a login in another account like any other (201), and accepting with that password adds a membership', async () => {
    const { app, config } = use();
    const other = await signUp(app);
    const { client: owner, accountId } = await signUp(app);
    const inv = await owner.post('/v1/invitations', { email: other.email.toUpperCase(), role: 'agent' });
    expect(inv.statusCode).toBe(201);
    const fresh = await owner.post('/v1/invitations', { email: `fresh-${Math.random().toString(36).slice(2)}@example.com`, role: 'agent' });
    expect(Object.keys(fresh.json()).sort()).toEqual(Object.keys(inv.json()).sort());
    const token = tokenFrom((await lastEmailTo(app, other.email.toUpperCase(), config.operatorToken)).text);
    const wrong = await new Client(app).post('/v1/invitations/accept', { token, password: 'not-the-password-at-all' });
    expect(wrong.json().error.code).toBe('wrong_password');
    const mate = new Client(app);
    const accepted = await mate.post('/v1/invitations/accept', { token, password: STRONG_PASSWORD });
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json()).toMatchObject({ account: { id: accountId }, user: { id: other.userId, role: 'agent' } });
    const memberships = (await mate.get('/v1/me')).json().memberships.map((m: { accountId: string; role: string }) => [m.accountId, m.role]);
    expect(memberships).toEqual(expect.arrayContaining([[other.accountId, 'owner'], [accountId, 'agent']]));
    // The login keeps its own account and its password; it is one person in both.
    expect((await other.client.get('/v1/me')).json().account.id).toBe(other.accountId);
    expect((await owner.get('/v1/members')).json().data.map((m: { id: string }) => m.id)).toContain(other.userId);
  });

  it('corrects profile and business details and audits the changes', async () => {
    const { app } = use();
    const { client } = await signUp(app);
    const bad = await client.patch('/v1/me', { phone: '12' });
    expect(bad.json().error.code).toBe('invalid_phone');
    const r = await client.patch('/v1/me', { name: 'Ada Lovelace', phone: '(415) 555-0199', currentPassword: STRONG_PASSWORD });
    expect(r.json().user).toMatchObject({ name: 'Ada Lovelace', phone: '+14155550199' });
    const a = await client.patch('/v1/account', { website: 'https://new.example', legalName: null });
    expect(a.json().account).toMatchObject({ website: 'https://new.example', legalName: null });
    const events = (await client.get('/v1/audit-events')).json().data;
    const profile = events.find((e: { action: string }) => e.action === 'user.profile_updated');
    expect(profile.details.changes.name).toEqual({ from: 'Ada Owner', to: 'Ada Lovelace' });
    expect(events.some((e: { action: string }) => e.action === 'account.updated')).toBe(true);
  });
});
