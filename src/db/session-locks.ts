import pg from 'pg';
import type { Database } from './client.js';

/**
 * Named locks a process holds for as long as it lives (leadership, e.g. "this worker binds that
 * SMPP connection"). On PostgreSQL: session-level advisory locks on one dedicated connection, so
 * they are released by the server the moment the process dies (a SIGKILL closes its socket) or
 * its connection drops; `onLost` then tells the holder it leads nothing anymore. On PGlite (one
 * process owns the database) every lock is granted.
 */
export interface SessionLocks {
  /** Takes the lock if nobody holds it (true), or says it is held elsewhere (false). Held locks answer true. */
  tryLock(name: string): Promise<boolean>;
  unlock(name: string): Promise<void>;
  held(): ReadonlySet<string>;
  close(): Promise<void>;
}

/** The advisory lock namespace of session locks (the first of the two int4 keys). */
const NAMESPACE = 7271002;

export function openSessionLocks(database: Database, onLost: (names: string[]) => void): SessionLocks {
  const held = new Set<string>();
  if (database.kind !== 'postgres' || !database.connectionString) {
    return {
      tryLock: async (name) => { held.add(name); return true; },
      unlock: async (name) => { held.delete(name); },
      held: () => held,
      close: async () => { held.clear(); },
    };
  }
  let client: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;
  let closed = false;
  const lose = (c: pg.Client) => {
    if (client !== c) return;
    client = null;
    connecting = null;
    c.end().catch(() => undefined);
    const names = [...held];
    held.clear();
    if (names.length) onLost(names);
  };
  const connection = (): Promise<pg.Client> => {
    if (client) return Promise.resolve(client);
    connecting ??= (async () => {
      const c = new pg.Client({ connectionString: database.connectionString, keepAlive: true });
      c.on('error', () => lose(c));
      c.on('end', () => lose(c));
      try {
        await c.connect();
      } catch (err) {
        connecting = null;
        throw err;
      }
      client = c;
      return c;
    })();
    return connecting;
  };
  // One call at a time on the connection, each deciding after the one before it ended: PostgreSQL counts
  // advisory locks per session, so two tryLock calls at once both took the lock (held twice), and one
  // unlock left it held for as long as the process lived. (One query at a time is also what pg@9 requires.)
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(f: () => Promise<T>): Promise<T> => {
    const p = turn.then(f, f);
    turn = p.catch(() => undefined);
    return p;
  };
  return {
    tryLock: (name) => inTurn(async () => {
      if (closed) return false;
      if (held.has(name)) return true;
      const c = await connection();
      const { rows } = await c.query<{ ok: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as ok', [NAMESPACE, name]);
      if (rows[0]?.ok) held.add(name);
      return Boolean(rows[0]?.ok);
    }),
    unlock: (name) => inTurn(async () => {
      if (!held.delete(name) || !client) return;
      await client.query('select pg_advisory_unlock($1, hashtext($2))', [NAMESPACE, name]).catch(() => undefined);
    }),
    held: () => held,
    async close() {
      closed = true;
      held.clear();
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
