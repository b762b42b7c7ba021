import { expect, it } from 'vitest';
import { describeEachDb } from './harness.js';
import { Client, STRONG_PASSWORD, lastEmailTo, signUp, tokenFrom, type SignedUp } from './factories.js';

describeEachDb('memberships and account switching', (use) => {
  /** Invites `email` into `owner`'s account and returns the invitation token. */
  async function invite(owner: Client, email: string, role = 'agent') {
    const { app, config } = use();
    const res = await owner.post('/v1/invitations', { email, role });
    expect(res.statusCode).toBe(201);
    return tokenFrom((await lastEmailTo(app, email, config.operatorToken)).text);
  }

  async function twoAccounts(): Promise<{ a: SignedUp; b: SignedUp; person: Client; email: string }> {
    const { app } = use();
    const a = await signUp(app, { business: 'Alpha Bakery' });
    const b = await signUp(app, { business: 'Beta Garage' });
    // A person who has a login in A (an agent there) is invited into B.
    const email = `both-${Math.random().toString(36).slice(2)}@example.com`;
    const person = new Client(app);
    const tokenA = await invite(a.client, email);
    expect((await person.post('/v1/invitations/accept', { token: tokenA, name: 'Pat Both', phone: '+14155550111', password: STRONG_PASSWORD })).statusCode).toBe(201);
    const tokenB = await invite(b.client, email, 'admin');
    const lookup = await app.inject({ method: 'GET', url: `/v1/invitations/lookup?token=${tokenB}` });
    expect(lookup.json()).toMatchObject({ email, existingLogin: true });
    return { a, b, person, email };
  }

  it('invites a person who already has a login: 201, and accepting with their password adds a membership', async () => {
    const { app } = use();
    const { a, b, email } = await twoAccounts();
    const tokenB = tokenFrom((await lastEmailTo(app, email, use().config.operatorToken)).text);
    const wrong = await new Client(app).post('/v1/invitations/accept', { token: tokenB, password: 'not-the-password-at-all-9' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.code).toBe('wrong_password');
    const joined = new Client(app);
    const res = await joined.post('/v1/invitations/accept', { token: tokenB, password: STRONG_PASSWORD });
    expect(res.statusCode).toBe(201);
    expect(res.json().account.id).toBe(b.accountId);
    expect(res.json().user.role).toBe('admin');
    const me = (await joined.get('/v1/me')).json();
    expect(me.memberships.map((m: { accountId: string; role: string }) => [m.accountId, m.role]).sort()).toEqual(
      [[a.accountId, 'agent'], [b.accountId, 'admin']].sort(),
    );
    // Both accounts list the person as a member, each with its own role.
    expect((await a.client.get('/v1/members')).json().data.find((m: { email: string }) => m.email === email).role).toBe('agent');
    expect((await b.client.get('/v1/members')).json().data.find((m: { email: string }) => m.email === email).role).toBe('admin');
  });

  it('switches the session between accounts and sees only the current account\'s data; a foreign account is 403', async () => {
    const { app } = use();
    const { a, b, person, email } = await twoAccounts();
    const tokenB = tokenFrom((await lastEmailTo(app, email, use().config.operatorToken)).text);
    expect((await person.post('/v1/invitations/accept', { token: tokenB, password: STRONG_PASSWORD })).statusCode).toBe(201);
    await a.client.post('/v1/contacts', { phone: '+14155550101', firstName: 'OnlyInAlpha' });
    await b.client.post('/v1/contacts', { phone: '+14155550102', firstName: 'OnlyInBeta' });
    const names = async () => (await person.get('/v1/contacts')).json().data.map((c: { firstName: string }) => c.firstName);

    expect((await person.get('/v1/me')).json().account.id).toBe(b.accountId);
    expect(await names()).toEqual(['OnlyInBeta']);
    const sw = await person.post('/v1/auth/switch', { accountId: a.accountId });
    expect(sw.statusCode).toBe(200);
    expect(sw.json()).toMatchObject({ account: { id: a.accountId }, user: { role: 'agent' } });
    expect(await names()).toEqual(['OnlyInAlpha']);
    // As an agent in A the person cannot manage A's team, though they are an admin in B.
    expect((await person.post('/v1/invitations', { email: 'x@example.com', role: 'viewer' })).statusCode).toBe(403);

    const stranger = await signUp(app);
    const refused = await person.post('/v1/auth/switch', { accountId: stranger.accountId });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('not_a_member');
    expect((await person.get('/v1/me')).json().account.id).toBe(a.accountId);
    expect((await person.post('/v1/auth/switch', { accountId: 'acct_nonsense' })).statusCode).toBe(403);
  });

  it('an API key belongs to one account: it lists only that membership and cannot switch', async () => {
    const { app } = use();
    const { a, b, person, email } = await twoAccounts();
    const tokenB = tokenFrom((await lastEmailTo(app, email, use().config.operatorToken)).text);
    await person.post('/v1/invitations/accept', { token: tokenB, password: STRONG_PASSWORD });
    const key = (await person.post('/v1/api-keys', { name: 'beta key' })).json().key;
    const viaKey = new Client(app, key);
    const me = (await viaKey.get('/v1/me')).json();
    expect(me.account.id).toBe(b.accountId);
    expect(me.memberships.map((m: { accountId: string }) => m.accountId)).toEqual([b.accountId]);
    const sw = await viaKey.post('/v1/auth/switch', { accountId: a.accountId });
    expect(sw.statusCode).toBeGreaterThanOrEqual(400);
    expect(sw.statusCode).toBeLessThan(500);
    expect((await viaKey.get('/v1/me')).json().account.id).toBe(b.accountId);
  });

  it('removing a member from one account leaves their login and other memberships', async () => {
    const { app } = use();
    const { a, b, person, email } = await twoAccounts();
    const tokenB = tokenFrom((await lastEmailTo(app, email, use().config.operatorToken)).text);
    const joined = (await person.post('/v1/invitations/accept', { token: tokenB, password: STRONG_PASSWORD })).json();
    expect((await b.client.delete(`/v1/members/${joined.user.id}`)).statusCode).toBe(204);
    // The session acted in B: it ends; signing in again lands in A.
    expect((await person.get('/v1/me')).statusCode).toBe(401);
    const again = new Client(app);
    const login = await again.post('/v1/auth/login', { email, password: STRONG_PASSWORD });
    expect(login.statusCode).toBe(200);
    expect(login.json().account.id).toBe(a.accountId);
    expect((await again.get('/v1/me')).json().memberships.map((m: { accountId: string }) => m.accountId)).toEqual([a.accountId]);
  });
});

describeEachDb('API keys follow their creator (finding 2)', (use) => {
  async function member(owner: Client, role: string) {
    const { app, config } = use();
    const email = `k-${Math.random().toString(36).slice(2)}@example.com`;
    await owner.post('/v1/invitations', { email, role });
    const token = tokenFrom((await lastEmailTo(app, email, config.operatorToken)).text);
    const c = new Client(app);
    const res = await c.post('/v1/invitations/accept', { token, name: 'Kim', phone: '+14155550122', password: STRONG_PASSWORD });
    return { client: c, id: res.json().user.id as string };
  }

  it("a key made by an admin loses admin rights as soon as the admin is demoted", async () => {
    const { app } = use();
    const { client: owner } = await signUp(app);
    const admin = await member(owner, 'admin');
    const key = new Client(app, (await admin.client.post('/v1/api-keys', { name: 'admin key' })).json().key);
    expect((await key.patch('/v1/account', { website: 'https://one.example' })).statusCode).toBe(200);
    expect((await owner.patch(`/v1/members/${admin.id}`, { role: 'viewer' })).statusCode).toBe(200);
    const after = await key.patch('/v1/account', { website: 'https://two.example' });
    expect(after.statusCode).toBe(403);
    expect((await key.post('/v1/contacts', { phone: '+14155550133' })).statusCode).toBe(403);
    expect((await key.get('/v1/contacts')).statusCode).toBe(200);
  });

  it("a former owner's key cannot make anyone owner after the ownership moved", async () => {
    const { app } = use();
    const { client: owner, userId: ownerId } = await signUp(app);
    const ownerKey = new Client(app, (await owner.post('/v1/api-keys', { name: 'owner key' })).json().key);
    const a = await member(owner, 'admin');
    const c = await member(owner, 'agent');
    expect((await owner.post('/v1/account/transfer-ownership', { userId: a.id })).statusCode).toBe(204);
    const grab = await ownerKey.post('/v1/account/transfer-ownership', { userId: c.id });
    expect(grab.statusCode).toBe(403);
    const members = (await a.client.get('/v1/members')).json().data as Array<{ id: string; role: string }>;
    expect(members.filter((m) => m.role === 'owner').map((m) => m.id)).toEqual([a.id]);
    expect(members.find((m) => m.id === ownerId)?.role).toBe('admin');
  });

  it('a removed member\'s keys stop at once', async () => {
    const { app } = use();
    const { client: owner } = await signUp(app);
    const admin = await member(owner, 'admin');
    const key = new Client(app, (await admin.client.post('/v1/api-keys', { name: 'admin key' })).json().key);
    expect((await key.get('/v1/contacts')).statusCode).toBe(200);
    expect((await owner.delete(`/v1/members/${admin.id}`)).statusCode).toBe(204);
    expect((await key.get('/v1/contacts')).statusCode).toBe(401);
  });
});

describeEachDb("invitations follow their inviter's right to invite", (use) => {
  const someone = (tag: string) => `${tag}-${Math.random().toString(36).slice(2)}@example.com`;
  async function tokenOf(email: string) {
    const { app, config } = use();
    return tokenFrom((await lastEmailTo(app, email, config.operatorToken)).text);
  }
  async function member(owner: Client, role: string) {
    const { app } = use();
    const email = someone('m');
    expect((await owner.post('/v1/invitations', { email, role })).statusCode).toBe(201);
    const c = new Client(app);
    const res = await c.post('/v1/invitations/accept', { token: await tokenOf(email), name: 'Kim', phone: '+14155550122', password: STRONG_PASSWORD });
    expect(res.statusCode, res.body).toBe(201);
    return { client: c, id: res.json().user.id as string };
  }
  const accept = (token: string) => new Client(use().app).post('/v1/invitations/accept', { token, name: 'Late Joiner', phone: '+14155550144', password: STRONG_PASSWORD });
  const pending = async (owner: Client) => ((await owner.get('/v1/invitations')).json().data as Array<{ email: string }>).map((i) => i.email);

  it("a removed admin's pending invitations are revoked with them (audited): the links no longer work; the owner's stay", async () => {
    const { app } = use();
    const { client: owner } = await signUp(app);
    const admin = await member(owner, 'admin');
    const [byAdmin, byOwner] = [someone('by-admin'), someone('by-owner')];
    expect((await admin.client.post('/v1/invitations', { email: byAdmin, role: 'agent' })).statusCode).toBe(201);
    expect((await owner.post('/v1/invitations', { email: byOwner, role: 'agent' })).statusCode).toBe(201);
    const [adminToken, ownerToken] = [await tokenOf(byAdmin), await tokenOf(byOwner)];

    expect((await owner.delete(`/v1/members/${admin.id}`)).statusCode).toBe(204);
    expect(await pending(owner)).toEqual([byOwner]);
    expect((await app.inject({ method: 'GET', url: `/v1/invitations/lookup?token=${adminToken}` })).json().error.code).toBe('invalid_token');
    expect((await accept(adminToken)).json().error.code).toBe('invalid_token');
    const log = (await owner.get('/v1/audit-events?limit=100')).json().data as Array<{ action: string; details: Record<string, unknown> }>;
    expect(log.find((e) => e.action === 'invitation.revoked')?.details).toMatchObject({ email: byAdmin, role: 'agent', reason: 'inviter_removed' });
    expect((await accept(ownerToken)).statusCode).toBe(201);
  });

  it("an admin demoted below admin loses their pending invitations; an owner who hands over ownership keeps only those an admin may send", async () => {
    const { app } = use();
    const { client: owner } = await signUp(app);
    const admin = await member(owner, 'admin');
    const invited = someone('by-admin');
    expect((await admin.client.post('/v1/invitations', { email: invited, role: 'viewer' })).statusCode).toBe(201);
    const token = await tokenOf(invited);
    expect((await owner.patch(`/v1/members/${admin.id}`, { role: 'agent' })).statusCode).toBe(200);
    expect(await pending(owner)).toEqual([]);
    expect((await accept(token)).json().error.code).toBe('invalid_token');
    const log = (await owner.get('/v1/audit-events?limit=100')).json().data as Array<{ action: string; details: Record<string, unknown> }>;
    expect(log.find((e) => e.action === 'invitation.revoked')?.details).toMatchObject({ email: invited, reason: 'inviter_demoted' });

    // The owner invites an admin and an agent, then hands ownership to another admin: now an admin, they could not invite an admin.
    const heir = await member(owner, 'admin');
    const [asAdmin, asAgent] = [someone('as-admin'), someone('as-agent')];
    expect((await owner.post('/v1/invitations', { email: asAdmin, role: 'admin' })).statusCode).toBe(201);
    expect((await owner.post('/v1/invitations', { email: asAgent, role: 'agent' })).statusCode).toBe(201);
    const adminToken = await tokenOf(asAdmin);
    expect((await owner.post('/v1/account/transfer-ownership', { userId: heir.id })).statusCode).toBe(204);
    expect(await pending(heir.client)).toEqual([asAgent]);
    expect((await accept(adminToken)).json().error.code).toBe('invalid_token');
  });
});

describeEachDb('profile changes (finding 3)', (use) => {
  it('a read-only key cannot change the profile; email and phone need the current password and the old address is told', async () => {
    const { app, config } = use();
    const { client, email } = await signUp(app);
    const ro = new Client(app, (await client.post('/v1/api-keys', { name: 'read only', scopes: ['contacts:read'] })).json().key);
    const takeover = await ro.patch('/v1/me', { email: 'attacker@example.com' });
    expect(takeover.statusCode).toBe(403);
    expect((await ro.patch('/v1/me', { name: 'Renamed by key' })).statusCode).toBe(403);

    const noPassword = await client.patch('/v1/me', { email: `new-${email}` });
    expect(noPassword.statusCode).toBe(422);
    expect(noPassword.json().error.code).toBe('password_required');
    const wrong = await client.patch('/v1/me', { phone: '+14155550188', currentPassword: 'definitely-not-it-42' });
    expect(wrong.json().error.code).toBe('wrong_password');
    expect((await client.get('/v1/me')).json().user.email).toBe(email);

    // A name needs no password.
    expect((await client.patch('/v1/me', { name: 'Ada Renamed' })).statusCode).toBe(200);
    const ok = await client.patch('/v1/me', { phone: '+14155550188', currentPassword: STRONG_PASSWORD });
    expect(ok.statusCode).toBeLessThan(300);
    expect((await client.get('/v1/me')).json().user.phone).toBe('+14155550188');
    void config;
  });
});
