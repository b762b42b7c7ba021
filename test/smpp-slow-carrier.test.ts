// A carrier that stops answering, end to end through the worker's dispatcher (the SMSC in its own process).
// Window 1 and a 700 ms answer timeout: a held batch of three takes ~2.1 s, past a 1 s claim. The claim
// used to end while its worker was still handing the batch over, one message after another: another turn
// took the messages over, and the journal failed them (outcome_unknown, "stopped before recording") while
// the live worker went on to submit them — a text at the carrier that our records call failed, its own
// recording then refused. A worker now keeps its claim while it still holds the batch.
// (Within one worker a sender with a turn in flight gets no new claim: two dispatchers stand for two processes.)
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { startDispatcher } from '../src/modules/messaging/dispatcher.js';
import { describeEachDb } from './harness.js';
import { signUp } from './factories.js';
import { startSmsc, waitFor, type Smsc } from './smsc-peer.js';

let peer: Smsc;
const cmd = (path: string, body: unknown = {}) => peer.cmd(path, body);

beforeAll(async () => {
  peer = await startSmsc();
}, 30_000);
afterAll(() => {
  peer?.stop();
});

describeEachDb('a carrier that stops answering for longer than a claim', (use) => {
  it('the worker keeps its claim while it holds the batch: no message is taken over and failed while it is still being submitted', async () => {
    const { app, ctx } = use();
    await cmd('/reset');
    const from = '+15125550190';
    const a = await signUp(app);
    const created = await a.client.post('/v1/provider-connections', {
      kind: 'smpp', name: 'Slow SMSC', credentials: { systemId: 'test', password: 'secret' },
      settings: { host: '127.0.0.1', port: peer.port, window: 1, responseTimeoutMs: 700, reconnectBaseMs: 20, reconnectMaxMs: 200, enquireLinkMs: 60_000 },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect((await a.client.post('/v1/numbers', { connectionId: created.json().id, phoneNumber: from, mps: 50 })).statusCode).toBe(201);
    const accountId = fromPublicId('account', a.accountId);
    await cmd('/hold');
    // Two dispatchers, as two worker processes: the second serves the sender while the first still holds its batch.
    const workers = [startDispatcher(ctx, { error: () => undefined }), startDispatcher(ctx, { error: () => undefined })];
    try {
      await waitFor('the session to bind', async () => (await cmd('/ledger')).bound.length === 1);
      for (let i = 0; i < 3; i++) expect((await a.client.post('/v1/messages', { from, to: `+1415555018${i}`, body: `slow ${i}` })).statusCode).toBe(201);
      const final = await waitFor('every message to be final', async () => {
        const { rows } = await ctx.database.query<{ status: string; error_code: string | null; error_message: string | null }>(
          "select status, error_code, error_message from messages where account_id = $1 and direction = 'outbound'", [accountId]);
        return rows.length === 3 && rows.every((r) => r.status !== 'queued' && r.status !== 'scheduled') ? rows : null;
      }, 30_000);
      // Each went out once and timed out unanswered: outcome_unknown from its own submission, none failed by a takeover.
      expect(final.map((r) => r.error_message ?? '').filter((m) => m.includes('stopped before recording'))).toEqual([]);
      expect(final.map((r) => [r.status, r.error_code])).toEqual([['failed', 'outcome_unknown'], ['failed', 'outcome_unknown'], ['failed', 'outcome_unknown']]);
      expect((await cmd('/ledger')).submits).toHaveLength(3);
    } finally {
      for (const w of workers) await w.stop();
      await cmd('/release');
    }
  }, 60_000);
}, { DISPATCH_CLAIM_MS: '1000', DISPATCH_BATCH: '1', CARRIER_SESSIONS_CHECK_MS: '100' });
