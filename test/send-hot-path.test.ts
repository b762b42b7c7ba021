import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { messages } from '../src/db/schema/index.js';
import { fromPublicId, newUuid, toPublicId } from '../src/lib/ids.js';
import { insertSend } from '../src/modules/messaging/send.repo.js';
import { describeEachDb, statementsOf as countStatements } from './harness.js';
import { Client, STRONG_PASSWORD, lastEmailTo, signUp, tokenFrom } from './factories.js';

/**
 * The send hot path (issue 12, send.service sendPlain + send.repo): a plain text is queued by one
 * statement — and writes exactly what the general path wrote (contact, open conversation touched
 * as replied, message, its message.created event), refusing what it refused.
 */
describeEachDb('send hot path', (use) => {
  const rows = async <T>(sql: string, params: unknown[] = []) => (await use().ctx.database.query<T>(sql, params)).rows;
  const count = async (sql: string, params: unknown[] = []) => Number((await rows<{ n: number }>(sql, params))[0].n);

  async function account() {
    const { client } = await signUp(use().app);
    const number = (await client.post('/v1/numbers', { provider: 'simulator' })).json();
    const accountId = (await rows<{ account_id: string }>('select account_id from phone_numbers where id = $1', [fromPublicId('number', number.id)]))[0].account_id;
    return { client, number, accountId };
  }

  const statementsOf = (work: () => Promise<unknown>) => countStatements(use(), work);

  const send = (c: Client, body: Record<string, unknown>) => c.post('/v1/messages', body);

  it('queues a plain text in one statement after authentication: new contact, open conversation replied, message and its event', async () => {
    const { client, number, accountId } = await account();
    expect((await send(client, { to: '+14155550100', body: 'warm-up' })).statusCode).toBe(201);
    let r!: Awaited<ReturnType<typeof send>>;
    const statements = await statementsOf(async () => {
      r = await send(client, { from: number.phoneNumber, to: '(415) 555-0101', body: 'Your table is ready.' });
    });
    expect(r.statusCode).toBe(201);
    if (statements !== null) expect(statements).toBe(2); // the session's lookup, then the send
    const m = r.json();
    expect(m).toMatchObject({ direction: 'outbound', kind: 'conversational', from: number.phoneNumber, to: '+14155550101', status: 'queued', encoding: 'GSM-7', segments: 1, media: [] });
    const [contact] = await rows<{ id: string; consent_state: string; time_zone: string; time_zone_source: string; country: string }>(
      'select id, consent_state, time_zone, time_zone_source, country from contacts where account_id = $1 and phone = $2', [accountId, '+14155550101']);
    expect(contact).toMatchObject({ consent_state: 'unknown', time_zone: 'America/Los_Angeles', time_zone_source: 'number', country: 'US' });
    expect(fromPublicId('contact', m.contactId)).toBe(contact.id);
    const conversationId = fromPublicId('conversation', m.conversationId)!;
    const [conversation] = await rows<{ status: string; contact_id: string; last_message_at: Date | null; last_reply_at: Date | null }>(
      'select status, contact_id, last_message_at, last_reply_at from conversations where account_id = $1 and id = $2', [accountId, conversationId]);
    expect(conversation).toMatchObject({ status: 'open', contact_id: contact.id, last_message_at: expect.any(Date), last_reply_at: expect.any(Date) });
    const events = await rows<{ type: string; payload: unknown }>('select type, payload from outbox where account_id = $1 and subject_id = $2', [accountId, fromPublicId('message', m.id)]);
    expect(events).toEqual([{ type: 'message.created', payload: { status: 'queued', from: null, errorCode: null, source: 'api', conversationId } }]);

    // The next text to them (sender by id this time) joins the same contact and conversation.
    const again = (await send(client, { from: number.id, to: '+14155550101', body: 'Still there?' })).json();
    expect([again.contactId, again.conversationId]).toEqual([m.contactId, m.conversationId]);
    expect(await count('select count(*) n from contacts where account_id = $1 and phone = $2', [accountId, '+14155550101'])).toBe(1);
  });

  it("answers with the message row exactly as stored (every column; timestamps as Dates), though the statement returns it as one jsonb value", async () => {
    const { ctx } = use();
    const { number, accountId } = await account();
    const now = new Date();
    const row = {
      accountId, numberId: fromPublicId('number', number.id), numberE164: null, phoneHash: 'test-phone-hash', kind: 'conversational',
      contactId: newUuid(), to: '+14155550120', phoneType: 'mobile', country: 'US', timeZone: 'America/Los_Angeles', timeZoneSource: 'number',
      conversationId: newUuid(), messageId: newUuid(), body: 'Ünïcode — and "quotes" \\ too', encoding: 'UCS-2', segments: 1, status: 'scheduled',
      nextAttemptAt: new Date(now.getTime() + 3_600_123), sendAt: new Date(now.getTime() + 3_600_123), idempotencyKey: 'row-shape', requestHash: 'hash',
      createdBy: null, at: now, partnerId: null, recheck: null,
    };
    const r = await insertSend(ctx.database, row);
    expect(r).toMatchObject({ authOk: true, hasNumber: true, suppressed: false });
    const [stored] = await ctx.db.select().from(messages).where(and(eq(messages.accountId, accountId), eq(messages.id, row.messageId)));
    expect(r.message).toEqual(stored);
    expect(r.message!.createdAt).toBeInstanceOf(Date);
    expect(r.message!.sendAt!.getTime()).toBe(row.sendAt.getTime());
  });

  it('refuses a suppressed recipient and a blank or unknown sender, writing nothing', async () => {
    const { client, accountId } = await account();
    const ct = (await client.post('/v1/contacts', { phone: '(305) 555-0202' })).json();
    expect((await client.post(`/v1/contacts/${ct.id}/consent`, { kind: 'opt_out', source: 'agent', evidence: { note: 'Asked by phone' } })).statusCode).toBeLessThan(300);
    const written = () => Promise.all(['messages', 'conversations', 'contacts', 'outbox'].map((t) => count(`select count(*) n from ${t} where account_id = $1`, [accountId])));
    const before = await written();
    const stop = await send(client, { to: '+13055550202', body: 'Sale!' });
    expect([stop.statusCode, stop.json().error.code]).toEqual([422, 'recipient_opted_out']);
    for (const from of ['  ', '+19999999999', toPublicId('number', '00000000-0000-4000-8000-000000000000')]) {
      const r = await send(client, { from, to: '+14155550103', body: 'x' });
      expect([r.statusCode, r.json().error.code]).toEqual([422, 'unknown_sender']);
    }
    expect(await written()).toEqual(before);
  });

  it('with an API key: the key lookup is cached and re-checked inside the send statement, so a revoked key or a lowered role counts at once', async () => {
    const { app, config } = use();
    const { client: owner, accountId } = await account();
    const ownerKey = new Client(app, (await owner.post('/v1/api-keys', { name: 'CRM' })).json().key);
    const written = () => count('select count(*) n from messages where account_id = $1', [accountId]);
    expect((await send(ownerKey, { to: '+14155550110', body: 'first: the key is looked up' })).statusCode).toBe(201);
    const cached = await statementsOf(async () => expect((await send(ownerKey, { to: '+14155550111', body: 'second: from the cache' })).statusCode).toBe(201));
    if (cached !== null) expect(cached).toBe(1); // no lookup: the send statement re-checks the cached key itself

    // Revoked: the very next send is refused, nothing written.
    const keyId = (await owner.get('/v1/api-keys')).json().data[0].id;
    expect((await owner.delete(`/v1/api-keys/${keyId}`)).statusCode).toBe(204);
    const before = await written();
    const revoked = await send(ownerKey, { to: '+14155550112', body: 'after revocation' });
    expect(revoked.statusCode).toBe(401);
    expect(await written()).toBe(before);

    // An admin's key, cached, then the admin is made a viewer: the next send is refused with 403.
    const email = `admin-${Math.random().toString(36).slice(2)}@example.com`;
    expect((await owner.post('/v1/invitations', { email, role: 'admin' })).statusCode).toBe(201);
    const agent = new Client(app);
    const token = tokenFrom((await lastEmailTo(app, email, config.operatorToken)).text);
    expect((await agent.post('/v1/invitations/accept', { token, name: 'Ada Admin', phone: '+14155550199', password: STRONG_PASSWORD })).statusCode).toBe(201);
    const agentKey = new Client(app, (await agent.post('/v1/api-keys', { name: 'agent key' })).json().key);
    expect((await send(agentKey, { to: '+14155550113', body: 'as an admin' })).statusCode).toBe(201);
    expect((await send(agentKey, { to: '+14155550114', body: 'as an admin, cached' })).statusCode).toBe(201);
    const memberId = (await owner.get('/v1/members')).json().data.find((m: { email: string }) => m.email === email).id;
    expect((await owner.patch(`/v1/members/${memberId}`, { role: 'viewer' })).statusCode).toBe(200);
    const lowered = await send(agentKey, { to: '+14155550115', body: 'as a viewer' });
    expect(lowered.statusCode).toBe(403);
    // Made an agent again: the key sends again (the changed membership was read afresh).
    expect((await owner.patch(`/v1/members/${memberId}`, { role: 'agent' })).statusCode).toBe(200);
    expect((await send(agentKey, { to: '+14155550115', body: 'an agent again' })).statusCode).toBe(201);
    expect(await written()).toBe(before + 3);
  });
});
