import type { Ctx } from '../context.js';
import { purgeDeadSessions } from '../modules/accounts/sessions.service.js';
import { emailJobs } from '../modules/email/email.service.js';
import type { JobDefinition } from './jobs.js';

/** Every background job of the product, by module. */
export function jobDefinitions(ctx: Ctx): JobDefinition<never>[] {
  return [
    ...emailJobs(ctx),
    { name: 'sessions.purge', cron: '17 3 * * *', handler: async () => void (await purgeDeadSessions(ctx)) },
  ] as JobDefinition<never>[];
}
