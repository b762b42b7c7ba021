import { z } from 'zod';

export const CannedReplyIn = z.strictObject({
  shortcut: z.string().max(41).meta({ description: 'What the agent types after "/" (lowercase letters, digits, - and _)' }),
  body: z.string().max(1600).meta({ description: 'The text, with merge fields like {{first_name|there}} or a custom field key' }),
});
export const CannedReplyPatch = CannedReplyIn.partial();
export const CannedRepliesQuery = z.strictObject({
  conversationId: z.string().max(100).optional().meta({ description: "Render each reply's merge fields for this conversation's contact" }),
});

export const CannedReplyOut = z.object({
  id: z.string(),
  shortcut: z.string(),
  body: z.string(),
  rendered: z.string().nullable().meta({ description: "With conversationId: the body with the contact's merge fields filled in (null for a partner agent when it reads a field their grant masks)" }),
  maskedFields: z.array(z.enum(['name', 'email', 'phone', 'fields'])).meta({ description: 'Partner agents: the contact fields their grant masks that the merge fields read (the reply is not rendered and cannot be inserted); [] for everyone else' }),
  createdAt: z.string(),
  updatedAt: z.string(),
}).meta({ id: 'CannedReply' });
