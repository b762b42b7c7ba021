import type { Ctx } from '../../context.js';
import { withTx } from '../../db/tx.js';
import { appendEvents } from '../outbox/outbox.service.js';
import * as repo from './imports.repo.js';

/**
 * Ends a running import (held by the runner's token) and writes its webhook event — `import.completed`
 * or `import.failed`, with the counts — in the same transaction. False when the runner no longer
 * held it (canceled, taken over): then nothing is written.
 */
export async function finishImport(ctx: Ctx, accountId: string, importId: string, token: string, status: 'completed' | 'failed', error?: string): Promise<boolean> {
  return withTx(ctx.db, async (tx) => {
    if (!(await repo.finish(tx, accountId, importId, token, status, error))) return false;
    const i = await repo.findImport(tx, accountId, importId);
    await appendEvents(tx, [{
      accountId, type: `import.${status}`, subjectId: importId,
      payload: {
        importId, status, processed: i?.processed ?? 0, inserted: i?.inserted ?? 0, updated: i?.updated ?? 0, skipped: i?.skipped ?? 0, failed: i?.failed ?? 0,
        ...(error ? { error } : {}),
      },
    }]);
    return true;
  });
}
