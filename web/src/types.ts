export type Role = 'owner' | 'admin' | 'agent' | 'viewer';

export interface User {
  id: string;
  name: string;
  email: string;
  phone: string;
  role: Role;
  createdAt: string;
}

export interface Account {
  id: string;
  name: string;
  legalName: string | null;
  website: string | null;
  industry: string | null;
  address: string | null;
  createdAt: string;
}

export interface Membership {
  accountId: string;
  accountName: string;
  role: Role;
}

export interface Me {
  user: User;
  account: Account;
  csrfToken?: string | null;
  memberships?: Membership[];
}

export interface Page<T> {
  data: T[];
  nextCursor?: string | null;
}

export interface PolicyRef {
  version: string;
  lastUpdated: string;
  url: string;
}

export interface Policies {
  terms: PolicyRef;
  privacy: PolicyRef;
  attestationText: string;
}

export interface LegalDoc {
  kind: 'terms' | 'privacy';
  version: string;
  lastUpdated: string;
  title: string;
  body: string;
}

export interface Member {
  id: string;
  name: string;
  email: string;
  role: Role;
  createdAt: string;
}

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  expiresAt: string;
  createdAt: string;
}

export interface InvitationLookup {
  email: string;
  role: Role;
  accountName: string;
  existingLogin: boolean;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedApiKey {
  id: string;
  name: string;
  key: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
}

export interface ScopeInfo {
  scope: string;
  description: string;
}

export interface AuditEvent {
  id: string;
  action: string;
  actor: { type: string; id: string | null; label: string | null };
  target: { type: string; id: string | null } | null;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
  details: unknown;
}

export interface AuditVerify {
  ok: boolean;
  checked: number;
  firstBrokenId?: string | null;
}

export interface OutboxEmail {
  id: string;
  to: string;
  subject: string;
  text: string;
  createdAt: string;
  status: string;
}

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  agent: 'Agent',
  viewer: 'Viewer',
};

export const ROLE_COLORS: Record<Role, string> = {
  owner: 'grape',
  admin: 'blue',
  agent: 'teal',
  viewer: 'gray',
};
