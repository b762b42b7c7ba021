import { z } from 'zod';

/** CSAT settings (shared with the web app). */
export const CsatSettingsIn = z.strictObject({
  enabled: z.boolean(),
  question: z.string().trim().min(1).max(300).optional().meta({ description: 'The text sent after a close; it should ask for a reply 1–5' }),
  replyHours: z.number().int().min(1).max(168).optional().meta({ description: 'How long after the survey a reply 1–5 counts as the score' }),
});
export const CsatSettingsOut = z.object({ enabled: z.boolean(), question: z.string(), replyHours: z.number() }).meta({ id: 'CsatSettings' });
export const CsatOut = z.object({ status: z.string(), score: z.number().nullable(), sentAt: z.string().nullable(), answeredAt: z.string().nullable() }).meta({ id: 'ConversationCsat' });
