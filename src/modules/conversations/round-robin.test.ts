import { describe, expect, it } from 'vitest';
import { chooseAgent, isEligible, type Candidate } from './round-robin.js';

const at = (min: number) => new Date(Date.UTC(2026, 0, 1, 9, min));
const agent = (userId: string, over: Partial<Candidate> = {}): Candidate => ({ userId, availability: 'online', capacity: null, openCount: 0, lastAssignedAt: null, ...over });

describe('round-robin', () => {
  const eligible: Array<[string, Candidate, boolean]> = [
    ['online, no limit', agent('a'), true],
    ['away', agent('a', { availability: 'away' }), false],
    ['offline', agent('a', { availability: 'offline' }), false],
    ['under capacity', agent('a', { capacity: 3, openCount: 2 }), true],
    ['at capacity', agent('a', { capacity: 3, openCount: 3 }), false],
    ['over capacity (assigned by hand)', agent('a', { capacity: 3, openCount: 5 }), false],
    ['capacity 0', agent('a', { capacity: 0 }), false],
  ];
  it.each(eligible)('%s: eligible %s', (_name, c, expected) => expect(isEligible(c)).toBe(expected));

  const choose: Array<[string, Candidate[], string | null, string | null]> = [
    ['nobody', [], null, null],
    ['the only online agent', [agent('a', { availability: 'away' }), agent('b')], null, 'b'],
    ['never assigned goes first', [agent('a', { lastAssignedAt: at(1) }), agent('b')], null, 'b'],
    ['least recently assigned first', [agent('a', { lastAssignedAt: at(5) }), agent('b', { lastAssignedAt: at(2) }), agent('c', { lastAssignedAt: at(9) })], null, 'b'],
    ['skips a full agent', [agent('a', { lastAssignedAt: at(1), capacity: 1, openCount: 1 }), agent('b', { lastAssignedAt: at(2) })], null, 'b'],
    ['same time: fewer open conversations', [agent('a', { lastAssignedAt: at(1), openCount: 4 }), agent('b', { lastAssignedAt: at(1), openCount: 2 })], null, 'b'],
    ['full tie: by id', [agent('b'), agent('a')], null, 'a'],
    ['all full', [agent('a', { capacity: 2, openCount: 2 }), agent('b', { capacity: 0 })], null, null],
    ['all away or offline', [agent('a', { availability: 'away' }), agent('b', { availability: 'offline' })], null, null],
    ['excluded agent skipped for another', [agent('a'), agent('b', { lastAssignedAt: at(3) })], 'a', 'b'],
    ['excluded agent alone: nobody', [agent('a')], 'a', null],
  ];
  it.each(choose)('%s', (_name, candidates, exclude, expected) => expect(chooseAgent(candidates, exclude)).toBe(expected));

  it('deals conversations in turn when each assignment is recorded', () => {
    const team = [agent('a'), agent('b'), agent('c', { capacity: 1 })];
    const got: string[] = [];
    for (let i = 0; i < 7; i++) {
      const next = chooseAgent(team);
      if (!next) break;
      got.push(next);
      const c = team.find((x) => x.userId === next)!;
      c.openCount += 1;
      c.lastAssignedAt = at(10 + i);
    }
    expect(got).toEqual(['a', 'b', 'c', 'a', 'b', 'a', 'b']);
  });
});
