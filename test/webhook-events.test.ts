import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { runFanout } from '../src/modules/campaigns/fanout.js';
import { deliverDue } from '../src/modules/webhooks/delivery.service.js';
import { WEBHOOK_EVENT_TYPES } from '../src/modules/webhooks/events.js';
import { fanOutAll } from '../src/modules/webhooks/fanout.service.js';
import { postMultipart, signUp, waitForImport } from './factories.js';
import { describeEachDb } from './harness.js';

interface Received { type: string; data: Record<string, unknown>; verified: boolean }

/**
 * The events the owning modules write to the outbox besides messages and conversations — import
 * finished, data requests received and closed, campaign launched, its fan-out's progress and canceled, labels changed — reach
 * a webhook endpoint, verified by the reference Standard Webhooks library.
 */
describeEachDb('webhook event coverage', (use) => {
  const received: Received[] = [];
  let secret = '';
  let receiver: http.Server;
  let base = '';
  beforeAll(async () => {
    await use().ctx.jobs.work();
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
        let verified = true;
        try { new Webhook(secret).verify(body, headers); } catch { verified = false; }
        const json = JSON.parse(body) as { type: string; data: Record<string, unknown> };
        received.push({ type: json.type, data: json.data, verified });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    use().ctx.config.webhooks.allowedHosts = ['127.0.0.1'];
  });
  afterAll(async () => {
    await new Promise((r) => receiver.close(r));
  });

  it('lists the new event types for the endpoint picker', async () => {
    const { client } = await signUp(use().app);
    const types = (await client.get('/v1/webhook-endpoints/event-types')).json().data;
    for (const t of ['import.completed', 'import.failed', 'data_request.received', 'data_request.completed', 'data_request.denied', 'campaign.launched', 'campaign.progress', 'campaign.completed', 'campaign.canceled', 'conversation.labels_changed', 'sla.warning', 'sla.breached', 'csat.sent', 'csat.answered']) {
      expect(types).toContain(t);
    }
    expect(types).toEqual([...WEBHOOK_EVENT_TYPES]);
  });

  it('delivers import, data request, campaign and label events, signed and with public ids', async () => {
    const env = use();
    const { client, accountId } = await signUp(env.app);
    await client.post('/v1/numbers', { provider: 'simulator', mps: 100 });
    const hook = await client.post('/v1/webhook-endpoints', { url: `${base}/all` });
    expect(hook.statusCode, hook.body).toBe(201);
    secret = hook.json().secret;

    // Import finished.
    const csv = 'First Name,Mobile\nAda,(415) 555-0131\nBob,(415) 555-0132\nBad,12\n';
    const started = await postMultipart(client, '/v1/imports', { options: { consent: { basis: 'consented', description: 'Signed up at the counter on our paper form, which says we will text offers.' } } }, { content: csv });
    expect(started.statusCode, started.body).toBe(202);
    const imp = await waitForImport(client, started.json().id);
    expect(['completed', 'failed'], JSON.stringify(imp)).toContain(imp.status); // either way the import finished, and says so
    // A data request received, then completed; another denied.
    const dr = (await client.post('/v1/data-requests', { type: 'access', channel: 'email', email: 'someone@example.com', verified: true })).json();
    expect((await client.patch(`/v1/data-requests/${dr.id}`, { status: 'completed', answer: 'Here is your data.' })).statusCode).toBe(200);
    const dr2 = (await client.post('/v1/data-requests', { type: 'deletion', channel: 'email', email: 'other@example.com' })).json();
    expect((await client.patch(`/v1/data-requests/${dr2.id}`, { status: 'denied', reason: 'We could not verify who you are' })).statusCode).toBe(200);
    // A campaign to a consenting contact, launched then canceled.
    const ct = (await client.post('/v1/contacts', { phone: '+14155550135', tags: ['spring'] })).json();
    expect((await client.post(`/v1/contacts/${ct.id}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'Yes' } })).statusCode).toBe(201);
    const campaign = (await client.post('/v1/campaigns', { name: 'Spring', body: 'Hi {{first_name|there}}, 20% off today.', audience: { tags: ['spring'] } })).json();
    const launched = await client.post(`/v1/campaigns/${campaign.id}/launch`);
    expect(launched.statusCode, launched.body).toBe(202);
    await runFanout(env.ctx, { accountId: fromPublicId('account', accountId)!, campaignId: fromPublicId('campaign', campaign.id)! });
    expect((await client.post(`/v1/campaigns/${campaign.id}/cancel`)).statusCode).toBeLessThan(300);
    // Labels set on a conversation.
    const sent = (await client.post('/v1/messages', { to: '+14155550141', body: 'Hello' })).json();
    const label = (await client.post('/v1/labels', { name: 'VIP' })).json();
    expect((await client.request('PUT', `/v1/conversations/${sent.conversationId}/labels`, { labelIds: [label.id] })).statusCode).toBe(200);

    const expected = [`import.${imp.status}`, 'data_request.received', 'data_request.completed', 'data_request.denied', 'campaign.launched', 'campaign.progress', 'campaign.canceled', 'conversation.labels_changed'];
    // Bounded poll: the outbox is read below the horizon of running transactions (a background job's may hold it a moment).
    for (const deadline = Date.now() + 60_000; !expected.every((t) => received.some((r) => r.type === t)) && Date.now() < deadline;) {
      await fanOutAll(env.ctx);
      if (!(await deliverDue(env.ctx))) await new Promise((r) => setTimeout(r, 100));
    }
    expect(received.every((r) => r.verified)).toBe(true);
    const of = (type: string) => received.filter((r) => r.type === type).map((r) => r.data);
    expect(of(`import.${imp.status}`)).toEqual([expect.objectContaining({ importId: imp.id, status: imp.status, processed: imp.processed, inserted: imp.inserted, failed: imp.failed })]);
    // Both, once each (their deliveries run at once: they may arrive in either order).
    expect(of('data_request.received').map((d) => d.dataRequestId).sort()).toEqual([dr.id, dr2.id].sort());
    expect(of('data_request.completed')).toEqual([{ dataRequestId: dr.id, type: 'access', status: 'completed' }]);
    expect(of('data_request.denied')).toEqual([{ dataRequestId: dr2.id, type: 'deletion', status: 'denied' }]);
    expect(of('campaign.launched')).toEqual([expect.objectContaining({ campaignId: campaign.id, name: 'Spring', status: 'running' })]);
    expect(of('campaign.progress')).toEqual([expect.objectContaining({ campaignId: campaign.id, queued: 1, fannedOut: true })]);
    expect(of('campaign.canceled')).toEqual([expect.objectContaining({ campaignId: campaign.id, status: 'canceled' })]);
    expect(of('conversation.labels_changed')).toEqual([{ conversationId: sent.conversationId, added: [label.id], removed: [] }]);
    // No personal data of the person behind a data request.
    expect(JSON.stringify(received)).not.toContain('someone@example.com');
  }, 180_000);
});
