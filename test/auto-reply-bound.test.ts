import { expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { AUTO_REPLIES_PER_HOUR, receiveInbound } from '../src/modules/messaging/inbound.service.js';
import { describeEachDb, settle } from './harness.js';
import { signUp } from './factories.js';

/**
 * Automatic replies to one number are bounded (README, Keywords): a bot (or another business's
 * auto-responder) that texts HELP or a custom keyword back every time it is answered would
 * otherwise make the business send — and pay for — a reply to each of its texts, for ever.
 * Each text is still stored; at most AUTO_REPLIES_PER_HOUR automatic replies go to one contact
 * an hour. A STOP that opts the person out is always confirmed.
 */
describeEachDb('automatic replies to one number are bounded', (use) => {
  const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await use().ctx.database.query<T>(sql, params)).rows;

  it('a bot texting HELP and a custom keyword 30 times gets at most 10 replies; its STOP is still confirmed once', async () => {
    const env = use();
    const s = await signUp(env.app);
    const n = await s.client.post('/v1/numbers', { provider: 'simulator', mps: 1000 });
    expect(n.statusCode).toBe(201);
    const number = n.json();
    expect((await s.client.patch(`/v1/numbers/${number.id}`, { customKeywords: [{ word: 'PING', kind: 'custom', reply: 'PONG' }] })).statusCode).toBe(200);
    const accountId = fromPublicId('account', s.accountId)!;
    const bot = '+16465559077';
    const text = async (body: string) => {
      const r = await s.client.post('/v1/simulator/inbound', { from: bot, to: number.phoneNumber, body });
      expect(r.statusCode).toBe(201);
    };
    for (let i = 0; i < 15; i++) { await text('HELP'); await text('PING'); }
    const counts = async () => (await q<{ inbound: number; replies: number }>(
      `select count(*) filter (where direction = 'inbound')::int inbound, count(*) filter (where kind = 'keyword_reply')::int replies
       from messages where account_id = $1`, [accountId]))[0];
    expect(await counts()).toEqual({ inbound: 30, replies: 10 });
    await settle(env);
    expect((await env.sim.ledger()).messages.length).toBe(10);

    // The STOP that opts the bot's number out is confirmed (CTIA), past the bound; a repeat is not.
    await text('STOP');
    await text('STOP');
    expect(await counts()).toEqual({ inbound: 32, replies: 11 });
    const [last] = await q<{ kind: string }>(`select keyword->>'kind' kind from messages where account_id = $1 and kind = 'keyword_reply' order by created_at desc limit 1`, [accountId]);
    expect(last.kind).toBe('opt_out');
    // So is the START that opts it back in (a change of consent, past the bound); a repeat is not.
    await text('START');
    await text('START');
    expect(await counts()).toEqual({ inbound: 34, replies: 12 });

    // Another person is answered as usual.
    const r = await s.client.post('/v1/simulator/inbound', { from: '+16465559078', to: number.phoneNumber, body: 'HELP' });
    expect(r.statusCode).toBe(201);
    expect((await counts()).replies).toBe(13);
    await settle(env);
    expect((await env.sim.ledger()).messages.length).toBe(13);
  }, 180_000);

  it('a burst of 30 texts taken at once (several connections) still gets at most 10 replies', async () => {
    const env = use();
    const s = await signUp(env.app);
    const number = (await s.client.post('/v1/numbers', { provider: 'simulator', mps: 1000 })).json();
    const accountId = fromPublicId('account', s.accountId)!;
    const bot = '+16465559088';
    // The contact exists first (a first text creates it), so the burst races on the count alone.
    expect((await s.client.post('/v1/simulator/inbound', { from: bot, to: number.phoneNumber, body: 'hello' })).statusCode).toBe(201);
    // Taken by the service at once (as carriers' webhooks on several workers are): on PostgreSQL each on a connection of its own.
    const taken = await Promise.all(Array.from({ length: 30 }, (_, i) =>
      receiveInbound(env.ctx, { from: bot, to: number.phoneNumber, body: i % 2 ? 'HELP' : 'INFO', providerMessageId: `burst-${i}` }, 'simulator')));
    expect(taken.filter((t) => t.keyword)).toHaveLength(30);
    const [{ replies }] = await q<{ replies: number }>(`select count(*)::int replies from messages where account_id = $1 and kind = 'keyword_reply'`, [accountId]);
    expect(replies).toBe(AUTO_REPLIES_PER_HOUR);
  }, 180_000);
}, {}, { simulator: true });
