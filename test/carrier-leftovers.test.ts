import { expect, it } from 'vitest';
import { newUuid } from '../src/lib/ids.js';
import { CARRIER_LEFTOVERS_DAYS, purgeCarrierLeftovers } from '../src/modules/messaging/housekeeping.service.js';
import { jobDefinitions } from '../src/job-registry.js';
import { txQuery, type Db } from '../src/db/client.js';
import { withTx } from '../src/db/tx.js';
import { deleteCarrierParts, deleteParkedReceipts } from '../src/modules/messaging/housekeeping.repo.js';
import { describeEachDb } from './harness.js';

/**
 * What the carrier paths leave behind goes after CARRIER_LEFTOVERS_DAYS (README Known limits said "never pruned"):
 * receipts parked for carrier ids never recorded, multipart texts' part ids, and hand-over journal rows whose texts
 * can no longer be handed over. A journal row listing a text still waiting stays, however old: a takeover reads it.
 */
describeEachDb('carrier leftovers sweep', (use) => {
  const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await use().ctx.database.query<T>(text, params)).rows;
  const ago = (days: number) => new Date(Date.now() - days * 86_400_000);

  it('deletes parked receipts, part ids and settled journal rows older than the limit; keeps newer ones and journal rows of waiting texts', async () => {
    const env = use();
    expect(CARRIER_LEFTOVERS_DAYS).toBe(7);
    const account = newUuid();
    const old = ago(CARRIER_LEFTOVERS_DAYS + 2);
    const recent = ago(CARRIER_LEFTOVERS_DAYS - 2);
    const receipt = (id: string, at: Date) => q(`insert into early_receipts (account_id, provider, provider_message_id, status, received_at) values ($1, 'smpp', $2, 'delivered', $3)`, [account, id, at]);
    await receipt('old-1', old);
    await receipt('old-2', old);
    await receipt('recent-1', recent);
    const part = (id: string, at: Date) => q(`insert into carrier_message_parts (account_id, provider, part_id, message_id, part, parts, created_at) values ($1, 'smpp', $2, $3, 1, 2, $4)`, [account, id, newUuid(), at]);
    await part('p-old', old);
    await part('p-recent', recent);
    const message = async (status: string) => {
      const id = newUuid();
      await q(`insert into messages (id, account_id, number_id, direction, "from", "to", body, encoding, segments, status)
               values ($1, $2, $3, 'outbound', '+15125550100', '+14155550100', 'hi', 'GSM-7', 1, $4)`, [id, account, newUuid(), status]);
      return id;
    };
    const journal = async (ids: string[], at: Date) => {
      const id = newUuid();
      await q(`insert into dispatch_handovers (account_id, id, message_ids, created_at) values ($1, $2, $3::uuid[], $4)`, [account, id, ids, at]);
      return id;
    };
    const settled = await journal([await message('delivered'), await message('failed'), newUuid() /* erased since */], old);
    const waiting = await journal([await message('delivered'), await message('queued')], old);
    const young = await journal([await message('delivered')], recent);

    // A batch of one: the loop takes them all.
    expect(await purgeCarrierLeftovers(env.ctx, 1)).toEqual({ receipts: 2, parts: 1, journal: 1 });
    expect((await q<{ id: string }>(`select provider_message_id as id from early_receipts where account_id = $1`, [account])).map((r) => r.id)).toEqual(['recent-1']);
    expect((await q<{ id: string }>(`select part_id as id from carrier_message_parts where account_id = $1`, [account])).map((r) => r.id)).toEqual(['p-recent']);
    expect((await q<{ id: string }>(`select id from dispatch_handovers where account_id = $1`, [account])).map((r) => r.id).sort()).toEqual([waiting, young].sort());
    expect(settled).not.toBe(waiting);
    expect(await purgeCarrierLeftovers(env.ctx)).toEqual({ receipts: 0, parts: 0, journal: 0 });

    // Four days on (the service clock): the recent ones are past the limit; the row of a waiting text still stays.
    const real = env.ctx.now;
    env.ctx.now = () => new Date(real().getTime() + 4 * 86_400_000);
    try {
      expect(await purgeCarrierLeftovers(env.ctx)).toEqual({ receipts: 1, parts: 1, journal: 1 });
    } finally {
      env.ctx.now = real;
    }
    expect((await q<{ id: string }>(`select id from dispatch_handovers where account_id = $1`, [account])).map((r) => r.id)).toEqual([waiting]);
  });

  // The tables that grow (a row per part of every multipart SMPP text, kept 7 days; receipts for ids never recorded) are read
  // by time through an index: a batch's select walked the heap from its start, past the dead rows of the batches before it.
  // dispatch_handovers is not: it holds the batches in flight (each row is deleted when its batch is recorded) and crash leftovers.
  it('the parked-receipt and part deletes read an index on their time, not the table', async () => {
    const env = use();
    const seen: Array<{ text: string; params: unknown[] }> = [];
    const fake = { session: { client: { query: async (text: string, params: unknown[] = []) => { seen.push({ text, params }); return { rows: [] }; } } } } as unknown as Db;
    await deleteParkedReceipts(fake, ago(CARRIER_LEFTOVERS_DAYS), 5000);
    await deleteCarrierParts(fake, ago(CARRIER_LEFTOVERS_DAYS), 5000);
    expect(seen).toHaveLength(2);
    const plans = await withTx(env.ctx.db, async (tx) => {
      const q = txQuery(tx);
      await q('set local enable_seqscan = off');
      const out: string[] = [];
      for (const st of seen) out.push((await q<Record<string, string>>(`explain ${st.text}`, st.params)).rows.map((r) => Object.values(r)[0]).join('\n'));
      return out;
    });
    expect(plans[0], plans[0]).toMatch(/early_receipts_received_idx/);
    expect(plans[1], plans[1]).toMatch(/carrier_message_parts_created_idx/);
    for (const plan of plans) expect(plan, plan).not.toMatch(/Seq Scan/);
  });

  it('runs daily as a job', () => {
    const job = jobDefinitions(use().ctx).find((j) => j.name === 'messaging.purge_carrier_leftovers');
    expect(job?.cron).toMatch(/^\d+ \d+ \* \* \*$/);
  });
});
