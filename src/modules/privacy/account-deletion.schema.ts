import { z } from 'zod';

export const DeletionBody = z.object({ password: z.string().min(1).max(256) }).strict();

export const DeletionOut = z.object({
  pending: z.boolean().meta({ description: 'A deletion is scheduled' }),
  requestedAt: z.string().nullable(),
  scheduledFor: z.string().nullable().meta({ description: 'When everything in the account is erased (cancelable until then)' }),
}).meta({ id: 'AccountDeletion' });
