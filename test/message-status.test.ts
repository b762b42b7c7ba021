import { beforeEach, expect, it } from 'vitest';
import { withTx } from '../src/db/tx.js';
import { fromPublicId } from '../src/lib/ids.js';
import { dispatchOnce } from '../src/modules/messaging/dispatcher.js';
import { changeStatuses } from '../src/modules/messaging/status.service.js';
import { IllegalTransitionError } from '../src/modules/messaging/status.js';
import { describeEachDb } from './harness.js';
import { signUp } from './factories.js';

/** Every status write goes through changeStatuses, which refuses what the transition table forbids. */
describeEachDb('message status writes', (use) => {
  beforeEach(async () => {
    await use().sim.settings({ latencyMs: 0 });
  });
  async function queued(to: string) {
    const { client } = await signUp(use().app);
    await client.post('/v1/numbers', { provider: 'simulator', mps: 100 });
    const m = (await client.post('/v1/messages', { to, body: 'Status test' })).json();
    const id = fromPublicId('message', m.id)!;
    const { rows: [row] } = await use().ctx.database.query<{ account_id: string }>(`select account_id from messages where id = $1`, [id]);
    return { client, publicId: m.id as string, id, accountId: row.account_id };
  }
  const state = async (id: string) => {
    const { ctx } = use();
    const { rows: [m] } = await ctx.database.query<{ status: string }>(`select status from messages where id = $1`, [id]);
    const { rows: [o] } = await ctx.database.query<{ n: number }>(`select count(*)::int n from outbox where subject_id = $1`, [id]);
    return { status: m.status, events: Number(o.n) };
  };

  it('refuses an illegal transition and writes nothing, not even for the legal changes beside it', async () => {
    const { id, accountId } = await queued('+1 415 555 0161');
    const other = await queued('+1 415 555 0162');
    const attempt = withTx(use().ctx.db, (tx) => changeStatuses(tx, [
      { id: other.id, accountId: other.accountId, from: 'queued', to: 'canceled' },
      { id, accountId, from: 'queued', to: 'delivered' },
    ], 'api'));
    await expect(attempt).rejects.toBeInstanceOf(IllegalTransitionError);
    await expect(attempt).rejects.toMatchObject({ status: 409, code: 'illegal_status_transition', details: { from: 'queued', to: 'delivered' } });
    expect(await state(id)).toEqual({ status: 'queued', events: 1 });
    expect(await state(other.id)).toEqual({ status: 'queued', events: 1 });
    for (const [from, to] of [['sending', 'canceled'], ['sending', 'queued'], ['delivered', 'sent']] as const) {
      await expect(withTx(use().ctx.db, (tx) => changeStatuses(tx, [{ id, accountId, from, to }], 'dispatcher'))).rejects.toBeInstanceOf(IllegalTransitionError);
    }
  });

  it('skips a legal change whose message is no longer in the expected status (a concurrent writer won)', async () => {
    const { id, accountId } = await queued('+1 415 555 0163');
    const applied = await withTx(use().ctx.db, (tx) => changeStatuses(tx, [{ id, accountId, from: 'scheduled', to: 'canceled' }], 'api'));
    expect(applied).toEqual([]);
    expect(await state(id)).toEqual({ status: 'queued', events: 1 });
  });

  it('a claim is not "sending": canceled at claim time goes queued → canceled, a transient refusal stays queued', async () => {
    const env = use();
    const a = await queued('+1 415 555 0164');
    await a.client.post(`/v1/contacts/${(await a.client.get(`/v1/messages/${a.publicId}`)).json().contactId}/consent`, { kind: 'opt_out', source: 'agent', evidence: {} });
    await dispatchOnce(env.ctx);
    const canceled = (await a.client.get(`/v1/messages/${a.publicId}`)).json();
    expect(canceled).toMatchObject({ status: 'canceled', errorCode: 'recipient_opted_out' });
    expect(canceled.history.map((h: { status: string }) => h.status)).toEqual(['queued', 'canceled']);

    const b = await queued('+1 415 555 0165');
    await env.sim.settings({ latencyMs: 0, serverErrorRate: 1 });
    await dispatchOnce(env.ctx);
    const deferred = (await b.client.get(`/v1/messages/${b.publicId}`)).json();
    expect(deferred).toMatchObject({ status: 'queued', errorCode: 'carrier_unavailable' });
    expect(deferred.history.map((h: { status: string }) => h.status)).toEqual(['queued']);
    const { rows: [row] } = await env.ctx.database.query<{ claimed: boolean; later: boolean; attempts: number }>(
      `select claimed_until is not null as claimed, next_attempt_at > now() as later, attempts from messages where id = $1`, [b.id]);
    expect(row).toEqual({ claimed: false, later: true, attempts: 1 });
  });

  it('a claim taken over after its worker died is not resubmitted to a number that opted out meanwhile', async () => {
    const env = use();
    const m = await queued('+1 415 555 0168');
    // A worker leased it and died without recording; then the recipient opted out.
    await env.ctx.database.query(`update messages set claimed_until = now() - interval '1 second', next_attempt_at = now() - interval '1 second', attempts = 1 where id = $1`, [m.id]);
    await m.client.post(`/v1/contacts/${(await m.client.get(`/v1/messages/${m.publicId}`)).json().contactId}/consent`, { kind: 'opt_out', source: 'agent', evidence: {} });
    await dispatchOnce(env.ctx);
    const after = (await m.client.get(`/v1/messages/${m.publicId}`)).json();
    expect(after).toMatchObject({ status: 'failed', errorCode: 'recipient_opted_out' }); // outcome of the first attempt unknown: never "canceled"
    expect((await env.sim.ledger()).messages.map((l) => l.reference)).not.toContain(m.id);
  });
}, { CONNECTION_FAILURE_THRESHOLD: "1000" }, { simulator: true });
