/**
 * A/B tests (issue 9): a random sample of the audience is split over the variants first; the rest
 * is held (campaign_recipients.status = held) until the winner is picked — by hand or, after
 * `pickAfterHours`, by the campaigns.ab_winners job — and then gets the winner's text.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { unprocessable } from '../../lib/errors.js';
import * as abRepo from './ab-test.repo.js';
import { rateOf } from './ab-test.js';
import type { CampaignRow } from './campaigns.repo.js';

type AbTest = NonNullable<CampaignRow['abTest']>;

/** The A/B columns of a campaign input: variants (2–5) and abTest come together, and the body is the first variant's text. */
export function abColumnsOf(input: { body?: string; variants?: Array<{ body: string }>; abTest?: AbTest }): { body?: string; variants?: Array<{ body: string }>; abTest?: AbTest } {
  if (!input.variants && !input.abTest) return {};
  if (!input.variants || !input.abTest) {
    throw unprocessable('ab_test_incomplete', 'An A/B test needs both variants (2–5 texts) and abTest {samplePercent, metric}.', { field: input.variants ? 'abTest' : 'variants' });
  }
  if (input.body !== undefined && input.body !== input.variants[0].body) {
    throw unprocessable('body_not_first_variant', 'With variants, leave out body (the first variant is the body).', { field: 'body' });
  }
  return { body: input.variants[0].body, variants: input.variants, abTest: input.abTest };
}

/**
 * In a fan-out batch: the batch's new recipients are sampled (or, once there is a winner, given it),
 * and with a winner up to `limit` held recipients are released to it, each checked again against the
 * skip reasons (`reason`, as the batch's). Returns how many were released (queued or skipped).
 */
export async function abBatch(tx: Db, c: CampaignRow, limit: number, reason: SQL): Promise<number> {
  if (!c.variants?.length || !c.abTest) return 0;
  const k = c.variants.length;
  await abRepo.sampleBatch(tx, c, { k, samplePercent: c.abTest.samplePercent, offset: Math.floor(Math.random() * k), winner: c.winnerVariant });
  return c.winnerVariant === null ? 0 : abRepo.releaseHeld(tx, c, c.winnerVariant, limit, reason);
}

/** Each recipient's text: the campaign's, or its variant's (`textOf` composes one template per row). */
export function variantTextSql(c: CampaignRow, textOf: (template: string) => SQL): SQL {
  if (!c.variants?.length) return textOf(c.body);
  return sql`(case r.variant ${sql.join(c.variants.map((v, i) => sql`when ${i}::int then ${textOf(v.body)}`), sql` `)} end)`;
}

/** The sample's results per variant (recipients, hits, rate) by the test's metric. */
export async function variantsReport(db: Db, c: CampaignRow) {
  if (!c.variants?.length || !c.abTest) return null;
  const results = await abRepo.variantResults(db, c, c.abTest.metric);
  return c.variants.map((v, variant) => {
    const r = results.find((x) => x.variant === variant) ?? { variant, recipients: 0, hits: 0 };
    return { variant, body: v.body, recipients: r.recipients, hits: r.hits, rate: rateOf(r) };
  });
}

export const dueForPick = abRepo.dueForPick;
export const cancelHeld = abRepo.cancelHeld;
