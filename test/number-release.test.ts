// Releasing a number (DELETE /v1/numbers/:id), on both databases: a number bought through West Message
// (the simulator, in its own process) goes back to its carrier; a number attached from a Twilio account
// (the Twilio-shaped peer, in its own process) is only detached and stays the business's there.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { connectionContextOf } from '../src/modules/connections/connection-context.js';
import { findConnection } from '../src/modules/connections/connections.repo.js';
import { releaseAtCarrier } from '../src/modules/messaging/numbers.service.js';
import { runAccountDeletions } from '../src/modules/privacy/account-deletion.service.js';
import { describeEachDb, settle } from './harness.js';
import { Client, STRONG_PASSWORD, lastEmailTo, signUp, tokenFrom } from './factories.js';
import { startTwilioPeer, type TwilioPeer } from './peers/twilio-peer.js';

const AC = 'AC' + 'b7'.repeat(16);
const TOKEN = 'release-peer-auth-token';

let peer: TwilioPeer;
beforeAll(async () => {
  peer = await startTwilioPeer();
}, 30_000);
afterAll(() => peer?.stop());

describeEachDb('releasing a number', (use) => {
  async function audit(accountId: string, action: string) {
    const { rows } = await use().ctx.database.query<{ details: Record<string, unknown> | string }>(
      'select details from audit_events where account_id = $1 and action = $2', [fromPublicId('account', accountId), action]);
    return rows.map((r) => (typeof r.details === 'string' ? JSON.parse(r.details) : r.details));
  }

  it('a bought number: refused while texts wait, then released with them canceled, unrouted, and given back to the carrier', async () => {
    const env = use();
    const a = await signUp(env.app);
    const c = a.client;
    const number = (await c.post('/v1/numbers', { provider: 'simulator', mps: 10 })).json();
    const scheduled = await c.post('/v1/messages', { from: number.phoneNumber, to: '+14155550181', body: 'See you Friday', sendAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(scheduled.statusCode, scheduled.body).toBe(201);

    // A text is waiting: the release is refused and nothing changes.
    const refused = await c.delete(`/v1/numbers/${number.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'number_has_queued_messages', details: { queued: 1 } });
    expect((await c.get('/v1/numbers')).json().data.map((n: { id: string }) => n.id)).toEqual([number.id]);
    expect((await c.delete(`/v1/numbers/${number.id}?cancelQueued=maybe`)).statusCode).toBe(422);

    // Roles and tenants: an agent may not, another account cannot see it.
    const email = `release-agent-${Math.random().toString(36).slice(2)}@example.com`;
    await c.post('/v1/invitations', { email, role: 'agent' });
    const agent = new Client(env.app);
    await agent.post('/v1/invitations/accept', { token: tokenFrom((await lastEmailTo(env.app, email, env.config.operatorToken)).text), name: 'Agent', phone: '+14155550112', password: STRONG_PASSWORD });
    expect((await agent.delete(`/v1/numbers/${number.id}?cancelQueued=true`)).statusCode).toBe(403);
    const other = await signUp(env.app);
    expect((await other.client.delete(`/v1/numbers/${number.id}?cancelQueued=true`)).statusCode).toBe(404);

    const released = await c.delete(`/v1/numbers/${number.id}?cancelQueued=true`);
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json()).toMatchObject({ id: number.id, phoneNumber: number.phoneNumber, canceled: 1, carrier: 'releasing', releasedAt: expect.any(String) });
    expect((await c.get(`/v1/messages/${scheduled.json().id}`)).json()).toMatchObject({ status: 'canceled', errorCode: 'number_released' });
    expect((await c.get('/v1/numbers')).json().data).toEqual([]);
    expect((await c.delete(`/v1/numbers/${number.id}`)).statusCode).toBe(404); // once
    // Sends from it are refused; texts to it reach nobody here.
    const send = await c.post('/v1/messages', { from: number.phoneNumber, to: '+14155550181', body: 'Still there?' });
    expect(send.statusCode).toBeGreaterThanOrEqual(400);
    expect(send.statusCode).toBeLessThan(500);
    const { rows: routes } = await env.ctx.database.query('select 1 from number_routes where phone_number = $1', [number.phoneNumber]);
    expect(routes).toEqual([]);
    expect(await audit(a.accountId, 'number.released')).toEqual([expect.objectContaining({ phoneNumber: number.phoneNumber, origin: 'provisioned', carrier: 'releasing', waiting: 1 })]);

    // The job gives it back to the simulator: its account there (the connection's credentials) no longer lists it; again, a no-op.
    const job = { accountId: fromPublicId('account', a.accountId)!, numberId: fromPublicId('number', number.id)! };
    const row = (await findConnection(env.ctx.db, job.accountId, fromPublicId('connection', number.connectionId)!))!;
    const { accountSid, authToken } = connectionContextOf(env.ctx, row).credentials;
    const listed = async () => {
      const r = await fetch(`${env.sim.url}/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers.json?PageSize=1000`, { headers: { authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}` } });
      expect(r.status).toBe(200);
      return ((await r.json()) as { incoming_phone_numbers: Array<{ phone_number: string }> }).incoming_phone_numbers.map((n) => n.phone_number);
    };
    expect(await listed()).toContain(number.phoneNumber);
    expect(await releaseAtCarrier(env.ctx, job)).toBe('released');
    expect(await listed()).not.toContain(number.phoneNumber);
    expect(await releaseAtCarrier(env.ctx, job)).toBe('released');
  });

  it('a text queued on a released number after its release (a send that read it live) is canceled by the dispatcher, never sent; a number attached again is not given back', async () => {
    const env = use();
    const a = await signUp(env.app);
    const c = a.client;
    const number = (await c.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    const released = await c.delete(`/v1/numbers/${number.id}`);
    expect(released.statusCode, released.body).toBe(200);
    // What a send that passed its number check just before the release commits afterwards.
    const accountId = fromPublicId('account', a.accountId)!;
    const numberId = fromPublicId('number', number.id)!;
    const late = crypto.randomUUID();
    await env.ctx.database.query(
      `insert into messages (id, account_id, number_id, direction, kind, "from", "to", body, encoding, segments, status, next_attempt_at, provider, connection_id)
       values ($1, $2, $3, 'outbound', 'conversational', $4, '+14155550187', 'Late text', 'GSM-7', 1, 'queued', now(), 'simulator', $5)`,
      [late, accountId, numberId, number.phoneNumber, fromPublicId('connection', number.connectionId)],
    );
    await settle(env);
    const { rows: [m] } = await env.ctx.database.query<{ status: string; error_code: string | null }>('select status, error_code from messages where id = $1', [late]);
    expect(m).toEqual({ status: 'canceled', error_code: 'number_released' });
    expect((await env.sim.ledger()).messages.filter((x: { body?: string }) => x.body === 'Late text')).toEqual([]);

    // Attached again before the give-back ran (the simulator still has it): the job leaves it in use.
    const again = await c.post('/v1/numbers', { connectionId: number.connectionId, phoneNumber: number.phoneNumber });
    expect(again.statusCode, again.body).toBe(201);
    await env.ctx.database.query('update phone_numbers set provider_ref = (select provider_ref from phone_numbers where id = $1) where id = $2', [numberId, fromPublicId('number', again.json().id)]);
    expect(await releaseAtCarrier(env.ctx, { accountId, numberId })).toBe('in_use');
  });

  it('an attached Twilio number is only detached: it stays on the Twilio account, and can be attached again', async () => {
    const env = use();
    const phone = `+1512555${String(Math.floor(Math.random() * 9000) + 1000)}`;
    await peer.admin('/__admin/reset', { accounts: [{ sid: AC, authToken: TOKEN, numbers: [{ phoneNumber: phone }] }] });
    const a = await signUp(env.app);
    const c = a.client;
    const conn = await c.post('/v1/provider-connections', { kind: 'twilio', name: 'Peer', credentials: { accountSid: AC, authToken: TOKEN }, settings: { apiBaseUrl: peer.api } });
    expect(conn.statusCode, conn.body).toBe(201);
    const attached = await c.post('/v1/numbers', { connectionId: conn.json().id, phoneNumber: phone });
    expect(attached.statusCode, attached.body).toBe(201);
    const released = await c.delete(`/v1/numbers/${attached.json().id}`);
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json()).toMatchObject({ canceled: 0, carrier: 'kept' });
    expect(await releaseAtCarrier(env.ctx, { accountId: fromPublicId('account', a.accountId)!, numberId: fromPublicId('number', attached.json().id)! })).toBe('nothing');
    // Still the business's at Twilio (no DELETE reached the peer), listed as not attached here; attaching it again works.
    const listed = (await c.get(`/v1/provider-connections/${conn.json().id}/carrier-numbers`)).json().data;
    expect(listed).toEqual([expect.objectContaining({ phoneNumber: phone, numberId: null })]);
    const again = await c.post('/v1/numbers', { connectionId: conn.json().id, phoneNumber: phone });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().id).not.toBe(attached.json().id);
    expect(await audit(a.accountId, 'number.released')).toEqual([expect.objectContaining({ phoneNumber: phone, origin: 'attached', carrier: 'kept' })]);
  });

  it('buys a number through a Twilio connection (its SmsUrl ours), and its release gives it back to Twilio', async () => {
    const env = use();
    await peer.admin('/__admin/reset', { accounts: [{ sid: AC, authToken: TOKEN, available: false, numbers: [] }] });
    const a = await signUp(env.app);
    const c = a.client;
    const created = await c.post('/v1/provider-connections', { kind: 'twilio', name: 'Peer', credentials: { accountSid: AC, authToken: TOKEN }, settings: { apiBaseUrl: peer.api } });
    expect(created.statusCode, created.body).toBe(201);
    const conn = created.json();
    const onTwilio = async () => {
      const r = await fetch(`${peer.api}/2010-04-01/Accounts/${AC}/IncomingPhoneNumbers.json?PageSize=50`, { headers: { authorization: `Basic ${Buffer.from(`${AC}:${TOKEN}`).toString('base64')}` } });
      return ((await r.json()) as { incoming_phone_numbers: Array<{ sid: string; phone_number: string; sms_url: string | null }> }).incoming_phone_numbers;
    };
    // Twilio offering nothing is a clear answer; short codes are not for sale; another account cannot buy through this connection.
    const none = await c.post('/v1/numbers', { connectionId: conn.id, type: 'toll_free' });
    expect(none.statusCode).toBe(422);
    expect(none.json().error.code).toBe('no_numbers_available');
    await peer.admin('/__admin/reset', { accounts: [{ sid: AC, authToken: TOKEN, numbers: [] }] });
    expect((await c.post('/v1/numbers', { connectionId: conn.id, type: 'short_code' })).json().error.code).toBe('short_code_not_provisionable');
    expect((await (await signUp(env.app)).client.post('/v1/numbers', { connectionId: conn.id })).statusCode).toBe(404);
    expect(await onTwilio()).toEqual([]);
    expect((await c.get('/v1/numbers')).json().data).toEqual([]);

    const bought = await c.post('/v1/numbers', { connectionId: conn.id });
    expect(bought.statusCode, bought.body).toBe(201);
    expect(bought.json()).toMatchObject({ provider: 'twilio', connectionId: conn.id, type: 'long_code', origin: 'provisioned', phoneNumber: expect.stringMatching(/^\+1512555\d{4}$/) });
    expect(await onTwilio()).toEqual([expect.objectContaining({ phone_number: bought.json().phoneNumber, sms_url: conn.webhookUrls.inbound })]);
    expect(await audit(a.accountId, 'number.provisioned')).toEqual([expect.objectContaining({ phoneNumber: bought.json().phoneNumber, provider: 'twilio' })]);

    // Released: the job gives it back to Twilio (DELETE IncomingPhoneNumbers/{sid}).
    const released = await c.delete(`/v1/numbers/${bought.json().id}`);
    expect(released.json()).toMatchObject({ carrier: 'releasing', canceled: 0 });
    expect(await releaseAtCarrier(env.ctx, { accountId: fromPublicId('account', a.accountId)!, numberId: fromPublicId('number', bought.json().id)! })).toBe('released');
    expect(await onTwilio()).toEqual([]);
  });

  // A released number is given back to Twilio by a job, through its connection's credentials. Deleting the connection before
  // the job did it (not run yet, or retrying while Twilio refused) wiped them: the job found the connection gone and the number
  // stayed bought at Twilio, billed every month. The delete now gives back first what is still to give back through it, and
  // is refused (409, naming the numbers) while the carrier keeps one: the credentials stay until nothing is left at the carrier.
  it('deleting a connection gives back the numbers released but not yet given back through it; refused while Twilio keeps one', async () => {
    const env = use();
    await peer.admin('/__admin/reset', { accounts: [{ sid: AC, authToken: TOKEN, numbers: [] }] });
    const a = await signUp(env.app);
    const c = a.client;
    const conn = (await c.post('/v1/provider-connections', { kind: 'twilio', name: 'Peer', credentials: { accountSid: AC, authToken: TOKEN }, settings: { apiBaseUrl: peer.api } })).json();
    const onTwilio = async () => {
      const r = await fetch(`${peer.api}/2010-04-01/Accounts/${AC}/IncomingPhoneNumbers.json?PageSize=50`, { headers: { authorization: `Basic ${Buffer.from(`${AC}:${TOKEN}`).toString('base64')}` } });
      return ((await r.json()) as { incoming_phone_numbers: Array<{ phone_number: string }> }).incoming_phone_numbers.map((n) => n.phone_number).sort();
    };
    const bought = [];
    for (let i = 0; i < 2; i++) {
      const b = await c.post('/v1/numbers', { connectionId: conn.id });
      expect(b.statusCode, b.body).toBe(201);
      bought.push(b.json() as { id: string; phoneNumber: string });
    }
    const [first, second] = bought;
    expect(await onTwilio()).toEqual([first.phoneNumber, second.phoneNumber].sort());
    // A live number still refuses the delete, as before.
    expect((await c.delete(`/v1/provider-connections/${conn.id}`)).json().error).toMatchObject({ code: 'connection_in_use' });
    for (const n of bought) expect((await c.delete(`/v1/numbers/${n.id}`)).json()).toMatchObject({ carrier: 'releasing' });

    // Twilio refuses to take the second back: the delete gives back the first, keeps the connection (and its credentials), and says which.
    await peer.admin('/__admin/faults', { rules: [{ to: second.phoneNumber, kind: 'http', status: 500, times: 1 }] });
    const refused = await c.delete(`/v1/provider-connections/${conn.id}`);
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'connection_releasing_numbers', details: { numbers: [second.id] } });
    expect(await onTwilio()).toEqual([second.phoneNumber]);
    expect((await c.get('/v1/provider-connections')).json().data.map((x: { id: string }) => x.id)).toEqual([conn.id]);

    // Twilio takes it now: given back, then the connection is deleted; the release jobs find nothing left to do.
    const deleted = await c.delete(`/v1/provider-connections/${conn.id}`);
    expect(deleted.statusCode, deleted.body).toBe(204);
    expect(await onTwilio()).toEqual([]);
    expect((await c.get('/v1/provider-connections')).json().data).toEqual([]);
    for (const n of bought) {
      expect(await releaseAtCarrier(env.ctx, { accountId: fromPublicId('account', a.accountId)!, numberId: fromPublicId('number', n.id)! })).toBe('released');
    }
    await peer.admin('/__admin/faults', { rules: [] });
  });

  // The purchase's answer lost (the peer buys the number, then drops the connection): Twilio bills the business for a number
  // West Message did not know — its POST /v1/numbers failed, nothing recorded. The purchase is now looked up by the number
  // (IncomingPhoneNumbers?PhoneNumber=) and recorded when Twilio holds it; a refused purchase (5xx, nothing bought) still fails.
  it('a purchase whose answer is lost is found at Twilio and recorded, not left bought and unknown', async () => {
    const env = use();
    await peer.admin('/__admin/reset', { accounts: [{ sid: AC, authToken: TOKEN, numbers: [] }] });
    const a = await signUp(env.app);
    const c = a.client;
    const conn = (await c.post('/v1/provider-connections', { kind: 'twilio', name: 'Peer', credentials: { accountSid: AC, authToken: TOKEN }, settings: { apiBaseUrl: peer.api } })).json();
    const first = '+15125551000'; // the peer's first offer
    await peer.admin('/__admin/faults', { rules: [{ to: first, kind: 'http', status: 500, times: 1 }] });
    const refused = await c.post('/v1/numbers', { connectionId: conn.id });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect(refused.statusCode).toBeLessThan(600);
    expect((await c.get('/v1/numbers')).json().data).toEqual([]);
    expect((await c.get(`/v1/provider-connections/${conn.id}/carrier-numbers`)).json().data).toEqual([]);

    await peer.admin('/__admin/faults', { rules: [{ to: first, kind: 'accept_then_reset', times: 1 }] });
    const bought = await c.post('/v1/numbers', { connectionId: conn.id });
    expect(bought.statusCode, bought.body).toBe(201);
    expect(bought.json()).toMatchObject({ provider: 'twilio', phoneNumber: first, origin: 'provisioned' });
    expect((await c.get(`/v1/provider-connections/${conn.id}/carrier-numbers`)).json().data).toEqual([expect.objectContaining({ phoneNumber: first, numberId: bought.json().id })]);
    expect(await audit(a.accountId, 'number.provisioned')).toEqual([expect.objectContaining({ phoneNumber: first, provider: 'twilio' })]);
    await peer.admin('/__admin/faults', { rules: [] });
  });

  // Deleting the account (grace period, then hard erasure) dropped its numbers, its connections (with their credentials) and its
  // jobs — the pending give-backs too: every number bought through West Message stayed bought at Twilio, billed every month,
  // with nothing left here to give it back. The erasure now gives back what was bought through us (live, or released and not
  // given back yet); an attached number is only detached. One the carrier refuses is kept in a record of no personal data (the
  // number, its carrier id, the sealed credentials) and given back by a later run, each step in the platform's audit log.
  it('the account\'s hard erasure gives back at Twilio the numbers bought through it; one Twilio refuses is given back by a later run', async () => {
    const env = use();
    const phone = `+1512555${String(Math.floor(Math.random() * 9000) + 1000)}`;
    // The peer's first offers are held by another of its accounts: earlier tests keep some of them live here (number_taken).
    const earlier = Array.from({ length: 8 }, (_, i) => `+1512555${String(1000 + ((i * 7919) % 9000)).padStart(4, '0')}`).filter((p) => p !== phone);
    await peer.admin('/__admin/reset', { accounts: [{ sid: AC, authToken: TOKEN, numbers: [{ phoneNumber: phone }] }, { sid: 'AC' + 'c8'.repeat(16), authToken: 'filler', numbers: earlier.map((p) => ({ phoneNumber: p })) }] });
    const a = await signUp(env.app);
    const c = a.client;
    const account = fromPublicId('account', a.accountId)!;
    const conn = (await c.post('/v1/provider-connections', { kind: 'twilio', name: 'Peer', credentials: { accountSid: AC, authToken: TOKEN }, settings: { apiBaseUrl: peer.api } })).json();
    const onTwilio = async () => { // every page (the peer's are small)
      const held: string[] = [];
      for (let url: string | null = `/2010-04-01/Accounts/${AC}/IncomingPhoneNumbers.json?PageSize=50`; url;) {
        const r = await fetch(`${peer.api}${url}`, { headers: { authorization: `Basic ${Buffer.from(`${AC}:${TOKEN}`).toString('base64')}` } });
        const page = (await r.json()) as { incoming_phone_numbers: Array<{ phone_number: string }>; next_page_uri: string | null };
        held.push(...page.incoming_phone_numbers.map((n) => n.phone_number));
        url = page.next_page_uri;
      }
      return held.sort();
    };
    expect((await c.post('/v1/numbers', { connectionId: conn.id, phoneNumber: phone })).statusCode).toBe(201); // attached
    const bought: Array<{ id: string; phoneNumber: string }> = [];
    for (let i = 0; i < 3; i++) {
      const b = await c.post('/v1/numbers', { connectionId: conn.id });
      expect(b.statusCode, b.body).toBe(201);
      bought.push(b.json());
    }
    const [live, released, refused] = bought;
    // One released, its give-back job refused by Twilio so far (retrying); the others live.
    await peer.admin('/__admin/faults', { rules: [{ to: released.phoneNumber, kind: 'http', status: 500 }] });
    expect((await c.delete(`/v1/numbers/${released.id}`)).json()).toMatchObject({ carrier: 'releasing' });
    expect(await onTwilio()).toEqual([phone, ...bought.map((n) => n.phoneNumber)].sort());

    const due = Date.parse((await c.post('/v1/account/deletion', { password: STRONG_PASSWORD })).json().scheduledFor);
    const at = (t: number) => ({ ...env.ctx, now: () => new Date(t) });
    await peer.admin('/__admin/faults', { rules: [{ to: refused.phoneNumber, kind: 'http', status: 500, times: 1 }] });
    expect(await runAccountDeletions(at(due + 1000))).toMatchObject({ erased: 1 });
    // Given back but the one Twilio refused; the attached one stays the business's.
    expect(await onTwilio()).toEqual([phone, refused.phoneNumber].sort());
    const platform = async (action: string) => (await env.ctx.database.query<{ details: Record<string, unknown> | string }>(
      'select details from platform_audit_events where action = $1 and target_id = $2 order by created_at', [action, account])).rows.map((r) => (typeof r.details === 'string' ? JSON.parse(r.details) : r.details));
    const [{ certificate }] = await platform('account.erased') as Array<{ certificate: { kept: Array<{ table: string; rows: number }> } }>;
    // (The released one's job may have given it back meanwhile.)
    expect(certificate.kept).toContainEqual(expect.objectContaining({ table: 'number_give_backs', rows: expect.any(Number) }));
    const givenBack = (await platform('number.given_back')).map((d) => d.phoneNumber);
    expect(givenBack).toContain(live.phoneNumber);
    expect(givenBack).not.toContain(refused.phoneNumber);
    expect(await platform('number.give_back_refused')).toEqual([expect.objectContaining({ phoneNumber: refused.phoneNumber, attempts: 1 })]);
    // The account holds nothing else: no number, no connection.
    for (const t of ['phone_numbers', 'provider_connections']) expect((await env.ctx.database.query(`select 1 from ${t} where account_id = $1`, [account])).rows).toEqual([]);

    // Not retried before its time; then Twilio takes it, and the record goes.
    expect(await runAccountDeletions(at(due + 2000))).toMatchObject({ givenBack: 0 });
    expect(await onTwilio()).toEqual([phone, refused.phoneNumber].sort());
    expect(await runAccountDeletions(at(due + 2 * 3_600_000))).toMatchObject({ givenBack: 1 });
    expect(await onTwilio()).toEqual([phone]);
    expect((await platform('number.given_back')).map((d) => d.phoneNumber)).toContain(refused.phoneNumber);
    expect((await env.ctx.database.query('select 1 from number_give_backs where account_id = $1', [account])).rows).toEqual([]);
    expect(await runAccountDeletions(at(due + 30 * 3_600_000))).toMatchObject({ erased: 0, givenBack: 0 });
    await peer.admin('/__admin/faults', { rules: [] });
  });
}, {}, { simulator: true });
