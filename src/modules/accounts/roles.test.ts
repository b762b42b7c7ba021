import { describe, expect, it } from 'vitest';
import { canChangeRole, canRemoveMember, hasRole, type Role } from './roles.js';

describe('roles', () => {
  const rank: Array<[Role, Role, boolean]> = [
    ['owner', 'admin', true], ['admin', 'admin', true], ['agent', 'admin', false], ['viewer', 'agent', false], ['agent', 'viewer', true],
  ];
  it.each(rank)('%s has %s: %s', (actual, required, expected) => expect(hasRole(actual, required)).toBe(expected));

  const change: Array<[Role, Role, Role, boolean]> = [
    ['owner', 'admin', 'agent', true], ['owner', 'viewer', 'admin', true], ['owner', 'admin', 'owner', false],
    ['admin', 'agent', 'viewer', true], ['admin', 'viewer', 'admin', false], ['admin', 'admin', 'agent', false],
    ['admin', 'owner', 'viewer', false], ['agent', 'viewer', 'agent', false], ['viewer', 'agent', 'viewer', false],
  ];
  it.each(change)('%s changing %s to %s: %s', (actor, from, to, expected) => expect(canChangeRole(actor, from, to)).toBe(expected));

  const remove: Array<[Role, Role, boolean]> = [
    ['owner', 'admin', true], ['owner', 'owner', false], ['admin', 'agent', true], ['admin', 'admin', false], ['agent', 'viewer', false],
  ];
  it.each(remove)('%s removing %s: %s', (actor, target, expected) => expect(canRemoveMember(actor, target)).toBe(expected));
});
