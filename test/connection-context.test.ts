import { describe, expect, it } from 'vitest';
import type { Ctx } from '../src/context.js';
import { forgetOpened, openCredentials, openedHeld, sealCredentials } from '../src/modules/connections/connection-context.js';

const MIN = 60_000;

describe('opened credentials', () => {
  // A key of its own: no other test's entries share this process's map for it.
  let t = Date.parse('2026-12-02T08:00:00Z');
  const ctx = { config: { secretKey: `connection-context-test-${crypto.randomUUID()}` }, now: () => new Date(t) } as unknown as Ctx;
  const account = crypto.randomUUID();
  const row = (id: string, credentials: Record<string, string>) => ({ accountId: account, id, credentials: sealCredentials(ctx, account, id, credentials) });

  it('are dropped 5 minutes after their last use, at the next look-up of any connection, not only when hit again', () => {
    const erased = row(crypto.randomUUID(), { authToken: 'erased-connection-secret' });
    const live = row(crypto.randomUUID(), { authToken: 'live-connection-secret' });
    expect(openCredentials(ctx, erased)).toEqual({ authToken: 'erased-connection-secret' });
    expect(openCredentials(ctx, live)).toEqual({ authToken: 'live-connection-secret' });
    expect(openedHeld(ctx)).toBe(2);
    // The live connection is used again at 4 min (its age starts over); the erased one never again.
    t += 4 * MIN;
    openCredentials(ctx, live);
    t += 1 * MIN;
    openCredentials(ctx, live);
    expect(openedHeld(ctx)).toBe(1); // the erased connection's plaintext is gone
    // Still within 5 minutes of its last use: the live one stays.
    t += 5 * MIN - 1;
    openCredentials(ctx, row(crypto.randomUUID(), { authToken: 'third' }));
    expect(openedHeld(ctx)).toBe(2);
    t += 1;
    openCredentials(ctx, row(crypto.randomUUID(), { authToken: 'fourth' }));
    expect(openedHeld(ctx)).toBe(2); // the live one (unused 5 min) went; the third and fourth stay
  });

  it("a connection's entries go at once when this process deletes or re-seals it", () => {
    const before = openedHeld(ctx);
    const id = crypto.randomUUID();
    openCredentials(ctx, row(id, { authToken: 'old' }));
    openCredentials(ctx, row(id, { authToken: 'new' }));
    expect(openedHeld(ctx)).toBe(before + 2);
    forgetOpened(account, id);
    expect(openedHeld(ctx)).toBe(before);
  });
});
