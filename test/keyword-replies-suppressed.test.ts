import { expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { describeEachDb, settle, type TestEnv } from './harness.js';
import { signUp } from './factories.js';

/**
 * Keyword replies to a suppressed number (DESIGN, messaging rules): STOP and HELP replies are sent
 * even to a suppressed number — nothing else is. A person who opted out and then texts one of the
 * business's custom keywords ("MENU"), or a double opt-in keyword whose answer only asks for a Y,
 * gets no answer: the reply is canceled at hand-over (`recipient_opted_out`) and never reaches the
 * carrier, as every other queued text to them. Their HELP is still answered, and so is a second
 * STOP; START lifts the suppression and from then on the custom keyword is answered again.
 */
describeEachDb('keyword replies to a suppressed number', (use) => {
  const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await use().ctx.database.query<T>(sql, params)).rows;

  async function business(env: TestEnv) {
    const s = await signUp(env.app);
    const n = await s.client.post('/v1/numbers', { provider: 'simulator', mps: 1000 });
    expect(n.statusCode).toBe(201);
    const number = n.json();
    expect((await s.client.patch(`/v1/numbers/${number.id}`, { customKeywords: [{ word: 'MENU', kind: 'custom', reply: 'Today: soup, salad, pie.' }] })).statusCode).toBe(200);
    expect((await s.client.post('/v1/keywords', { word: 'VIPS', numberId: number.id, programName: 'VIP list', frequency: 'Up to 2 msgs/month', doubleOptIn: true })).statusCode).toBe(201);
    return { ...s, id: fromPublicId('account', s.accountId)!, phone: number.phoneNumber as string };
  }

  it('after STOP: custom and join-prompt answers are canceled, HELP and a second STOP are answered; after START the custom answer goes again', async () => {
    const env = use();
    const a = await business(env);
    const person = '+16465559021';
    const text = async (body: string) => {
      const r = await a.client.post('/v1/simulator/inbound', { from: person, to: a.phone, body });
      expect(r.statusCode).toBe(201);
      await settle(env);
      return r.json().keyword as { kind: string } | null;
    };
    expect(await text('STOP')).toMatchObject({ kind: 'opt_out' });
    expect(await text('MENU')).toMatchObject({ kind: 'custom' });
    await text('VIPS');
    expect(await text('HELP')).toMatchObject({ kind: 'help' });
    expect(await text('STOP')).toMatchObject({ kind: 'opt_out' });
    expect(await text('START')).toMatchObject({ kind: 'opt_in' });
    expect(await text('MENU')).toMatchObject({ kind: 'custom' });

    const replies = await q<{ id: string; answers: string; status: string; error_code: string | null }>(
      `select id::text id, keyword->>'kind' as answers, status, error_code from messages
       where account_id = $1 and kind = 'keyword_reply' order by created_at`, [a.id]);
    const went = expect.stringMatching(/^(sent|delivered)$/);
    expect(replies.map((r) => [r.answers, r.status, r.error_code])).toEqual([
      ['opt_out', went, null],
      ['custom', 'canceled', 'recipient_opted_out'],
      ['join', 'canceled', 'recipient_opted_out'],
      ['help', went, null],
      ['opt_out', went, null],
      ['opt_in', went, null],
      ['custom', went, null],
    ]);
    // The carrier received exactly the answers that went, each once.
    const ledger = (await env.sim.ledger()).messages;
    for (const r of replies) expect(ledger.filter((l) => l.reference === r.id).length, `${r.answers} ${r.status}`).toBe(r.status === 'canceled' ? 0 : 1);
  }, 120_000);

  // No automatic text goes to a country the account does not text (fraud at the door: SMS pumping answers HELP from
  // costly destinations): each answer is canceled (`destination_country_not_allowed`) and never reaches the carrier; the
  // keyword still does what it says (STOP opts the number out, START back in). Once the country is allowed, HELP is answered.
  it('a person in a country the account does not text gets no automatic answer, STOP still opts them out; allowed, HELP is answered', async () => {
    const env = use();
    const a = await business(env);
    const person = '+447400123456'; // GB
    const text = async (body: string) => {
      const r = await a.client.post('/v1/simulator/inbound', { from: person, to: a.phone, body });
      expect(r.statusCode, r.body).toBe(201);
      await settle(env);
    };
    const replies = async () => (await q<{ id: string; answers: string; status: string; error_code: string | null }>(
      `select id::text id, keyword->>'kind' as answers, status, error_code from messages
       where account_id = $1 and kind = 'keyword_reply' order by created_at`, [a.id])).map((r) => [r.answers, r.status, r.error_code]);
    for (const body of ['HELP', 'MENU', 'VIPS', 'STOP', 'START']) await text(body);
    const refused = 'destination_country_not_allowed';
    expect(await replies()).toEqual([['help', 'canceled', refused], ['custom', 'canceled', refused], ['join', 'canceled', refused], ['opt_out', 'canceled', refused], ['opt_in', 'canceled', refused]]);
    const consent = async () => (await q<{ kind: string }>(`select kind from consent_events where account_id = $1 order by created_at, id`, [a.id])).map((r) => r.kind);
    expect(await consent()).toEqual(['opt_out', 'opt_in']);
    expect((await env.sim.ledger()).messages.filter((l) => l.to === person)).toEqual([]);

    expect((await a.client.request('PUT', '/v1/account/destinations', { allowedCountries: ['GB'] })).statusCode).toBe(200);
    await text('HELP');
    expect((await replies()).at(-1)).toEqual(['help', expect.stringMatching(/^(sent|delivered)$/), null]);
    expect((await env.sim.ledger()).messages.filter((l) => l.to === person)).toHaveLength(1);
  }, 120_000);
}, {}, { simulator: true });
