import { describe, expect, it } from 'vitest';
import { fallbackChain, fallbackProblem, type FallbackEdge } from './fallback.js';

// A → B → C, D alone, E → D.
const GRAPH: FallbackEdge[] = [
  { id: 'A', fallbackConnectionId: 'B' }, { id: 'B', fallbackConnectionId: 'C' }, { id: 'C', fallbackConnectionId: null },
  { id: 'D', fallbackConnectionId: null }, { id: 'E', fallbackConnectionId: 'D' },
];

describe('fallbackProblem', () => {
  it.each([
    // [connection, fallback, problem]
    ['A', null, null],
    ['A', 'A', 'fallback_is_self'],
    ['A', 'Z', 'fallback_not_found'], // unknown, deleted or another account's: the graph holds only this account's live ones
    ['A', 'C', null], // A → C (B no longer in A's path)
    ['C', 'A', 'fallback_cycle'], // C → A → B → C
    ['C', 'B', 'fallback_cycle'], // C → B → C
    ['B', 'A', 'fallback_cycle'], // B → A → B
    ['C', 'D', null],
    ['D', 'E', 'fallback_cycle'], // D → E → D
    ['D', 'A', null],
    ['NEW', 'A', null], // a connection being created
    ['NEW', 'NEW', 'fallback_is_self'],
  ] as const)('%s → %s: %s', (id, fb, problem) => {
    expect(fallbackProblem(GRAPH, id, fb)).toBe(problem);
  });
});

describe('fallbackChain', () => {
  it.each([
    ['A', ['B', 'C']], ['B', ['C']], ['C', []], ['E', ['D']], ['Z', []],
  ] as const)('%s: %j', (id, chain) => {
    expect(fallbackChain(GRAPH, id)).toEqual(chain);
  });
  it('stops at a repeat and at max hops', () => {
    expect(fallbackChain([{ id: 'A', fallbackConnectionId: 'B' }, { id: 'B', fallbackConnectionId: 'A' }], 'A')).toEqual(['B']);
    expect(fallbackChain(GRAPH, 'A', 1)).toEqual(['B']);
  });
});
