import { expect, it } from 'vitest';
import type { Db } from '../src/db/client.js';
import { txQuery } from '../src/db/client.js';
import { withTx } from '../src/db/tx.js';
import { newUuid } from '../src/lib/ids.js';
import { recentAutoReplies } from '../src/modules/messaging/messages.repo.js';
import { recentTwimlReplies } from '../src/modules/twilio-compat/inbound-hooks.repo.js';
import { describeEachDb } from './harness.js';

/**
 * The automatic-reply bounds count a contact's replies of the last hour on every keyword text and every
 * TwiML reply: the count is one walk of an index over (account, contact, created_at) holding only
 * automatic replies, from an hour ago — never every text the account ever sent the contact (a contact
 * of years of campaigns has thousands; messages_outbound_contact_idx has no time).
 */
describeEachDb('automatic-reply counts read an index from an hour ago', (use) => {
  /** The statements a repo function sends (its exact text and parameters), answered with a count of 0. */
  const statementsOf = async (run: (db: Db) => Promise<unknown>) => {
    const seen: Array<{ text: string; params: unknown[] }> = [];
    const fake = { session: { client: { query: async (text: string, params: unknown[] = []) => { seen.push({ text, params }); return { rows: [{ n: 0 }] }; } } } };
    await run(fake as unknown as Db);
    return seen;
  };

  it('recentAutoReplies and recentTwimlReplies: an index range on created_at in the auto-replies index', async () => {
    const env = use();
    const account = newUuid();
    const contact = newUuid();
    const statements = [
      ...await statementsOf((db) => recentAutoReplies(db, account, contact, 10)),
      ...await statementsOf((db) => recentTwimlReplies(db, account, contact, 30)),
    ];
    expect(statements).toHaveLength(2);
    // A contact of years of texts: 2,000 outbound texts (campaigns, replies, automatic replies) from a year ago to a day ago.
    await env.ctx.database.query(
      `insert into messages (id, account_id, contact_id, number_id, direction, kind, "from", "to", body, encoding, segments, status, idempotency_key, created_at)
       select gen_random_uuid(), $1, $2, $3, 'outbound', (array['marketing', 'conversational', 'keyword_reply'])[1 + i % 3], '+15125550100', '+14155550100', 'hi', 'GSM-7', 1, 'delivered',
              case when i % 5 = 0 then 'twiml:' || gen_random_uuid() || ':0' end, now() - interval '1 day' - i * interval '4 hours'
       from generate_series(1, 2000) i`, [account, contact, newUuid()]);
    await env.ctx.database.query('analyze messages');
    const plans = await withTx(env.ctx.db, async (tx) => {
      const q = txQuery(tx);
      await q('set local enable_seqscan = off');
      const out: string[] = [];
      for (const s of statements) out.push((await q<Record<string, string>>(`explain ${s.text}`, s.params)).rows.map((r) => Object.values(r)[0]).join('\n'));
      return out;
    });
    for (const plan of plans) {
      expect(plan, plan).toMatch(/using messages_auto_replies_idx/);
      expect(/Index Cond: (.+)/.exec(plan)?.[1] ?? '', plan).toMatch(/created_at/);
    }
  });
});
