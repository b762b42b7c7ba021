import { DateTime } from 'luxon';
import { expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { runFanout } from '../src/modules/campaigns/fanout.js';
import { describeEachDb, settle } from './harness.js';
import { signUp } from './factories.js';

/** A zone where it is now well inside the federal window (08:00–21:00). */
const insideZone = () =>
  ['America/Los_Angeles', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Asia/Tokyo', 'Pacific/Honolulu', 'Pacific/Auckland']
    .find((z) => { const h = DateTime.now().setZone(z).hour; return h >= 9 && h < 20; })!;

describeEachDb('campaign texts through the dispatcher', (use) => {
  it('sends through the existing dispatcher to the carrier, counts delivered, the reply and the opt-out, and completes', async () => {
    const env = use();
    await env.sim.settings({ latencyMs: 0 });
    const { client, accountId } = await signUp(env.app);
    const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    const phones = ['+14155552601', '+14155552602'];
    for (const phone of phones) {
      const c = (await client.post('/v1/contacts', { phone, firstName: 'Lee', tags: ['send'], timeZone: insideZone() })).json();
      expect((await client.post(`/v1/contacts/${c.id}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'Yes, text me offers' } })).statusCode).toBe(201);
    }
    const c = (await client.post('/v1/campaigns', { name: 'Now', body: 'Hi {{first_name}}! Reply STOP to opt out.', audience: { tags: ['send'] }, from: number.id })).json();
    expect((await client.post(`/v1/campaigns/${c.id}/launch`)).statusCode).toBe(202);
    await runFanout(env.ctx, { accountId: fromPublicId('account', accountId)!, campaignId: fromPublicId('campaign', c.id)! });
    await settle(env);
    // One recipient replies, the other opts out.
    expect((await client.post('/v1/simulator/inbound', { from: phones[0], to: number.phoneNumber, body: 'Thanks!' })).statusCode).toBeLessThan(300);
    expect((await client.post('/v1/simulator/inbound', { from: phones[1], to: number.phoneNumber, body: 'STOP' })).statusCode).toBeLessThan(300);
    await settle(env);
    const got = (await client.get(`/v1/campaigns/${c.id}`)).json();
    expect(got).toMatchObject({
      status: 'completed',
      stats: { recipients: 2, queued: 0, sent: 2, delivered: 2, failed: 0, segments: 2, optOuts: 1 },
      progress: { finished: 2, fannedOut: true },
    });
    expect(got.stats.replies).toBeGreaterThanOrEqual(2); // the reply and the STOP are both inbound texts
    expect((await client.get(`/v1/campaigns/${c.id}/recipients?status=delivered`)).json().data).toHaveLength(2);
    const thread = (await client.get('/v1/conversations')).json().data;
    expect(thread.length).toBe(2); // the campaign texts and the replies share each contact's conversation with the number
  });
}, {}, { simulator: true });
