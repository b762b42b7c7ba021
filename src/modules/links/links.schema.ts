import { z } from 'zod';

export const LinkSettingsOut = z.object({
  trackLinks: z.boolean().meta({ description: 'URLs in campaign texts are shortened per recipient and their clicks counted (a campaign may say otherwise with `trackLinks`)' }),
  trackClickIp: z.boolean().meta({ description: "A click keeps the visitor's IP address (off: never stored)" }),
  shortLinkDomain: z.string().nullable().meta({ description: "The account's own short-link domain (its DNS points at this server); null: the platform's" }),
  shortLinkBaseUrl: z.string().meta({ description: 'Short links look like `<shortLinkBaseUrl>/<12-character code>`' }),
}).meta({ id: 'LinkSettings' });

export const LinkSettingsPatch = z.object({
  trackLinks: z.boolean().optional(),
  trackClickIp: z.boolean().optional(),
  shortLinkDomain: z.string().max(253).nullable().optional().meta({ description: 'A host name such as go.example.com; null or empty: the platform\'s domain' }),
}).strict();

export const CampaignLinkOut = z.object({
  url: z.string().meta({ description: 'The destination' }),
  clicks: z.number().int(),
  uniqueClicks: z.number().int().meta({ description: 'Distinct recipients who clicked' }),
}).meta({ id: 'CampaignLink' });

export type LinkSettings = z.infer<typeof LinkSettingsOut>;
export type LinkSettingsPatch = z.infer<typeof LinkSettingsPatch>;
