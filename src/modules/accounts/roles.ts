export const ROLES = ['viewer', 'agent', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];
export const INVITABLE_ROLES = ['admin', 'agent', 'viewer'] as const;

const RANK: Record<Role, number> = { viewer: 0, agent: 1, admin: 2, owner: 3 };

export function hasRole(actual: Role, required: Role): boolean {
  return RANK[actual] >= RANK[required];
}

/** The lower of two roles: what a key may do when its creator has since been demoted. */
export function lowerRole(a: Role, b: Role): Role {
  return RANK[a] <= RANK[b] ? a : b;
}

/**
 * Scopes that bind a caller: an empty list means "no restriction". A key restricted by its
 * own scopes and by its creator's membership scopes keeps only what both allow; when nothing
 * is left it keeps the single scope `none`, which no route asks for.
 */
export function effectiveScopes(own: string[], membership: string[]): string[] {
  if (own.length === 0) return membership;
  if (membership.length === 0) return own;
  const both = own.filter((s) => membership.includes(s));
  return both.length ? both : ['none'];
}

/**
 * Who may change whose role: owners anyone but themselves; admins only agents and
 * viewers, and never to admin or owner. Ownership moves only by transfer.
 */
export function canChangeRole(actor: Role, targetCurrent: Role, targetNext: Role): boolean {
  if (targetCurrent === 'owner' || targetNext === 'owner') return false;
  if (actor === 'owner') return true;
  if (actor === 'admin') return RANK[targetCurrent] < RANK.admin && RANK[targetNext] < RANK.admin;
  return false;
}

/** Who may invite with which role: as a role change, owners any invitable role, admins only agents and viewers. */
export function canInvite(actor: Role, role: Role): boolean {
  return role !== 'owner' && canChangeRole(actor, 'viewer', role);
}

/** The roles a member with `role` may still invite with (none once they left: null). */
export const invitableBy = (role: Role | null): Role[] => (role ? INVITABLE_ROLES.filter((r) => canInvite(role, r)) : []);

export function canRemoveMember(actor: Role, target: Role): boolean {
  if (target === 'owner') return false;
  if (actor === 'owner') return true;
  return actor === 'admin' && RANK[target] < RANK.admin;
}

/** API key scopes; an empty list means every scope the creator's role allows. */
export const API_SCOPES = {
  'account:read': 'Read the account, its members and settings',
  'account:write': 'Change the account, its members and invitations',
  'api_keys:write': 'Create and revoke API keys',
  'audit:read': 'Read and verify the audit log',
  'contacts:read': 'Read contacts, segments, custom fields and consent',
  'contacts:write': 'Create, change and delete contacts; record consent',
  'contacts:export': 'Export contacts and consent evidence',
  'imports:write': 'Import contact lists',
  'messages:read': 'Read messages, numbers and conversations',
  'messages:write': 'Send messages and reply in conversations',
} as const;
export type ApiScope = keyof typeof API_SCOPES;
