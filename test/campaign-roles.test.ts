// Who may send marketing: texting a whole list is an owner's or admin's decision. Agents may write drafts and stop a campaign (pause, cancel); launching, scheduling, resuming and picking an
// A/B winner (which sends to the held-back recipients) need the admin role. Viewers only read.
import { expect, it } from 'vitest';
import { describeEachDb } from './harness.js';
import { Client, STRONG_PASSWORD, lastEmailTo, signUp, tokenFrom } from './factories.js';

describeEachDb('campaigns, by role', (use) => {
  async function member(owner: Client, role: string) {
    const { app, config } = use();
    const email = `${role}-${Math.random().toString(36).slice(2)}@example.com`;
    expect((await owner.post('/v1/invitations', { email, role })).statusCode).toBe(201);
    const c = new Client(app);
    const res = await c.post('/v1/invitations/accept', { token: tokenFrom((await lastEmailTo(app, email, config.operatorToken)).text), name: `A ${role}`, phone: '+14155550177', password: STRONG_PASSWORD });
    expect(res.statusCode, res.body).toBe(201);
    return c;
  }

  it('agents write drafts, pause and cancel; only admins and owners launch, schedule, resume (403 naming the role); viewers only read', { timeout: 120_000 }, async () => {
    const { app } = use();
    const { client: owner } = await signUp(app);
    const [admin, agent, viewer] = [await member(owner, 'admin'), await member(owner, 'agent'), await member(owner, 'viewer')];
    const number = (await owner.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    const contact = (await owner.post('/v1/contacts', { phone: '+14155553901', firstName: 'Ona', tags: ['vip'] })).json();
    expect((await owner.post(`/v1/contacts/${contact.id}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'Yes' } })).statusCode).toBe(201);
    const body = { name: 'Spring sale', body: 'Hi {{first_name|there}}, 20% off today. Reply STOP to opt out.', audience: { tags: ['vip'] }, from: number.id };
    const refusedAsAgent = (res: { statusCode: number; json: () => { error: { code: string; details: Record<string, unknown> } } }) => {
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'forbidden', details: { requiredRole: 'admin' } });
    };

    // Drafts: agents yes, viewers no.
    expect((await viewer.post('/v1/campaigns', body)).statusCode).toBe(403);
    const draft = await agent.post('/v1/campaigns', body);
    expect(draft.statusCode, draft.body).toBe(201);
    const id = draft.json().id as string;
    expect((await agent.patch(`/v1/campaigns/${id}`, { name: 'Spring sale (final)' })).statusCode).toBe(200);

    // Launch (and scheduling, which is a launch with a time): not an agent's.
    refusedAsAgent(await agent.post(`/v1/campaigns/${id}/launch`));
    expect((await viewer.post(`/v1/campaigns/${id}/launch`)).statusCode).toBe(403);
    const scheduled = (await agent.post('/v1/campaigns', { ...body, name: 'Later', schedule: { at: new Date(Date.now() + 86_400_000).toISOString() } })).json();
    refusedAsAgent(await agent.post(`/v1/campaigns/${scheduled.id}/launch`));
    expect((await owner.get(`/v1/campaigns/${id}`)).json().status).toBe('draft');
    const launched = await admin.post(`/v1/campaigns/${id}/launch`);
    expect(launched.statusCode, launched.body).toBe(202);

    // Stopping is anyone's who works here: an agent pauses; resuming is an admin's again.
    expect((await agent.post(`/v1/campaigns/${id}/pause`)).json().status).toBe('paused');
    refusedAsAgent(await agent.post(`/v1/campaigns/${id}/resume`));
    expect((await owner.get(`/v1/campaigns/${id}`)).json().status).toBe('paused');
    const resumed = await owner.post(`/v1/campaigns/${id}/resume`);
    expect(resumed.statusCode, resumed.body).toBe(200);
    expect((await agent.post(`/v1/campaigns/${id}/cancel`)).json().status).toBe('canceled');
  });
});
