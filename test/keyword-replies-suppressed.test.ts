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
}, {}, { simulator: true });
