import { z } from 'zod';

const Name = z.string().trim().min(1).max(100);
const NumberIds = z.array(z.string().min(1).max(100)).min(1).max(1000).meta({ description: 'Numbers of the account (pn_…)' });

export const PoolBody = z.object({ name: Name, numberIds: NumberIds }).strict();
export const PoolPatch = z.object({ name: Name.optional(), numberIds: NumberIds.optional() }).strict();

export const PoolOut = z.object({
  id: z.string(),
  name: z.string(),
  numbers: z.array(z.object({ id: z.string(), phoneNumber: z.string() })).meta({ description: 'The live numbers of the pool, in the order they joined' }),
  createdAt: z.string(),
  updatedAt: z.string(),
}).meta({ id: 'NumberPool', description: 'A number pool: a campaign from it texts each recipient from the same number every time (sticky sender)' });
