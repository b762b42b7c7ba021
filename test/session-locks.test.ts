// Session locks (src/db/session-locks.ts) on PostgreSQL: advisory locks of one dedicated connection.
import { describe, expect, it } from 'vitest';
import { openPostgres } from '../src/db/client.js';
import { openSessionLocks } from '../src/db/session-locks.js';
import { DB_KINDS, createTestDatabase } from './harness.js';

describe.runIf(DB_KINDS.includes('postgres'))('session locks (PostgreSQL)', () => {
  // PostgreSQL's advisory locks count per session: two tryLock calls at once both asked the server
  // (neither saw the other's hold), the session held the lock twice, and one unlock left it held —
  // no other process could ever lead that connection until this one exited.
  it('two tryLock calls at once take the lock once: one unlock frees it for another process', async () => {
    const db = await createTestDatabase({ empty: true });
    const database = await openPostgres(db.url, 2);
    const a = openSessionLocks(database, () => undefined);
    const b = openSessionLocks(database, () => undefined);
    try {
      expect(await Promise.all([a.tryLock('conn-1'), a.tryLock('conn-1')])).toEqual([true, true]);
      expect(await b.tryLock('conn-1')).toBe(false);
      await a.unlock('conn-1');
      expect(await b.tryLock('conn-1')).toBe(true);
    } finally {
      await a.close();
      await b.close();
      await database.close();
      await db.drop();
    }
  }, 60_000);
});
