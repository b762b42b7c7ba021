/**
 * The web app's API types: aliases of the types generated from the server's OpenAPI document
 * (`api-types.gen.ts`, `npm run gen:api-types`; the build fails when it drifts). Nothing here is
 * copied by hand except `Page`, whose generic shape the generator cannot express.
 */
import type { components } from './api-types.gen';

type S = components['schemas'];

export type Role = S['User']['role'];
export type User = S['User'];
export type Account = S['Account'];
export type Membership = S['Membership'];
/** In the signed-in web app the caller is always a person (a session), never an API key. */
export type Me = Omit<S['Me'], 'user'> & { user: User };
export interface Page<T> {
  data: T[];
  nextCursor?: string | null;
}
export type PolicyRef = S['PolicyRef'];
export type Policies = S['Policies'];
export type LegalDoc = S['LegalDocument'];
export type PendingPolicy = S['PendingPolicy'];
export type PolicyAcceptance = S['PolicyAcceptance'];
export type Notice = S['Notice'];
export type OperatorPolicy = S['OperatorPolicy'];
export type Subprocessors = S['Subprocessors'];
export type CarrierShare = S['CarrierShare'];
export type SignedInSession = S['SignedInSession'];
export type SignInEvent = S['SignInEvent'];
export type Member = S['User'];
export type Invitation = S['Invitation'];
export type InvitationLookup = S['InvitationLookup'];
export type ApiKey = S['ApiKey'];
export type CreatedApiKey = S['CreatedApiKey'];
export type ScopeInfo = S['ApiScope'];
export type AuditEvent = S['AuditEvent'];
export type AuditVerify = S['AuditVerification'];
export type AuditCheckpoint = S['AuditCheckpoint'];
export type OutboxEmail = S['OutboxEmail'];
export type ProviderConnection = S['ProviderConnection'];
export type CarrierNumber = S['CarrierNumber'];
export type ImportedNumbers = S['ImportedNumbers'];

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
