import { expect, it } from 'vitest';
import { isUniqueViolation } from '../src/db/errors.js';
import { fromPublicId, newUuid } from '../src/lib/ids.js';
import { phoneHash } from '../src/modules/consent/consent.service.js';
import { insertSend, type SendRow } from '../src/modules/messaging/send.repo.js';
import { describeEachDb, statementsOf as countStatements } from './harness.js';
import { Client, signUp } from './factories.js';

/**
 * The send hot path's micro-batching (send.repo insertSend): on PostgreSQL the sends that arrive in one
 * event-loop turn run as ONE statement over arrays, each getting the outcome it would have had alone —
 * auth re-check, sending number (the account's own only), suppression, contact, conversation, SLA
 * targets, message and event; a batch that fails runs each send on its own. On PGlite the same sends run
 * one by one: the outcomes must be the same.
 */
describeEachDb('send hot path, batched', (use) => {
  const rows = async <T>(sql: string, params: unknown[] = []) => (await use().ctx.database.query<T>(sql, params)).rows;
  const count = async (sql: string, params: unknown[] = []) => Number((await rows<{ n: number }>(sql, params))[0].n);

  async function account() {
    const { client } = await signUp(use().app);
    const number = (await client.post('/v1/numbers', { provider: 'simulator' })).json();
    const numberId = fromPublicId('number', number.id)!;
    const [a] = await rows<{ account_id: string; user_id: string }>(
      'select p.account_id, m.user_id from phone_numbers p join memberships m on m.account_id = p.account_id where p.id = $1', [numberId]);
    return { client, number, numberId, accountId: a.account_id, userId: a.user_id };
  }

  const statementsOf = (work: () => Promise<unknown>) => countStatements(use(), work);

  const row = (accountId: string, to: string, more: Partial<SendRow> = {}): SendRow => ({
    accountId, numberId: null, numberE164: null, phoneHash: phoneHash(use().ctx, to), kind: 'conversational', contactId: newUuid(), to,
    phoneType: 'mobile', country: 'US', timeZone: 'America/New_York', timeZoneSource: 'number', conversationId: newUuid(), messageId: newUuid(),
    body: `to ${to}`, encoding: 'GSM-7', segments: 1, status: 'queued', nextAttemptAt: new Date(), sendAt: null, idempotencyKey: null, requestHash: null,
    createdBy: null, at: new Date(), partnerId: null, recheck: null, ...more,
  });

  it('sends of one turn: one statement, and each send its own outcome (refusals, other tenants, existing contacts, SLA targets met)', async () => {
    const a = await account();
    const b = await account();
    // An existing conversation waiting for a first response (SLA policy), and a suppressed number.
    expect((await a.client.post('/v1/sla-policies', { name: 'Default', firstResponseMinutes: 60, nextResponseMinutes: 30, resolutionMinutes: 480 })).statusCode).toBe(201);
    const inbound = await a.client.post('/v1/simulator/inbound', { from: '+12125550101', to: a.number.phoneNumber, body: 'Is my order coming?' });
    expect(inbound.statusCode).toBe(201);
    const waiting = fromPublicId('conversation', inbound.json().conversationId)!;
    const ct = (await a.client.post('/v1/contacts', { phone: '+13055550202' })).json();
    expect((await a.client.post(`/v1/contacts/${ct.id}/consent`, { kind: 'opt_out', source: 'agent', evidence: { note: 'Asked by phone' } })).statusCode).toBeLessThan(300);
    const [version] = await rows<{ av: string; mv: string }>('select a.xmin::text av, m.xmin::text mv from accounts a join memberships m on m.account_id = a.id where a.id = $1', [a.accountId]);
    // A campaign text to a contact with no conversation (campaigns open none): the send's conversation takes it in.
    const texted = fromPublicId('contact', (await a.client.post('/v1/contacts', { phone: '+14155550206' })).json().id)!;
    const campaignText = newUuid();
    await rows(`insert into messages (id, account_id, contact_id, number_id, direction, kind, "from", "to", body, encoding, segments, status, campaign_id)
      values ($1, $2, $3, $4, 'outbound', 'marketing', $5, '+14155550206', 'Spring sale', 'GSM-7', 1, 'delivered', $6)`, [campaignText, a.accountId, texted, a.numberId, a.number.phoneNumber, newUuid()]);

    const sends = [
      row(a.accountId, '+14155550201'), // new recipient
      row(a.accountId, '+12125550101'), // existing contact and conversation: replied, its first response met
      row(a.accountId, '+13055550202'), // suppressed: refused, nothing written
      row(a.accountId, '+13055550202', { kind: 'keyword_reply' }), // suppressed but a keyword reply: goes
      row(a.accountId, '+14155550203', { numberId: b.numberId }), // another tenant's number: no such number
      row(a.accountId, '+14155550204', { numberE164: b.number.phoneNumber }), // nor by its E.164
      row(b.accountId, '+14155550201', { numberId: b.numberId }), // the same phone in another account: its own contact
      row(a.accountId, '+14155550205', { recheck: { keyId: newUuid(), accountVersion: version.av, membershipVersion: version.mv } }), // a key that is no more: refused
      row(a.accountId, '+14155550206'), // the contact a campaign texted: its conversation opens and the campaign text joins it
    ];
    const before = await count('select count(*) n from messages where account_id = $1', [a.accountId]);
    let outcomes!: Awaited<ReturnType<typeof insertSend>>[];
    const statements = await statementsOf(async () => {
      // The keyword reply goes to a number that is also in this batch: it runs on its own, beside the batch.
      outcomes = await Promise.all(sends.map((s) => insertSend(use().ctx.database, s)));
    });
    // The batch of a's seven, the second send to +13055550202 alone, and b's send alone: a statement never spans accounts.
    if (statements !== null) expect(statements).toBe(3);
    expect(outcomes.map((o) => [o.authOk, o.hasNumber, o.suppressed, o.message !== null])).toEqual([
      [true, true, false, true],
      [true, true, false, true],
      [true, true, true, false],
      [true, true, true, true],
      [true, false, false, false],
      [true, false, false, false],
      [true, true, false, true],
      [false, true, false, false],
      [true, true, false, true],
    ]);
    expect(await rows('select conversation_id from messages where id = $1', [campaignText])).toEqual([{ conversation_id: outcomes[8].message!.conversationId }]);
    expect(outcomes[8].message).toMatchObject({ contactId: texted, conversationId: sends[8].conversationId });
    const [m0, m1, , m3, , , m6] = outcomes.map((o) => o.message);
    expect(m0).toMatchObject({ id: sends[0].messageId, accountId: a.accountId, numberId: a.numberId, to: '+14155550201', from: a.number.phoneNumber, contactId: sends[0].contactId, conversationId: sends[0].conversationId, status: 'queued' });
    expect(m0!.createdAt).toBeInstanceOf(Date);
    expect(m1).toMatchObject({ conversationId: waiting, to: '+12125550101' });
    expect(m1!.contactId).not.toBe(sends[1].contactId); // the existing contact
    expect(m3).toMatchObject({ kind: 'keyword_reply', to: '+13055550202', contactId: fromPublicId('contact', ct.id) });
    expect(m6).toMatchObject({ accountId: b.accountId, numberId: b.numberId, contactId: sends[6].contactId });
    expect(await count('select count(*) n from messages where account_id = $1', [a.accountId])).toBe(before + 4);
    expect(await count('select count(*) n from contacts where account_id = $1 and phone = $2', [a.accountId, '+14155550201'])).toBe(1);
    expect(await count('select count(*) n from contacts where phone in ($1, $2)', ['+14155550203', '+14155550205'])).toBe(0);
    const events = await rows<{ subject_id: string; payload: { conversationId: string } }>(
      `select subject_id, payload from outbox where type = 'message.created' and subject_id = any($1::uuid[])`, [[m0!.id, m1!.id, m3!.id, m6!.id]]);
    expect(new Map(events.map((e) => [e.subject_id, e.payload.conversationId]))).toEqual(new Map([m0!, m1!, m3!, m6!].map((m) => [m.id, m.conversationId])));
    const [conversation] = await rows<{ last_reply_at: Date | null }>('select last_reply_at from conversations where id = $1', [waiting]);
    expect(conversation.last_reply_at).toBeInstanceOf(Date);
    const [target] = await rows<{ status: string; met_at: Date | null }>(`select status, met_at from sla_targets where conversation_id = $1 and kind = 'first_response'`, [waiting]);
    expect(target).toMatchObject({ status: 'met', met_at: sends[1].at });
  });

  it('a batch that fails (an Idempotency-Key already taken) runs each send alone: the others are queued, that one gets its own error', async () => {
    const a = await account();
    const first = await insertSend(use().ctx.database, row(a.accountId, '+14155550301', { idempotencyKey: 'order-1', requestHash: 'h' }));
    expect(first.message).not.toBeNull();
    const sends = [row(a.accountId, '+14155550302'), row(a.accountId, '+14155550303', { idempotencyKey: 'order-1', requestHash: 'h' }), row(a.accountId, '+14155550304')];
    const settled = await Promise.allSettled(sends.map((s) => insertSend(use().ctx.database, s)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(isUniqueViolation((settled[1] as PromiseRejectedResult).reason, 'messages_idempotency_uq')).toBe(true);
    expect(await count('select count(*) n from messages where account_id = $1', [a.accountId])).toBe(3);
    expect(await count('select count(*) n from contacts where account_id = $1 and phone = $2', [a.accountId, '+14155550303'])).toBe(0);
  });

  it('concurrent API sends, some to the same recipient or refused: each request its own answer, one contact and conversation per recipient', async () => {
    const { app } = use();
    const a = await account();
    const key = new Client(app, (await a.client.post('/v1/api-keys', { name: 'CRM' })).json().key);
    expect((await key.post('/v1/messages', { to: '+14155550400', body: 'warm the key cache' })).statusCode).toBe(201);
    const ct = (await a.client.post('/v1/contacts', { phone: '+13055550402' })).json();
    expect((await a.client.post(`/v1/contacts/${ct.id}/consent`, { kind: 'opt_out', source: 'agent', evidence: { note: 'Asked by phone' } })).statusCode).toBeLessThan(300);
    const to = ['+14155550401', '+14155550401', '+13055550402', '+14155550403', '+14155550404', '+14155550401', '+14155550405', '+14155550406'];
    const answers = await Promise.all(to.map((t, i) => key.post('/v1/messages', { to: t, body: `text ${i}` })));
    expect(answers.map((r) => r.statusCode)).toEqual([201, 201, 422, 201, 201, 201, 201, 201]);
    expect(answers[2].json().error.code).toBe('recipient_opted_out');
    const same = [0, 1, 5].map((i) => answers[i].json());
    expect(new Set(same.map((m) => m.contactId)).size).toBe(1);
    expect(new Set(same.map((m) => m.conversationId)).size).toBe(1);
    expect(await count('select count(*) n from contacts where account_id = $1 and phone = $2', [a.accountId, '+14155550401'])).toBe(1);
    expect(await count('select count(*) n from messages where account_id = $1', [a.accountId])).toBe(8);
    expect(await count(`select count(*) n from outbox where account_id = $1 and type = 'message.created'`, [a.accountId])).toBe(8);
  });
}, {}, { simulator: true }); // the simulator delivers the inbound text that starts an SLA target
