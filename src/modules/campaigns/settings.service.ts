import type { z } from 'zod';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { withTx } from '../../db/tx.js';
import type { AuthContext } from '../../http/auth.js';
import { recordAudit, type RequestMeta } from '../audit/audit.service.js';
import type { CampaignSettings, CampaignSettingsPatch } from './settings.schema.js';
import * as repo from './settings.repo.js';

/** An account without a settings row has these (the columns' defaults). */
export const DEFAULT_SETTINGS: CampaignSettings = {
  frequencyCap: 4, frequencyDays: 7,
  guardrails: { optOutRate: 0.05, filteredRate: 0.05, failureRate: 0.2, minSample: 100, windowMinutes: 60 },
  defaultRateLimit: null,
};

export function presentSettings(r: repo.SettingsRow | null): CampaignSettings {
  if (!r) return DEFAULT_SETTINGS;
  return {
    frequencyCap: r.frequencyCap, frequencyDays: r.frequencyDays,
    guardrails: { optOutRate: r.optOutRate, filteredRate: r.filteredRate, failureRate: r.failureRate, minSample: r.guardrailMinSample, windowMinutes: r.guardrailWindowMinutes },
    defaultRateLimit: r.defaultRateLimit,
  };
}

export async function campaignSettingsOf(db: Db, accountId: string): Promise<CampaignSettings> {
  return presentSettings(await repo.findSettings(db, accountId));
}

/** Admins change the frequency cap, guardrails and default rate cap; audited with before and after. */
export async function updateCampaignSettings(ctx: Ctx, auth: AuthContext, patch: z.infer<typeof CampaignSettingsPatch>, meta: RequestMeta): Promise<CampaignSettings> {
  return withTx(ctx.db, async (tx) => {
    const before = presentSettings(await repo.findSettings(tx, auth.accountId));
    const next: CampaignSettings = {
      frequencyCap: patch.frequencyCap ?? before.frequencyCap,
      frequencyDays: patch.frequencyDays ?? before.frequencyDays,
      guardrails: { ...before.guardrails, ...Object.fromEntries(Object.entries(patch.guardrails ?? {}).filter(([, v]) => v !== undefined)) },
      defaultRateLimit: patch.defaultRateLimit === undefined ? before.defaultRateLimit : patch.defaultRateLimit,
    };
    const g = next.guardrails;
    const row = await repo.upsertSettings(tx, {
      accountId: auth.accountId, frequencyCap: next.frequencyCap, frequencyDays: next.frequencyDays,
      optOutRate: g.optOutRate, filteredRate: g.filteredRate, failureRate: g.failureRate, guardrailMinSample: g.minSample, guardrailWindowMinutes: g.windowMinutes,
      defaultRateLimit: next.defaultRateLimit,
    });
    await recordAudit(tx, { accountId: auth.accountId, actor: auth.actor, action: 'campaign.settings_updated', target: { type: 'account', id: auth.accountId }, meta, details: { from: before, to: next } });
    return presentSettings(row);
  });
}
