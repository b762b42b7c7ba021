import { expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { describeEachDb } from './harness.js';
import { Client, STRONG_PASSWORD, lastEmailTo, postMultipart, signUp, tokenFrom, type SignedUp } from './factories.js';

interface Tenant extends SignedUp {
  agentId: string;
  invitationId: string;
  apiKeyId: string;
  apiKey: string;
  contactId: string;
  contactPhone: string;
  segmentId: string;
  fieldId: string;
  importId: string;
  numberId: string;
  numberPhone: string;
  messageId: string;
  conversationId: string;
  connectionId: string;
  mediaId: string;
  poolId: string;
  campaignId: string;
  keywordId: string;
  exportId: string;
  dataRequestId: string;
  webhookEndpointId: string;
  webhookDeliveryId: string;
  sessionId: string;
  transferId: string;
  slaPolicyId: string;
  holidayId: string;
  cannedReplyId: string;
  labelId: string;
  noteId: string;
  grantId: string;
  teamId: string;
  inquiryId: string;
  appealId: string;
  noticeId: string;
}

/** For every route with an :id, how to find tenant B's id of that kind. */
const ID_OF: Record<string, (t: Tenant) => string> = {
  '/v1/account/notices/:id/acknowledge': (t) => t.noticeId,
  '/v1/account/appeals/:id': (t) => t.appealId,
  '/v1/account/appeals/:id/messages': (t) => t.appealId,
  '/v1/transfers/:id/accept': (t) => t.transferId,
  '/v1/partner-grants/:id': (t) => t.grantId,
  // A partner is found by the id it gives its clients (a platform-wide organisation); another business's own id is not one.
  '/v1/partners/:id': (t) => t.accountId,
  '/v1/members/:id': (t) => t.agentId,
  '/v1/invitations/:id': (t) => t.invitationId,
  '/v1/api-keys/:id': (t) => t.apiKeyId,
  '/v1/sessions/:id': (t) => t.sessionId,
  '/v1/contacts/:id': (t) => t.contactId,
  '/v1/contacts/:id/consent': (t) => t.contactId,
  '/v1/contacts/:id/consent/export': (t) => t.contactId,
  '/v1/segments/:id': (t) => t.segmentId,
  '/v1/segments/:id/count': (t) => t.segmentId,
  '/v1/custom-fields/:id': (t) => t.fieldId,
  '/v1/imports/:id': (t) => t.importId,
  '/v1/imports/:id/cancel': (t) => t.importId,
  '/v1/imports/:id/errors.csv': (t) => t.importId,
  '/v1/numbers/:id': (t) => t.numberId,
  '/v1/messages/:id': (t) => t.messageId,
  '/v1/conversations/:id': (t) => t.conversationId,
  '/v1/conversations/:id/sla': (t) => t.conversationId,
  '/v1/conversations/:id/read': (t) => t.conversationId,
  '/v1/support/inquiries/:id': (t) => t.inquiryId,
  '/v1/support/inquiries/:id/messages': (t) => t.inquiryId,
  '/v1/support/inquiries/:id/screenshots': (t) => t.inquiryId,
  '/v1/support/inquiries/:id/screenshots/:screenshotId': (t) => t.inquiryId,
  '/v1/conversations/:id/presence': (t) => t.conversationId,
  '/v1/sla-policies/:id': (t) => t.slaPolicyId,
  '/v1/holidays/:id': (t) => t.holidayId,
  '/v1/conversations/:id/messages': (t) => t.conversationId,
  '/v1/conversations/:id/stream': (t) => t.conversationId,
  '/v1/conversations/:id/notes': (t) => t.conversationId,
  '/v1/conversations/:id/labels': (t) => t.conversationId,
  '/v1/conversations/:id/assign': (t) => t.conversationId,
  '/v1/teams/:id': (t) => t.teamId,
  '/v1/agents/:id': (t) => t.agentId,
  '/v1/canned-replies/:id': (t) => t.cannedReplyId,
  '/v1/labels/:id': (t) => t.labelId,
  '/v1/provider-connections/:id': (t) => t.connectionId,
  '/v1/provider-connections/:id/test': (t) => t.connectionId,
  '/v1/provider-connections/:id/carrier-numbers': (t) => t.connectionId,
  '/v1/provider-connections/:id/carrier-numbers/import': (t) => t.connectionId,
  '/v1/media/:id': (t) => t.mediaId,
  '/v1/number-pools/:id': (t) => t.poolId,
  '/v1/campaigns/:id': (t) => t.campaignId,
  '/v1/campaigns/:id/launch': (t) => t.campaignId,
  '/v1/campaigns/:id/pause': (t) => t.campaignId,
  '/v1/campaigns/:id/resume': (t) => t.campaignId,
  '/v1/campaigns/:id/cancel': (t) => t.campaignId,
  '/v1/campaigns/:id/recipients': (t) => t.campaignId,
  '/v1/campaigns/:id/variants': (t) => t.campaignId,
  '/v1/campaigns/:id/pick-winner': (t) => t.campaignId,
  '/v1/campaigns/:id/links': (t) => t.campaignId,
  '/v1/campaigns/:id/timeline': (t) => t.campaignId,
  '/v1/campaigns/:id/recipients.csv': (t) => t.campaignId,
  '/v1/keywords/:id': (t) => t.keywordId,
  '/v1/keywords/:id/qr.svg': (t) => t.keywordId,
  '/v1/exports/:id': (t) => t.exportId,
  '/v1/exports/:id/download': (t) => t.exportId,
  '/v1/data-requests/:id': (t) => t.dataRequestId,
  '/v1/webhook-endpoints/:id': (t) => t.webhookEndpointId,
  '/v1/webhook-endpoints/:id/secret': (t) => t.webhookEndpointId,
  '/v1/webhook-endpoints/:id/rotate-secret': (t) => t.webhookEndpointId,
  '/v1/webhook-endpoints/:id/test': (t) => t.webhookEndpointId,
  '/v1/webhook-endpoints/:id/deliveries': (t) => t.webhookEndpointId,
  '/v1/webhook-endpoints/:id/replay': (t) => t.webhookEndpointId,
  '/v1/webhook-deliveries/:id/replay': (t) => t.webhookDeliveryId,
};
/** Bodies that are valid in shape, so a refusal cannot come from validation. */
const BODY: Record<string, (t: Tenant) => unknown> = {
  'POST /v1/account/appeals/:id/messages': () => ({ body: 'Mallory writes' }),
  'POST /v1/account/appeals': () => ({ subject: 'A appeals', body: 'A' }),
  'POST /v1/data-requests': () => ({ type: 'access', channel: 'email', email: 'iso@example.com' }),
  'PATCH /v1/data-requests/:id': () => ({ status: 'verified' }),
  'POST /v1/webhook-endpoints': () => ({ url: 'https://93.184.216.34/iso' }),
  'PATCH /v1/webhook-endpoints/:id': () => ({ description: 'Mallory' }),
  'POST /v1/webhook-endpoints/:id/replay': () => ({ since: '2026-01-01T00:00:00Z' }),
  'PATCH /v1/partner-grants/:id': () => ({ permissions: [] }),
  'PATCH /v1/members/:id': () => ({ role: 'viewer' }),
  'PATCH /v1/sla-policies/:id': () => ({ name: 'Mallory', firstResponseMinutes: 1 }),
  'POST /v1/account/transfer-ownership': (t) => ({ userId: t.agentId }),
  'POST /v1/invitations': () => ({ email: `iso-${Math.random().toString(36).slice(2)}@example.com`, role: 'viewer' }),
  'POST /v1/api-keys': () => ({ name: 'iso' }),
  'PATCH /v1/me': () => ({ name: 'Iso' }),
  'PATCH /v1/account': () => ({ industry: 'Iso' }),
  'POST /v1/auth/password': () => ({ currentPassword: STRONG_PASSWORD, newPassword: STRONG_PASSWORD }),
  'POST /v1/contacts': () => ({ phone: `+1 305 555 ${String(Math.floor(Math.random() * 9000) + 1000)}` }),
  'PATCH /v1/contacts/:id': () => ({ firstName: 'Mallory' }),
  'POST /v1/contacts/:id/consent': () => ({ kind: 'opt_out', source: 'api', evidence: {} }),
  'POST /v1/contacts/bulk': (t) => ({ action: 'delete', selection: { ids: [t.contactId] } }),
  'POST /v1/contacts/export': (t) => ({ ids: [t.contactId] }),
  'POST /v1/segments': () => ({ name: 'iso', filter: { conditions: [] } }),
  'PATCH /v1/segments/:id': () => ({ name: 'Mallory' }),
  'POST /v1/segments/count': () => ({ filter: { conditions: [] } }),
  'POST /v1/custom-fields': () => ({ label: `Iso ${Math.random().toString(36).slice(2, 7)}`, type: 'text' }),
  'PATCH /v1/custom-fields/:id': () => ({ label: 'Mallory' }),
  'PATCH /v1/numbers/:id': () => ({ mps: 5 }),
  'POST /v1/number-pools': (t) => ({ name: 'Iso', numberIds: [t.numberId] }),
  'PATCH /v1/number-pools/:id': () => ({ name: 'Mallory' }),
  'POST /v1/messages': () => ({ to: '+1 305 555 0199', body: 'hello' }),
  'POST /v1/messages/preview': () => ({ body: 'hello' }),
  'POST /v1/simulator/inbound': (t) => ({ from: '+1 305 555 0111', to: t.numberPhone, body: 'STOP' }),
  'POST /v1/conversations/:id/messages': () => ({ body: 'Mallory was here' }),
  'PATCH /v1/conversations/:id': () => ({ status: 'closed' }),
  'POST /v1/conversations/:id/notes': () => ({ body: 'Mallory was here' }),
  'POST /v1/conversations/:id/presence': () => ({ state: 'typing' }),
  'POST /v1/conversations/:id/read': () => ({ unread: true }),
  'POST /v1/support/inquiries/:id/messages': () => ({ body: 'Mallory was here' }),
  'PUT /v1/conversations/:id/labels': () => ({ labelIds: [] }),
  'POST /v1/canned-replies': () => ({ shortcut: `iso-${Math.random().toString(36).slice(2, 7)}`, body: 'Hi' }),
  'PATCH /v1/canned-replies/:id': () => ({ body: 'Mallory' }),
  'POST /v1/labels': () => ({ name: `Iso ${Math.random().toString(36).slice(2, 7)}` }),
  'PATCH /v1/labels/:id': () => ({ name: 'Mallory' }),
  'POST /v1/notifications/read': () => ({ all: true }),
  'POST /v1/provider-connections': () => ({ kind: 'simulator', name: 'Iso' }),
  'PATCH /v1/provider-connections/:id': () => ({ name: 'Mallory' }),
  'POST /v1/campaigns': (t) => ({ name: 'Iso', body: 'Hi', audience: { contactIds: [t.contactId] }, from: t.numberId }),
  'PATCH /v1/campaigns/:id': () => ({ name: 'Mallory' }),
  'POST /v1/campaigns/:id/pick-winner': () => ({ variant: 0 }),
  'POST /v1/campaigns/audience/count': (t) => ({ audience: { contactIds: [t.contactId] } }),
};
/**
 * Account-wide event streams never end, so a request to them cannot be awaited here; that
 * they carry only the caller's account's events is tested in test/inbox-states.test.ts.
 */
const STREAMS = new Set(['GET /v1/conversations/stream']);
/** Uploads: sent as multipart with a valid small image, so a refusal cannot come from the content type. */
const MULTIPART = new Set(['POST /v1/support/inquiries/:id/screenshots']);
const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(20)]);
/** Routes without an :id that must still refuse B's resources named in the body. */
const REFUSED = new Set(['POST /v1/account/transfer-ownership', 'POST /v1/simulator/inbound', 'POST /v1/campaigns', 'POST /v1/number-pools']);

describeEachDb('tenant isolation', (use) => {
  async function tenant(): Promise<Tenant> {
    const { app, config } = use();
    const t = await signUp(app);
    const email = `agent-${Math.random().toString(36).slice(2)}@example.com`;
    await t.client.post('/v1/invitations', { email, role: 'agent' });
    const token = tokenFrom((await lastEmailTo(app, email, config.operatorToken)).text);
    const agent = (await new Client(app).post('/v1/invitations/accept', { token, name: 'Agent', phone: '+14155550111', password: STRONG_PASSWORD })).json().user;
    const invitationId = (await t.client.post('/v1/invitations', { email: `p-${email}`, role: 'viewer' })).json().id;
    const key = (await t.client.post('/v1/api-keys', { name: 'B key' })).json();
    const contact = (await t.client.post('/v1/contacts', { phone: `+1 212 555 ${String(Math.floor(Math.random() * 9000) + 1000)}`, firstName: 'Bea' })).json();
    const segmentId = (await t.client.post('/v1/segments', { name: 'B seg', filter: { conditions: [] } })).json().id;
    const fieldId = (await t.client.post('/v1/custom-fields', { label: 'B field', type: 'text' })).json().id;
    const importId = (await postMultipart(t.client, '/v1/imports', { options: { consent: { basis: 'unknown' } } }, { content: 'phone\n+1 646 555 0123\n' })).json().id;
    const number = (await t.client.post('/v1/numbers', { provider: 'simulator' })).json();
    const poolId = (await t.client.post('/v1/number-pools', { name: 'B pool', numberIds: [number.id] })).json().id;
    const sent = (await t.client.post('/v1/messages', { to: contact.phone, body: 'B to Bea' })).json();
    const messageId = sent.id;
    const connectionId = (await t.client.post('/v1/provider-connections', { kind: 'simulator', name: 'B sim' })).json().id;
    const campaignId = (await t.client.post('/v1/campaigns', { name: 'B campaign', body: 'Hi', audience: { contactIds: [contact.id] } })).json().id;
    const keywordId = (await t.client.post('/v1/keywords', { word: 'JOIN', programName: 'B deals', frequency: 'Up to 4 msgs/month' })).json().id;
    const mediaId = (await postMultipart(t.client, '/v1/media', {}, { content: Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(20)]), filename: 'b.gif' })).json().id;
    const exportId = (await t.client.post('/v1/exports', { scope: 'me' })).json().id;
    const dataRequestId = (await t.client.post('/v1/data-requests', { type: 'deletion', channel: 'phone', phone: contact.phone })).json().id;
    // A public address literal: the isolation environment allows no private webhook target and resolves no names.
    const webhookEndpointId = (await t.client.post('/v1/webhook-endpoints', { url: 'https://93.184.216.34/b-hook' })).json().id;
    const webhookDeliveryId = (await t.client.post(`/v1/webhook-endpoints/${webhookEndpointId}/test`)).json().id;
    const sessionId = (await t.client.get('/v1/sessions')).json().data[0].id;
    const slaPolicyId = (await t.client.post('/v1/sla-policies', { name: 'B SLA', firstResponseMinutes: 30, nextResponseMinutes: null, resolutionMinutes: null })).json().id;
    const holidayId = (await t.client.post('/v1/holidays', { date: '2026-12-25', name: 'B holiday' })).json().id;
    const cannedReplyId = (await t.client.post('/v1/canned-replies', { shortcut: 'b-thanks', body: 'Thanks {{first_name|there}}' })).json().id;
    const labelId = (await t.client.post('/v1/labels', { name: 'B label' })).json().id;
    const teamId = (await t.client.post('/v1/teams', { name: 'B team', memberIds: [agent.id] })).json().id;
    const noteId = (await t.client.post(`/v1/conversations/${sent.conversationId}/notes`, { body: 'B note @Agent' })).json().id;
    const transferId = (await new Client(app, config.operatorToken).post('/v1/operator/transfers', { account: t.accountId, kind: 'merger', acquirer: 'B buyer', description: 'B merges', effectiveOn: '2026-12-01' })).json().id;
    const partnerId = (await new Client(app, config.operatorToken).post('/v1/partners', { name: 'B desk', ownerEmail: `desk-${email}` })).json().id;
    const grantId = (await t.client.post('/v1/partner-grants', { partnerId, numberIds: [number.id], permissions: ['reply'] })).json().id;
    const inquiryId = (await t.client.post('/v1/support/inquiries', { kind: 'inquiry', subject: 'B asks', body: 'B question' })).json().id;
    // Trust & safety: a warning (an in-app notice) and the account's appeal.
    expect((await new Client(app, config.operatorToken).post(`/v1/operator/accounts/${t.accountId}/enforcement`, { action: 'warn', reason: 'B warned' })).statusCode).toBe(200);
    const noticeId = (await t.client.get('/v1/account/notices')).json().data[0].id;
    const appealId = (await t.client.post('/v1/account/appeals', { subject: 'B appeals', body: 'B appeal' })).json().id;
    return {
      ...t, inquiryId, appealId, noticeId, teamId, slaPolicyId, holidayId, cannedReplyId, labelId, noteId, exportId, dataRequestId, sessionId, transferId, grantId, agentId: agent.id, invitationId, apiKeyId: key.id, apiKey: key.key, contactId: contact.id, contactPhone: contact.phone, segmentId, fieldId,
      importId, numberId: number.id, numberPhone: number.phoneNumber, poolId, messageId, conversationId: sent.conversationId, connectionId, mediaId, campaignId, keywordId,
      webhookEndpointId, webhookDeliveryId,
    };
  }

  it('refuses every route called with another account\'s ids, and leaks nothing in lists', async () => {
    const { ctx, app } = use();
    const a = await tenant();
    const b = await tenant();
    const routes: Array<{ method: string; url: string; access: unknown }> = [];
    const spy = await buildApp(ctx, { logger: false, onRoute: (r) => routes.push(r) });
    await spy.close();
    const endsSession = (r: { url: string }) => r.url === '/v1/auth/logout';
    const protectedRoutes = routes
      // Operator routes (plain or with a role: {operator: …}) refuse every account caller: test/operators.test.ts.
      .filter((r) => r.url.startsWith('/v1/') && r.access !== 'public' && r.access !== 'operator' && !(typeof r.access === 'object' && r.access !== null && 'operator' in r.access))
      .sort((x, y) => Number(endsSession(x)) - Number(endsSession(y)));
    expect(protectedRoutes.length).toBeGreaterThan(10);
    const bIds = [b.accountId, b.userId, b.agentId, b.invitationId, b.apiKeyId, b.contactId, b.contactPhone, b.segmentId, b.fieldId, b.importId, b.numberId, b.numberPhone, b.messageId, b.connectionId, b.mediaId, b.cannedReplyId, b.labelId, b.noteId];

    for (const r of protectedRoutes) {
      if (STREAMS.has(`${r.method} ${r.url}`)) continue;
      const needsId = r.url.includes(':id');
      if (needsId) expect(ID_OF[r.url], `no cross-tenant case for ${r.url}`).toBeDefined();
      const url = needsId ? r.url.replace(':id', ID_OF[r.url](b)) : r.url;
      const body = BODY[`${r.method} ${r.url}`]?.(b);
      const res = MULTIPART.has(`${r.method} ${r.url}`)
        ? await postMultipart(a.client, url, {}, { content: GIF, filename: 'x.gif' })
        : await a.client.request(r.method, url, r.method === 'GET' || r.method === 'DELETE' ? undefined : body ?? {});
      if (needsId || REFUSED.has(`${r.method} ${r.url}`)) {
        expect(res.statusCode, `${r.method} ${url}`).toBe(404);
      } else {
        for (const id of bIds) expect(res.body, `${r.method} ${r.url} leaked ${id}`).not.toContain(id);
      }
    }
    // B's things are untouched.
    const members = (await b.client.get('/v1/members')).json().data;
    expect(members.find((m: { id: string }) => m.id === b.agentId).role).toBe('agent');
    expect((await b.client.get('/v1/invitations')).json().data.map((i: { id: string }) => i.id)).toContain(b.invitationId);
    expect((await new Client(app, b.apiKey).get('/v1/me')).statusCode).toBe(200);
    const contact = await b.client.get(`/v1/contacts/${b.contactId}`);
    expect(contact.json()).toMatchObject({ firstName: 'Bea', consent: { state: 'unknown' } });
    expect((await b.client.get(`/v1/segments/${b.segmentId}`)).json().name).toBe('B seg');
    expect((await b.client.get('/v1/custom-fields')).json().data.map((f: { label: string }) => f.label)).toEqual(['B field']);
    expect((await b.client.get(`/v1/imports/${b.importId}`)).json().status).not.toBe('canceled');
    expect((await b.client.get('/v1/numbers')).json().data[0].mps).toBe(1);
    expect((await b.client.get(`/v1/provider-connections/${b.connectionId}`)).json()).toMatchObject({ name: 'B sim', status: 'connected' });
    expect((await b.client.get(`/v1/contacts/${b.contactId}/consent`)).json().suppressed).toBe(false);
    const thread = (await b.client.get(`/v1/conversations/${b.conversationId}/messages`)).json().data;
    expect(thread.map((m: { body: string }) => m.body)).toEqual(['B to Bea']);
    expect((await b.client.get(`/v1/conversations/${b.conversationId}`)).json().status).toBe('open');
    expect((await b.client.get(`/v1/campaigns/${b.campaignId}`)).json()).toMatchObject({ name: 'B campaign', status: 'draft' });
    expect((await b.client.get('/v1/sla-policies')).json().data).toEqual([expect.objectContaining({ id: b.slaPolicyId, name: 'B SLA', firstResponseMinutes: 30 })]);
    expect((await b.client.get('/v1/holidays')).json().data).toEqual([{ id: b.holidayId, date: '2026-12-25', name: 'B holiday' }]);
  }, 90_000); // every route of the app twice over, two tenants set up: ~15 s on PGlite, 30 s seen on a loaded CI machine

  it('an API key of one account reaches only that account', async () => {
    const a = await tenant();
    const b = await tenant();
    const withBKey = new Client(use().app, b.apiKey);
    const me = (await withBKey.get('/v1/me')).json();
    expect(me.account.id).toBe(b.accountId);
    expect((await withBKey.delete(`/v1/api-keys/${a.apiKeyId}`)).statusCode).toBe(404);
    expect((await withBKey.patch(`/v1/members/${a.agentId}`, { role: 'viewer' })).statusCode).toBe(404);
    expect((await withBKey.get('/v1/audit-events')).body).not.toContain(a.accountId);
  });

  it('a session cookie with another session\'s CSRF token is refused', async () => {
    const a = await tenant();
    const b = await tenant();
    const res = await a.client.patch('/v1/me', { name: 'X' }, { 'x-csrf-token': b.client.cookies.wm_csrf });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_failed');
  });
});
