import { describe, expect, it } from 'vitest';
import {
  FINAL_STATUSES, IllegalTransitionError, MESSAGE_STATUSES, OUTBOUND_STATUSES, advance, assertTransition, canTransition, isFinalStatus, type MessageStatus,
} from './status.js';

// Rows: from. Columns: to, in this order. 1 = allowed transition.
const COLUMNS: MessageStatus[] = ['accepted', 'scheduled', 'queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'canceled', 'received'];
const EXPECTED: Record<MessageStatus, number[]> = {
  //           acc sch que snd snt dlv und fail can rcv
  accepted:    [0,  1,  1,  1,  1,  0,  0,  0,   1,  0],
  scheduled:   [0,  0,  1,  1,  1,  0,  0,  1,   1,  0],
  queued:      [0,  0,  0,  1,  1,  0,  0,  1,   1,  0],
  sending:     [0,  0,  0,  0,  1,  1,  1,  1,   0,  0],
  sent:        [0,  0,  0,  0,  0,  1,  1,  1,   0,  0],
  delivered:   [0,  0,  0,  0,  0,  0,  0,  0,   0,  0],
  undelivered: [0,  0,  0,  0,  0,  0,  0,  0,   0,  0],
  failed:      [0,  0,  0,  0,  0,  0,  0,  0,   0,  0],
  canceled:    [0,  0,  0,  0,  0,  0,  0,  0,   0,  0],
  received:    [0,  0,  0,  0,  0,  0,  0,  0,   0,  0],
};

describe('status lists', () => {
  it('covers every status exactly once', () => {
    expect(OUTBOUND_STATUSES).toHaveLength(9);
    expect([...MESSAGE_STATUSES].sort()).toEqual([...COLUMNS].sort());
    expect(Object.keys(EXPECTED).sort()).toEqual([...COLUMNS].sort());
  });

  it.each(COLUMNS.map((s) => [s, ['delivered', 'undelivered', 'failed', 'canceled', 'received'].includes(s)] as const))(
    '%s final: %s', (status, final) => {
      expect(FINAL_STATUSES.has(status)).toBe(final);
      expect(isFinalStatus(status)).toBe(final);
    },
  );
});

describe('canTransition', () => {
  const pairs = COLUMNS.flatMap((from) => COLUMNS.map((to, i) => [from, to, EXPECTED[from][i] === 1] as const));
  it('checks all 100 pairs', () => expect(pairs).toHaveLength(100));
  it.each(pairs)('%s → %s: %s', (from, to, allowed) => expect(canTransition(from, to)).toBe(allowed));
});

describe('advance', () => {
  it.each<[MessageStatus, MessageStatus, MessageStatus, string]>([
    ['delivered', 'sent', 'delivered', 'late sent after delivered'],
    ['delivered', 'delivered', 'delivered', 'duplicate delivered'],
    ['sending', 'queued', 'sending', 'queued after sending'],
    ['undelivered', 'delivered', 'undelivered', 'finals are terminal'],
    ['failed', 'delivered', 'failed', 'finals are terminal'],
    ['sent', 'sending', 'sent', 'late sending after sent'],
    ['sending', 'delivered', 'delivered', 'receipt before our own sent write'],
    ['sent', 'undelivered', 'undelivered', 'undelivered receipt'],
    ['queued', 'failed', 'failed', 'provider refused at submit'],
    ['sending', 'canceled', 'sending', 'cannot cancel once handed to the carrier'],
    ['scheduled', 'canceled', 'canceled', 'cancel a scheduled message'],
    ['accepted', 'queued', 'queued', 'skip scheduled'],
    ['received', 'delivered', 'received', 'inbound is terminal'],
    ['sent', 'received', 'sent', 'outbound never becomes received'],
  ])('%s + %s → %s (%s)', (from, to, expected) => expect(advance(from, to)).toBe(expected));
});

describe('assertTransition (every status write checks it)', () => {
  const pairs = COLUMNS.flatMap((from) => COLUMNS.map((to, i) => [from, to, EXPECTED[from][i] === 1] as const));
  it.each(pairs)('%s → %s allowed: %s', (from, to, allowed) => {
    if (allowed) expect(() => assertTransition(from, to)).not.toThrow();
    else expect(() => assertTransition(from, to)).toThrow(IllegalTransitionError);
  });

  it.each<[MessageStatus | string, 'outbound' | 'inbound', boolean]>([
    ['accepted', 'outbound', true], ['scheduled', 'outbound', true], ['queued', 'outbound', true],
    ['sending', 'outbound', false], ['sent', 'outbound', false], ['delivered', 'outbound', false], ['canceled', 'outbound', false],
    ['received', 'outbound', false], ['received', 'inbound', true], ['queued', 'inbound', false], ['bogus', 'outbound', false],
  ])('a new %s message (%s) allowed: %s', (status, direction, allowed) => {
    if (allowed) expect(() => assertTransition(null, status, direction)).not.toThrow();
    else expect(() => assertTransition(null, status, direction)).toThrow(IllegalTransitionError);
  });

  it('refuses the writes the dispatcher used to make, with a 409 error naming both states', () => {
    for (const [from, to] of [['sending', 'canceled'], ['sending', 'queued']] as const) {
      const err = (() => { try { assertTransition(from, to); } catch (e) { return e as IllegalTransitionError; } })();
      expect(err).toBeInstanceOf(IllegalTransitionError);
      expect(err).toMatchObject({ status: 409, code: 'illegal_status_transition', details: { from, to } });
    }
    expect(() => assertTransition('nonsense', 'sent')).toThrow(IllegalTransitionError);
  });
});
