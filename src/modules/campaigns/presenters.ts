import type { z } from 'zod';
import { toPublicId } from '../../lib/ids.js';
import { presentMedium } from '../media/media.service.js';
import type { CampaignOut, CampaignStatus } from './campaigns.schema.js';
import type { CampaignRow, RecipientRow } from './campaigns.repo.js';
import { maskPhone } from '../partners/grant-rules.js';

export interface CampaignStats {
  recipients: Array<{ status: string; reason: string | null; n: number }>;
  messages: Array<{ status: string; n: number; segments: number }>;
  replies: number;
  optOuts: number;
  /** Clicks on the campaign's short links, and distinct recipients who clicked (links module). */
  clicks?: number;
  uniqueClicks?: number;
  /** What its texts handed to a carrier cost (results.service campaignCost). */
  cost?: { cost: string; costMicros: number; currency: 'USD' };
}

const iso = (d: Date | null) => d?.toISOString() ?? null;
const WAITING = new Set(['accepted', 'scheduled', 'queued', 'sending']);
const FINAL = new Set(['sent', 'delivered', 'undelivered', 'failed', 'canceled']);

function statsOf(s: CampaignStats | null) {
  const skipped: Record<string, number> = {};
  let recipients = 0;
  for (const r of s?.recipients ?? []) {
    recipients += r.n;
    if (r.status === 'skipped' && r.reason) skipped[r.reason] = (skipped[r.reason] ?? 0) + r.n;
  }
  const by = (st: string) => s?.messages.find((m) => m.status === st)?.n ?? 0;
  const queued = (s?.messages ?? []).filter((m) => WAITING.has(m.status)).reduce((a, m) => a + m.n, 0);
  const finished = (s?.messages ?? []).filter((m) => FINAL.has(m.status)).reduce((a, m) => a + m.n, 0);
  const segments = (s?.messages ?? []).filter((m) => m.status !== 'canceled').reduce((a, m) => a + m.segments, 0);
  return {
    stats: {
      recipients, skipped, queued, sent: by('sent') + by('delivered') + by('undelivered'), delivered: by('delivered'), undelivered: by('undelivered'),
      failed: by('failed'), canceled: by('canceled'), replies: s?.replies ?? 0, optOuts: s?.optOuts ?? 0, segments,
      cost: s?.cost?.cost ?? '0.0000', costMicros: s?.cost?.costMicros ?? 0, currency: 'USD' as const,
      clicks: s?.clicks ?? 0, uniqueClicks: s?.uniqueClicks ?? 0,
    },
    materialised: recipients, finished,
  };
}

const scheduleOf = (c: CampaignRow) => {
  if (!c.scheduleAt) return null;
  const local = c.scheduleLocalTime && c.scheduleLocalDate ? { localTime: c.scheduleLocalTime, date: c.scheduleLocalDate } : {};
  return { at: c.scheduleAt.toISOString(), ...local };
};

/** The audience matched at launch, or the recipients written when more contacts joined it since (progress never over 100 %). */
export const audienceOf = (c: CampaignRow, materialised: number) => (c.audienceTotal === null ? null : Math.max(c.audienceTotal, materialised));

/** A campaign for the API; `stats` null (lists, writes) gives zero counts. */
export function presentCampaign(c: CampaignRow, s: CampaignStats | null): z.infer<typeof CampaignOut> {
  const { stats, materialised, finished } = statsOf(s);
  return {
    id: toPublicId('campaign', c.id), name: c.name, status: c.status as CampaignStatus, body: c.body, smartEncoding: c.smartEncoding, trackLinks: c.trackLinks,
    media: (c.media ?? []).map(presentMedium),
    from: c.poolId ? toPublicId('pool', c.poolId) : c.numberId ? toPublicId('number', c.numberId) : null, audience: c.audience, schedule: scheduleOf(c),
    abTest: c.variants && c.abTest ? { ...c.abTest, variants: c.variants, winner: c.winnerVariant, winnerPickedAt: iso(c.winnerPickedAt) } : null,
    stats, progress: { audience: audienceOf(c, materialised), materialised, finished, fannedOut: !!c.fannedOutAt },
    rateLimit: c.rateLimit,
    paused: c.status === 'paused' && c.pausedAt ? { reason: c.pausedReason ?? 'manual', at: c.pausedAt.toISOString(), details: c.pausedDetails ?? null } : null,
    createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString(), launchedAt: iso(c.launchedAt), completedAt: iso(c.completedAt), canceledAt: iso(c.canceledAt),
  };
}

export function presentRecipient(r: { contact_id: string; status: string; reason: string | null; message_id: string | null; scheduled_for: Date | string | null; variant?: number | null }) {
  return {
    contactId: toPublicId('contact', r.contact_id), status: r.status,
    ...(r.reason ? { reason: r.reason } : {}),
    ...(r.message_id ? { messageId: toPublicId('message', r.message_id) } : {}),
    ...(r.scheduled_for ? { scheduledFor: new Date(r.scheduled_for).toISOString() } : {}),
    ...(r.variant !== null && r.variant !== undefined ? { variant: r.variant } : {}),
  };
}

/** A recipient of the list (GET /v1/campaigns/:id/recipients): with its contact's name and phone, the phone masked but for its last two digits (as a partner grant masks it; the CSV export has it whole). */
export const presentListedRecipient = (r: RecipientRow) => ({
  ...presentRecipient(r),
  name: [r.first_name, r.last_name].filter(Boolean).join(' ') || null,
  phone: r.phone === null ? null : maskPhone(r.phone),
});
