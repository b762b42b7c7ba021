// The dispatcher's live carrier connections (src/modules/messaging/carrier-connections.ts): one per
// connection and row version; a new version opens a new one and the old one is stopped only once
// its in-flight batches have ended.
import { expect, it } from 'vitest';
import { fromPublicId } from '../src/lib/ids.js';
import { sendThroughConnection, stopCarrierConnections } from '../src/modules/messaging/carrier-connections.js';
import type { CarrierKindImpl, CarrierMessage } from '../src/providers/carrier.js';
import { describeEachDb } from './harness.js';
import { signUp } from './factories.js';

const SID = `AC${'0123456789abcdef'.repeat(2)}`;

describeEachDb('carrier connections of the dispatcher', (use) => {
  it('reuses a connection per row version, opens a new one for a new version, and stops the old one once its batch ended', async () => {
    const { app, ctx } = use();
    const all: Array<{ token: string; stopped: boolean; sent: boolean }> = [];
    /** The connections that sent (the connection test on save opens its own). */
    const opened = () => all.filter((o) => o.sent);
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const kind: CarrierKindImpl = {
      kind: 'twilio',
      connect(cc) {
        const me = { token: cc.credentials.authToken, stopped: false, sent: false };
        all.push(me);
        return {
          kind: 'twilio', capabilities: { mms: false, provision: false, sessions: false },
          test: async () => ({ ok: true }),
          send: async (batch) => {
            me.sent = true;
            if (batch[0].body === 'slow') await gate;
            return batch.map((m) => ({ reference: m.reference, ok: true as const, providerMessageId: `SM-${me.token}-${m.reference}` }));
          },
          stop: async () => void (me.stopped = true),
        };
      },
    };
    ctx.carriers.set('twilio', kind);
    const a = await signUp(app);
    const conn = (await a.client.post('/v1/provider-connections', { kind: 'twilio', name: 'T', credentials: { accountSid: SID, authToken: 'one' }, settings: { apiBaseUrl: 'http://127.0.0.1:9' } })).json();
    const accountId = fromPublicId('account', a.accountId)!;
    const id = fromPublicId('connection', conn.id)!;
    const msg = (ref: string, body = 'hi'): CarrierMessage => ({ reference: ref, accountId, from: '+15125550100', to: '+14155550100', body, segments: 1 });

    const r1 = await sendThroughConnection(ctx, accountId, id, 'v1', [msg('a')]);
    const r2 = await sendThroughConnection(ctx, accountId, id, 'v1', [msg('b')]);
    expect(r1).toEqual({ reached: true, results: [{ reference: 'a', ok: true, providerMessageId: 'SM-one-a' }] });
    expect(r2.results[0]).toMatchObject({ ok: true });
    expect(opened()).toHaveLength(1); // one connection for one version

    const slow = sendThroughConnection(ctx, accountId, id, 'v1', [msg('c', 'slow')]);
    await a.client.patch(`/v1/provider-connections/${conn.id}`, { credentials: { accountSid: SID, authToken: 'two' } });
    const r3 = await sendThroughConnection(ctx, accountId, id, 'v2', [msg('d')]);
    expect(r3.results[0]).toMatchObject({ ok: true, providerMessageId: 'SM-two-d' });
    expect(opened().map((o) => o.token)).toEqual(['one', 'two']);
    expect(opened()[0].stopped).toBe(false); // its batch is still in flight
    release();
    expect((await slow).results[0]).toMatchObject({ ok: true, providerMessageId: 'SM-one-c' });
    await new Promise((r) => setImmediate(r));
    expect(opened()[0].stopped).toBe(true);
    expect(opened()[1].stopped).toBe(false);
    await stopCarrierConnections(ctx);
    expect(opened()[1].stopped).toBe(true);
  });

  it('a connection that is gone fails the batch permanently (connection_not_found), not reached', async () => {
    const { app, ctx } = use();
    const a = await signUp(app);
    const accountId = fromPublicId('account', a.accountId)!;
    const r = await sendThroughConnection(ctx, accountId, '00000000-0000-4000-8000-000000000000', null, [{ reference: 'x', accountId, from: '+15125550100', to: '+14155550100', body: 'hi', segments: 1 }]);
    expect(r).toMatchObject({ reached: false, results: [{ reference: 'x', ok: false, transient: false, code: 'connection_not_found' }] });
  });
});
