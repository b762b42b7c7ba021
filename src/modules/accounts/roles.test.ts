import { describe, expect, it } from 'vitest';
import { canChangeRole, canInvite, canRemoveMember, effectiveScopes, hasRole, invitableBy, lowerRole, type Role } from './roles.js';

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

  const invite: Array<[Role, Role, boolean]> = [
    ['owner', 'admin', true], ['owner', 'agent', true], ['owner', 'owner', false], ['admin', 'admin', false], ['admin', 'agent', true],
    ['admin', 'viewer', true], ['agent', 'viewer', false], ['viewer', 'viewer', false],
  ];
  it.each(invite)('%s inviting as %s: %s', (actor, role, expected) => expect(canInvite(actor, role)).toBe(expected));

  const invitable: Array<[Role | null, Role[]]> = [['owner', ['admin', 'agent', 'viewer']], ['admin', ['agent', 'viewer']], ['agent', []], ['viewer', []], [null, []]];
  it.each(invitable)('invitations %s may still send: %j', (role, expected) => expect(invitableBy(role)).toEqual(expected));

  const remove: Array<[Role, Role, boolean]> = [
    ['owner', 'admin', true], ['owner', 'owner', false], ['admin', 'agent', true], ['admin', 'admin', false], ['agent', 'viewer', false],
  ];
  it.each(remove)('%s removing %s: %s', (actor, target, expected) => expect(canRemoveMember(actor, target)).toBe(expected));

  const lower: Array<[Role, Role, Role]> = [
    ['owner', 'admin', 'admin'], ['admin', 'owner', 'admin'], ['admin', 'agent', 'agent'], ['viewer', 'owner', 'viewer'], ['agent', 'agent', 'agent'],
  ];
  it.each(lower)('a %s key of a %s acts as %s', (key, member, expected) => expect(lowerRole(key, member)).toBe(expected));

  const scopes: Array<[string[], string[], string[]]> = [
    [[], [], []], [['messages:read'], [], ['messages:read']], [[], ['contacts:read'], ['contacts:read']],
    [['messages:read', 'contacts:read'], ['contacts:read'], ['contacts:read']], [['messages:read'], ['contacts:read'], ['none']],
  ];
  it.each(scopes)('key scopes %j within membership scopes %j: %j', (own, membership, expected) => expect(effectiveScopes(own, membership)).toEqual(expected));
});
