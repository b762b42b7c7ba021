import { expect, it } from 'vitest';
import { txQuery } from '../src/db/client.js';
import { dispatchOnce } from '../src/modules/messaging/dispatcher.js';
import { describeEachDb } from './harness.js';
import { signUp, type SignedUp } from './factories.js';

/**
 * Inbox search (GET /v1/conversations?search=) and contact search (GET /v1/contacts?query=):
 * accent- and case-insensitive, over contact names, emails, number digits and message words;
 * never another account's data. PGlite and PostgreSQL.
 */
describeEachDb('inbox search', (use) => {
  async function account(people: Array<{ phone: string; firstName?: string; lastName?: string; email?: string; says: string }>) {
    const who = await signUp(use().app);
    const number = (await who.client.post('/v1/numbers', { provider: 'simulator', mps: 100 })).json();
    const conv: Record<string, string> = {};
    for (const p of people) {
      const { says, ...contact } = p;
      if (contact.firstName) expect((await who.client.post('/v1/contacts', contact)).statusCode).toBe(201);
      conv[p.firstName ?? p.phone] = (await who.client.post('/v1/simulator/inbound', { from: p.phone, to: number.phoneNumber, body: says })).json().conversationId;
    }
    return { who, conv };
  }
  const found = async (who: SignedUp, search: string, extra = '') =>
    (await who.client.get(`/v1/conversations?state=all&search=${encodeURIComponent(search)}${extra}`)).json().data.map((c: { id: string }) => c.id).sort();
  const contactsFound = async (who: SignedUp, q: string) =>
    (await who.client.get(`/v1/contacts?query=${encodeURIComponent(q)}`)).json().data.map((c: { firstName: string | null }) => c.firstName).sort();

  it('finds conversations by contact name, email, number digits and message words, whatever the case and accents', async () => {
    const { who: a, conv } = await account([
      { phone: '+1 212 555 0101', firstName: 'José', lastName: 'García', says: 'Necesito ayuda con mi pedido' },
      { phone: '+1 212 555 0102', firstName: 'Zoë', lastName: 'Müller', email: 'zoe@blumen.example', says: 'Where is my ORDER #4471?' },
      { phone: '+1 305 555 0199', says: 'Crème brûlée for Łukasz, s\'il vous plaît' },
    ]);
    const { who: b, conv: bConv } = await account([{ phone: '+1 212 555 0101', firstName: 'Jose', lastName: 'Garcia', says: 'pedido garcia' }]);
    const jose = [conv['José']];
    const zoe = [conv['Zoë']];
    const anon = [conv['+1 305 555 0199']];
    const cases: Array<[string, string[]]> = [
      ['garcia', jose], ['GARCÍA', jose], ['jose', jose], ['José García', jose], ['jOsÉ gArCiA', jose],
      ['muller', zoe], ['MÜLLER', zoe], ['zoe', zoe], ['zoë', zoe], ['blumen.example', zoe],
      ['pedido', jose], ['PEDI', jose], ['ayuda pedido', jose], ['order', zoe], ['order 4471', zoe], ['4471', zoe],
      ['creme brulee', anon], ['CRÈME', anon], ['lukasz', anon], ['plait', anon],
      ['(212) 555-0101', jose], ['2125550102', zoe], ['555-010', [...jose, ...zoe].sort()], ['3055550199', anon],
      ['nothing like this', []], ['%', []], ['_', []], ['pedido order', []],
    ];
    for (const [q, expected] of cases) expect(await found(a, q), q).toEqual([...expected].sort());
    // Another account: only its own conversation, never A's (and A never sees B's).
    expect(await found(b, 'garcia')).toEqual([bConv['Jose']]);
    expect(await found(b, 'order')).toEqual([]);
    expect(await found(b, '2125550102')).toEqual([]);
    expect(await found(a, 'garcia')).toEqual(jose);
    // Search combines with the other filters and the counts.
    expect(await found(a, 'garcia', '&assignee=none')).toEqual(jose);
    expect((await a.client.get('/v1/conversations/counts?search=muller')).json()).toMatchObject({ open: 1 });
    expect((await a.client.get(`/v1/conversations?search=${'x'.repeat(201)}`)).statusCode).toBe(422);
    // A reply still waiting to be sent (queued: outside messages_search_idx) is found, and still once it went.
    const reply = await a.client.post('/v1/messages', { to: '+1 212 555 0101', body: 'Your Glockenspiel ships Tuesday' });
    expect(reply.statusCode).toBe(201);
    expect(reply.json().status).toBe('queued');
    expect(await found(a, 'glockenspiel')).toEqual(jose);
    await dispatchOnce(use().ctx);
    expect((await a.client.get(`/v1/messages/${reply.json().id}`)).json().status).not.toBe('queued');
    expect(await found(a, 'glockenspiel')).toEqual(jose);

    // GET /v1/contacts?query= is accent- and case-insensitive too.
    expect(await contactsFound(a, 'garcia')).toEqual(['José']);
    expect(await contactsFound(a, 'GARCÍA')).toEqual(['José']);
    expect(await contactsFound(a, 'zoë müller')).toEqual(['Zoë']);
    expect(await contactsFound(a, 'ZOE MULLER')).toEqual(['Zoë']);
    expect(await contactsFound(a, 'BLUMEN')).toEqual(['Zoë']);
    expect(await contactsFound(a, '5550102')).toEqual(['Zoë']);
    expect(await contactsFound(b, 'josé')).toEqual(['Jose']);
  }, 120_000);

  it('folds accents in the database the same way, and message search uses its index', async () => {
    const env = use();
    const { rows } = await env.ctx.database.query<{ f: string }>(`select wm_fold($1) as f`, ['ÀÉÎÕÜ àéîõü Ñ ç Ø ß Łódź Çà']);
    expect(rows[0].f).toBe('aeiou aeiou n c o s lodz ca');
    const plan = await env.ctx.db.transaction(async (tx) => {
      const q = txQuery(tx);
      await q('set local enable_seqscan = off');
      const r = await q<Record<string, string>>(
        `explain select m.conversation_id from messages m where m.campaign_id is null and m.status not in ('scheduled', 'queued')
           and to_tsvector('simple'::regconfig, wm_fold(m.body)) @@ to_tsquery('simple'::regconfig, wm_fold('garcia:*'))`,
      );
      return r.rows.map((x) => Object.values(x)[0]).join('\n');
    });
    expect(plan).toContain('messages_search_idx');
  }, 120_000);
}, {}, { simulator: true });
