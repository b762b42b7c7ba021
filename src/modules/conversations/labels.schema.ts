import { z } from 'zod';

export const LABEL_COLORS = ['gray', 'red', 'pink', 'grape', 'violet', 'indigo', 'blue', 'cyan', 'teal', 'green', 'lime', 'yellow', 'orange'] as const;

export const LabelIn = z.strictObject({
  name: z.string().max(50),
  color: z.enum(LABEL_COLORS).optional().meta({ description: 'Default gray' }),
});
export const LabelPatch = LabelIn.partial();
export const ConversationLabelsIn = z.strictObject({ labelIds: z.array(z.string().max(100)).max(20) });

export const LabelOut = z.object({
  id: z.string(),
  name: z.string(),
  color: z.string(),
  conversations: z.number().meta({ description: 'How many conversations carry it' }),
  createdAt: z.string(),
}).meta({ id: 'Label' });
