import { z } from 'zod';

const Rate = (what: string) =>
  z.number().min(0.0001).max(1).nullable().meta({ description: `Pause when ${what} within the window exceeds this fraction (0.0001–1); null: this check is off` });

export const Guardrails = z.object({
  optOutRate: Rate('opt-outs per text sent'),
  filteredRate: Rate('carrier-filtered texts (Twilio 30007, SMPP rejections) per text attempted'),
  failureRate: Rate('failed or undelivered texts per text attempted'),
  minSample: z.number().int().min(1).max(1_000_000).meta({ description: 'Texts attempted within the window before any rate is judged' }),
  windowMinutes: z.number().int().min(1).max(10_080).meta({ description: 'The window the rates are measured over (minutes)' }),
}).strict().meta({ id: 'CampaignGuardrails' });

const RateLimit = z.number().min(0.01).max(10_000).nullable()
  .meta({ description: 'Messages per second a campaign may send at most, on top of each number\'s throughput; null: no campaign cap' });

export const CampaignSettingsOut = z.object({
  frequencyCap: z.number().int().meta({ description: 'At most this many marketing texts to a contact…' }),
  frequencyDays: z.number().int().meta({ description: '…within this many days' }),
  guardrails: Guardrails,
  defaultRateLimit: RateLimit,
}).meta({ id: 'CampaignSettings' });

export const CampaignSettingsPatch = z.object({
  frequencyCap: z.number().int().min(1).max(100).optional(),
  frequencyDays: z.number().int().min(1).max(365).optional(),
  guardrails: Guardrails.partial().strict().optional(),
  defaultRateLimit: RateLimit.optional(),
}).strict().meta({ id: 'CampaignSettingsPatch' });

export type CampaignSettings = z.infer<typeof CampaignSettingsOut>;
export { RateLimit };
