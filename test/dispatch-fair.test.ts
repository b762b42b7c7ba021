import { DateTime } from 'luxon';
import { expect, it } from 'vitest';
import { runFanout } from '../src/modules/campaigns/fanout.js';
import { dispatchOnce, startDispatcher } from '../src/modules/messaging/dispatcher.js';
import { dueSenders } from '../src/modules/messaging/dispatch.repo.js';
import { fromPublicId } from '../src/lib/ids.js';
import type { CarrierKindImpl, CarrierMessage } from '../src/providers/carrier.js';
import type { SendResult } from '../src/providers/provider.js';
import { describeEachDb, type TestEnv } from './harness.js';
import { signUp, type Client } from './factories.js';

/**
 * Fair, pipelined dispatch (issue 8, "Dispatch engine"): due senders are served round-robin across
 * accounts, then across each account's senders, least recently served first; a slow carrier call
 * holds only its own slot. Everything here is measured by order and counts, never by timing.
 */

/**
 * A carrier whose calls wait until the test releases them; it records every batch it is handed.
 * It stands in for the Twilio kind while a test runs (its connections are made through the API).
 */
class GateCarrier {
  readonly calls: CarrierMessage[][] = [];
  private gates: Array<() => void> = [];
  open = false;
  constructor(readonly name: string) {}
  kind(): CarrierKindImpl {
    return {
      kind: 'twilio',
      connect: () => ({ kind: 'twilio', capabilities: { mms: false, provision: false, sessions: false }, test: async () => ({ ok: true as const }), send: (b) => this.send(b) }),
    };
  }
  async send(batch: CarrierMessage[]): Promise<SendResult[]> {
    this.calls.push(batch);
    if (!this.open) await new Promise<void>((r) => this.gates.push(r));
    return batch.map((b) => ({ reference: b.reference, ok: true as const, providerMessageId: `${this.name}-${b.reference}` }));
  }
  release() {
    this.open = true;
    for (const g of this.gates.splice(0)) g();
  }
}

const until = async (what: string, cond: () => Promise<boolean> | boolean, ms = 20_000) => {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describeEachDb('fair, pipelined dispatch', (use) => {
  const count = async (env: TestEnv, sql: string, params: unknown[] = []) => Number((await env.ctx.database.query<{ n: number }>(sql, params)).rows[0].n);
  /**
   * A number of the account: on the simulator, or (a gate) on the account's connection to the test's
   * carrier, which stands in for the Twilio kind (one connection per account and gate).
   */
  const connections = new Map<string, string>();
  let numbered = 0;
  async function number(env: TestEnv, client: Client, carrier: 'simulator' | GateCarrier, mps: number) {
    if (carrier === 'simulator') return (await client.post('/v1/numbers', { provider: 'simulator', mps })).json() as { id: string; phoneNumber: string };
    env.ctx.carriers.set('twilio', carrier.kind());
    const key = `${client.cookies.wm_session}:${carrier.name}`;
    if (!connections.has(key)) {
      const c = await client.post('/v1/provider-connections', { kind: 'twilio', name: carrier.name, credentials: { accountSid: `AC${'7'.repeat(32)}`, authToken: 'gate' }, settings: { apiBaseUrl: 'http://127.0.0.1:9' } });
      expect(c.json().status, c.body).toBe('connected');
      connections.set(key, c.json().id);
    }
    const phoneNumber = `+1312${200 + (process.pid % 700)}${String(numbered++).padStart(4, '0')}`;
    const n = await client.post('/v1/numbers', { connectionId: connections.get(key), phoneNumber, mps });
    expect(n.statusCode, n.body).toBe(201);
    return n.json() as { id: string; phoneNumber: string };
  }

  const queue = async (client: Client, from: string, n: number, tag: string) => {
    for (let i = 0; i < n; i++) expect((await client.post('/v1/messages', { from, to: `+1646555${String(2000 + i).slice(-4)}`, body: `${tag} ${i}` })).statusCode).toBe(201);
  };

  it('orders due senders round-robin: accounts first, then each account\'s senders, least recently served first', async () => {
    const env = use();
    const a = await signUp(env.app);
    const b = await signUp(env.app);
    const senders: Record<string, { id: string; phoneNumber: string }> = {};
    for (const [key, c] of [['A1', a], ['A2', a], ['A3', a], ['B1', b], ['B2', b]] as const) {
      senders[key] = await number(env, c.client, 'simulator', 0.01); // held: nothing is dispatched here
      await queue(c.client, senders[key].phoneNumber, 1, key);
    }
    // Last served: A1 longest ago, then A2, A3, B1, B2 — one account's senders all before the other's.
    const ago = { A1: 50, A2: 40, A3: 30, B1: 20, B2: 10 };
    for (const [key, s] of Object.entries(ago)) {
      await env.ctx.database.query(`update sender_buckets set tokens = 0, refilled_at = now() - make_interval(secs => $1) where number_id = $2`, [s, fromPublicId('number', senders[key].id)]);
    }
    const ids = new Map(Object.entries(senders).map(([k, n]) => [fromPublicId('number', n.id), k]));
    const order = (await dueSenders(env.ctx.database.query)).map((s) => ids.get(s.number_id)).filter(Boolean);
    expect(order).toEqual(['A1', 'B1', 'A2', 'B2', 'A3']);
  });

  it('a slow carrier call for one sender does not hold up another account\'s sender', async () => {
    const env = use();
    await env.sim.settings({ latencyMs: 0 });
    const twilio = env.ctx.carriers.get('twilio')!;
    const slow = new GateCarrier(`slow-${env.kind}`);
    const a = await signUp(env.app);
    const b = await signUp(env.app);
    const na = await number(env, a.client, slow, 0.01);
    const nb = await number(env, b.client, 'simulator', 1000);
    await queue(a.client, na.phoneNumber, 3, 'slow');
    await a.client.patch(`/v1/numbers/${na.id}`, { mps: 1000 });
    const accountOf = (c: { client: Client }) => c.client.get('/v1/me').then((r) => fromPublicId('account', r.json().account.id)!);
    const [accA, accB] = [await accountOf(a), await accountOf(b)];
    const settled = (acc: string) => count(env, `select count(*) n from messages where account_id = $1 and direction = 'outbound' and status not in ('scheduled', 'queued')`, [acc]);
    const dispatcher = startDispatcher(env.ctx, console);
    try {
      await until('the slow carrier to be called', () => slow.calls.length > 0);
      await queue(b.client, nb.phoneNumber, 30, 'fast'); // queued only once A's carrier call hangs
      await until('the other account\'s messages to be sent', async () => (await settled(accB)) === 30);
      // All of B went while A's carrier call was still open: A's messages are still waiting on it.
      expect(slow.calls.flat().length).toBe(3);
      expect(await settled(accA)).toBe(0);
      slow.release();
      await until('the slow carrier\'s batch to be recorded', async () => (await settled(accA)) === 3);
    } finally {
      slow.release();
      await dispatcher.stop();
      env.ctx.carriers.set('twilio', twilio);
    }
  });

  it('a busy sender does not starve the others: each pass serves every due sender once, interleaving accounts', async () => {
    const env = use();
    const twilio = env.ctx.carriers.get('twilio')!;
    const rec = new GateCarrier(`rec-${env.kind}`);
    rec.release();
    const concurrency = env.ctx.config.dispatchConcurrency;
    env.ctx.config.dispatchConcurrency = 1; // one batch in flight per carrier: the claim order is the call order
    try {
      const a = await signUp(env.app);
      const b = await signUp(env.app);
      const busy = await number(env, a.client, rec, 0.01);
      const quiet = await number(env, a.client, rec, 0.01);
      const other = await number(env, b.client, rec, 0.01);
      await queue(a.client, busy.phoneNumber, 40, 'busy');
      await queue(a.client, quiet.phoneNumber, 4, 'quiet');
      await queue(b.client, other.phoneNumber, 4, 'other');
      // The busy sender is allowed 10 a pass, the others 1: every pass must still reach them.
      for (const [n, c, mps] of [[busy, a, 10], [quiet, a, 1], [other, b, 1]] as const) {
        await c.client.patch(`/v1/numbers/${n.id}`, { mps });
        await env.ctx.database.query(`update sender_buckets set tokens = $1 where number_id = $2`, [mps, fromPublicId('number', n.id)]);
      }
      const name = new Map([[busy.phoneNumber, 'busy'], [quiet.phoneNumber, 'quiet'], [other.phoneNumber, 'other']]);
      // Each account has its own connection, so its own slot: B's claim runs beside A's. Under load
      // A's whole busy batch plus quiet's claim could beat B's claim to the carrier by chance, so the
      // carrier holds busy's batch until B's call arrives — at once when B was served in the same
      // round as busy; only an unfair order (B queued behind both of A's) waits out the bound.
      const plain = rec.send.bind(rec);
      let otherArrived = () => {};
      let otherSeen = Promise.resolve();
      rec.send = async (batch) => {
        const who = name.get(batch[0]!.from);
        if (who === 'other') otherArrived();
        const result = plain(batch);
        if (who === 'busy') await Promise.race([otherSeen, new Promise((r) => setTimeout(r, 3000))]);
        return result;
      };
      const passes: string[][] = [];
      for (let pass = 0; pass < 4; pass++) {
        otherSeen = new Promise<void>((r) => { otherArrived = r; });
        const before = rec.calls.length;
        await dispatchOnce(env.ctx);
        passes.push(rec.calls.slice(before).map((batch) => name.get(batch[0].from)!).filter(Boolean));
        // One pass's worth of tokens (a full bucket: the refill caps it there).
        for (const [n, mps] of [[busy, 10], [quiet, 1], [other, 1]] as const) {
          await env.ctx.database.query(`update sender_buckets set tokens = $1 where number_id = $2`, [mps, fromPublicId('number', n.id)]);
        }
      }
      for (const p of passes) {
        expect([...p].sort()).toEqual(['busy', 'other', 'quiet']);
        // Round-robin across accounts first: B's only sender never waits behind both of A's.
        expect(p.indexOf('other'), p.join(' → ')).toBeLessThan(2);
      }
      expect(rec.calls.filter((c) => name.get(c[0].from) === 'busy').flat().length).toBe(40);
    } finally {
      env.ctx.config.dispatchConcurrency = concurrency;
      env.ctx.carriers.set('twilio', twilio);
    }
  });

  it('a one-to-one text on a number is claimed before the backlog of a campaign without a rate cap (fair share)', async () => {
    const env = use();
    await env.sim.settings({ latencyMs: 0 });
    const s = await signUp(env.app);
    const acct = fromPublicId('account', s.accountId)!;
    const num = await number(env, s.client, 'simulator', 1);
    const numberId = fromPublicId('number', num.id)!;
    // A zone where it is now well inside the send window, so the campaign's texts are not deferred at hand-over.
    const zone = ['America/Los_Angeles', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Asia/Tokyo', 'Pacific/Honolulu', 'Pacific/Auckland']
      .find((z) => { const h = DateTime.now().setZone(z).hour; return h >= 9 && h < 20; })!;
    for (let i = 0; i < 10; i++) {
      const c = (await s.client.post('/v1/contacts', { phone: `+1415557${String(1000 + ((process.pid + i) % 9000)).padStart(4, '0')}`, tags: ['fair'], timeZone: zone })).json();
      expect((await s.client.post(`/v1/contacts/${c.id}/consent`, { kind: 'opt_in', source: 'api', evidence: { wording: 'Yes' } })).statusCode).toBe(201);
    }
    const created = await s.client.post('/v1/campaigns', { name: 'Backlog', body: 'Sale today', audience: { tags: ['fair'] }, from: num.id });
    expect(created.statusCode, created.body).toBe(201);
    expect((await s.client.post(`/v1/campaigns/${created.json().id}/launch`)).statusCode).toBe(202);
    const cid = fromPublicId('campaign', created.json().id)!;
    await runFanout(env.ctx, { accountId: acct, campaignId: cid });
    const queued = (where: string) => count(env, `select count(*) n from messages where account_id = $1 and status in ('scheduled', 'queued') and ${where}`, [acct]);
    expect(await queued('campaign_id is not null')).toBe(10);
    // The one-to-one text comes after the whole backlog.
    const direct = await s.client.post('/v1/messages', { from: num.phoneNumber, to: '+14155550998', body: 'Your order is ready.' });
    expect(direct.statusCode, direct.body).toBe(201);
    const directId = fromPublicId('message', direct.json().id)!;
    const tokens = (n: number) => env.ctx.database.query(`update sender_buckets set tokens = $1, refilled_at = now() where account_id = $2 and number_id = $3`, [n, acct, numberId]);
    // The first round where the number has a token: it goes to the one-to-one text.
    await tokens(1);
    await dispatchOnce(env.ctx);
    expect(await count(env, `select count(*) n from messages where account_id = $1 and id = $2 and status in ('scheduled', 'queued')`, [acct, directId])).toBe(0);
    expect(await queued('campaign_id is not null')).toBe(10);
    // A round with 3 tokens and another one-to-one text: it goes first, the remaining 2 tokens go to the campaign.
    expect((await s.client.patch(`/v1/numbers/${num.id}`, { mps: 3 })).statusCode).toBe(200);
    expect((await s.client.post('/v1/messages', { from: num.phoneNumber, to: '+14155550997', body: 'Your table is ready.' })).statusCode).toBe(201);
    await tokens(3);
    await dispatchOnce(env.ctx);
    expect(await queued('campaign_id is null')).toBe(0);
    expect(await queued('campaign_id is not null')).toBe(8);
  });
}, {}, { simulator: true });
