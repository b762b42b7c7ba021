import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { deliverInboundDue, fanOutInboundAll, MAX_TWIML_REPLIES_PER_CONTACT_HOUR } from '../src/modules/twilio-compat/inbound-hooks.service.js';
import { signUp } from './factories.js';
import { describeEachDb } from './harness.js';
import { waitFor } from './smsc-peer.js';

/**
 * TwiML replies to one number are bounded (README, Twilio-compatible inbound): a business whose
 * SMS URL answers every text with a <Message>, texted by a bot (or by another business's number
 * with the same kind of app), would otherwise answer — and pay for — each of its texts for ever.
 * At most MAX_TWIML_REPLIES_PER_CONTACT_HOUR replies go to one contact an hour; the rest are
 * refused and why is recorded on the delivery.
 */
describeEachDb('TwiML replies to one number are bounded', (use) => {
  let receiver: http.Server;
  let base = '';
  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        // /echo-to names the sender in `to`, written otherwise (1 (212) 555-0171): still a reply to the texting contact.
        const from = new URLSearchParams(body).get('From') ?? '';
        const to = req.url?.startsWith('/echo-to') ? ` to="1 (${from.slice(2, 5)}) ${from.slice(5, 8)}-${from.slice(8)}"` : '';
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(`<Response><Message${to}>Got it, a person will answer soon.</Message></Response>`);
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  afterAll(async () => { await new Promise((r) => receiver.close(r)); });

  it('an echo bot texting 35 times gets 30 TwiML replies (addressed to its number written another way); the rest are refused (auto_reply_limit); another person is answered', async () => {
    const env = use();
    const { client } = await signUp(env.app);
    const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: 1000 })).json();
    expect((await client.patch(`/v1/numbers/${number.id}`, { twilioSmsUrl: `${base}/echo-to` })).statusCode).toBe(200);
    const text = async (from: string, body: string) => {
      const r = await client.post('/v1/simulator/inbound', { from, to: number.phoneNumber, body });
      expect(r.statusCode, r.body).toBe(201);
      return r.json() as { id: string };
    };
    const deliveryOf = async (messageId: string) => {
      // The outbox is read below the oldest running transaction of the server (shared by other test files): polled, bounded.
      for (let i = 0; i < 400; i++) {
        await fanOutInboundAll(env.ctx);
        await deliverInboundDue(env.ctx);
        const d = ((await client.get(`/v1/twilio-inbound-deliveries?numberId=${number.id}&limit=100`)).json().data as Array<Record<string, any>>)
          .find((x) => x.messageId === messageId && x.status === 'succeeded');
        if (d) return d;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`no delivery for ${messageId}`);
    };
    const reasons: Array<string | null> = [];
    for (let i = 0; i < 35; i++) {
      const m = await text('+12125550171', `bot says ${i}`);
      reasons.push(...(await deliveryOf(m.id)).twiml.replies.map((r: { reason: string | null }) => r.reason));
    }
    expect(reasons.filter((r) => r === null)).toHaveLength(30);
    expect(reasons.slice(30)).toEqual(Array(5).fill('auto_reply_limit'));
    const other = await text('+12125550172', 'hello');
    expect((await deliveryOf(other.id)).twiml.replies).toEqual([{ messageId: expect.stringMatching(/^msg_/), reason: null }]);
  }, 240_000);

  it('a burst of texts whose deliveries run at once still gets at most 30 TwiML replies (the count and the send are one step per contact)', async () => {
    const env = use();
    const { client, accountId } = await signUp(env.app);
    const number = (await client.post('/v1/numbers', { provider: 'simulator', mps: 1000 })).json();
    expect((await client.patch(`/v1/numbers/${number.id}`, { twilioSmsUrl: `${base}/echo` })).statusCode).toBe(200);
    const bot = '+12125550181';
    for (let i = 0; i < 40; i++) {
      const r = await client.post('/v1/simulator/inbound', { from: bot, to: number.phoneNumber, body: `burst ${i}` });
      expect(r.statusCode, r.body).toBe(201);
    }
    const q = async <T>(sql: string) => (await env.ctx.database.query<T>(sql, [fromPublicId('account', accountId)])).rows;
    // All 40 deliveries exist before any is attempted (the outbox is read below the oldest running transaction of the server: polled, bounded).
    await waitFor('40 deliveries', async () => {
      await fanOutInboundAll(env.ctx);
      return (await q<{ n: number }>(`select count(*)::int n from twilio_inbound_deliveries where account_id = $1`))[0].n === 40 || null;
    }, 60_000);
    // One pass: WEBHOOK_CONCURRENCY (64) claims them all, so the 40 answers are acted on at once.
    expect(env.config.webhooks.concurrency).toBeGreaterThanOrEqual(40);
    // The receiver answers at once, but it shares this process's event loop with 40 sends at once (PGlite): a patient timeout for this pass.
    const webhooks = env.ctx.config.webhooks as { timeoutMs: number };
    const timeoutMs = webhooks.timeoutMs;
    webhooks.timeoutMs = 60_000;
    try {
      await deliverInboundDue(env.ctx);
    } finally {
      webhooks.timeoutMs = timeoutMs;
    }
    const settled = await q<{ status: string; error: string | null }>(`select status, last_error error from twilio_inbound_deliveries where account_id = $1`);
    expect(settled.filter((d) => d.status !== 'succeeded')).toEqual([]);
    const [{ replies }] = await q<{ replies: number }>(`select count(*)::int replies from messages where account_id = $1 and direction = 'outbound' and idempotency_key like 'twiml:%'`);
    expect(replies).toBe(MAX_TWIML_REPLIES_PER_CONTACT_HOUR);
    const reasons = (await q<{ reason: string | null }>(
      `select r->>'reason' reason from twilio_inbound_deliveries d, jsonb_array_elements(d.outcome->'replies') r where d.account_id = $1`,
    )).map((r) => r.reason);
    expect(reasons.filter((r) => r === null)).toHaveLength(MAX_TWIML_REPLIES_PER_CONTACT_HOUR);
    expect(reasons.filter((r) => r === 'auto_reply_limit')).toHaveLength(40 - MAX_TWIML_REPLIES_PER_CONTACT_HOUR);
  }, 240_000);
}, { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_TIMEOUT_MS: '3000' }, { simulator: true });
