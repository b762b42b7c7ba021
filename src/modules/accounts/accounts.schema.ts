import { z } from 'zod';
import { API_SCOPES, INVITABLE_ROLES, ROLES } from './roles.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).optional().transform((v) => (v ? v : undefined));
export const Email = z.string().trim().max(254).pipe(z.email({ message: 'Enter a valid email address.' }));
const Password = z.string().min(1).max(1024);
const Phone = z.string().trim().min(1).max(40);

export const BusinessInput = z.object({
  name: text(200),
  legalName: optionalText(200),
  website: optionalText(300),
  industry: optionalText(100),
  address: optionalText(500),
});

export const SignupBody = z.object({
  business: BusinessInput,
  owner: z.object({ name: text(200), email: Email, phone: Phone, password: Password }),
  attestConsent: z.boolean().optional(),
  acceptTerms: z.boolean().optional(),
});
export const LoginBody = z.object({ email: z.string().trim().min(1).max(254), password: Password });
export const PasswordChangeBody = z.object({ currentPassword: Password, newPassword: Password });
export const ResetRequestBody = z.object({ email: Email });
export const ResetConfirmBody = z.object({ token: z.string().min(10).max(200), password: Password });
export const TokenBody = z.object({ token: z.string().min(10).max(200) });

export const ProfilePatch = z
  .object({
    name: text(200).optional(), email: Email.optional(), phone: Phone.optional(),
    currentPassword: Password.optional().meta({ description: 'Required to change the email or phone' }),
  })
  .strict();
export const SwitchBody = z.object({ accountId: z.string().min(1).max(100) });
export const AccountPatch = z
  .object({
    name: text(200).optional(),
    legalName: z.string().trim().max(200).nullable().optional(),
    website: z.string().trim().max(300).nullable().optional(),
    industry: z.string().trim().max(100).nullable().optional(),
    address: z.string().trim().max(500).nullable().optional(),
  })
  .strict();

export const IdParams = z.object({ id: z.string().min(1).max(100) });
export const RoleBody = z.object({ role: z.enum(ROLES) });
export const TransferBody = z.object({ userId: z.string().min(1).max(100) });
export const InviteBody = z.object({ email: Email, role: z.enum(INVITABLE_ROLES) });
export const InviteAcceptBody = z.object({
  token: z.string().min(10).max(200),
  name: text(200).optional().meta({ description: 'Required unless the invited email already has a login' }),
  phone: Phone.optional().meta({ description: 'Required unless the invited email already has a login' }),
  password: Password.meta({ description: 'A new password, or the existing login\'s password' }),
});
export const ApiKeyBody = z.object({
  name: text(100),
  scopes: z.array(z.enum(Object.keys(API_SCOPES) as [keyof typeof API_SCOPES])).max(20).optional(),
});

// ---- responses (named: they become components of the OpenAPI document and the web app's types) ----
export const UserOut = z.object({
  id: z.string(), name: z.string(), email: z.string(), phone: z.string(), role: z.enum(ROLES), createdAt: z.string(),
}).meta({ id: 'User' });
export const AccountOut = z.object({
  id: z.string(), name: z.string(), legalName: z.string().nullable(), website: z.string().nullable(),
  industry: z.string().nullable(), address: z.string().nullable(), defaultCountry: z.string().meta({ description: 'ISO 3166-1 alpha-2, e.g. US' }),
  timeZone: z.string(), createdAt: z.string(),
  kind: z.enum(['business', 'partner']).meta({ description: 'partner: an outsourcing organisation serving client accounts' }),
  twilioAccountSid: z.string().meta({ description: 'The Twilio-compatible account SID (AC + 32 hex): the Basic user of /2010-04-01/Accounts/{AccountSid}/…' }),
}).meta({ id: 'Account' });
export const SessionOut = z.object({
  account: AccountOut, user: UserOut, csrfToken: z.string(),
  policyAcceptanceRequired: z.boolean().optional().meta({ description: 'Sign-in: a material policy change waits for this person\'s acceptance (GET /v1/policies/acceptance)' }),
}).meta({ id: 'Session' });
export const SignupAcceptedOut = z.object({ ok: z.literal(true) }).meta({
  id: 'SignupAccepted', description: 'The same answer for every email: a link was mailed to the address; nothing exists until it is confirmed',
});
export const SignupConfirmedOut = z.object({
  account: AccountOut,
  user: UserOut,
  csrfToken: z.string().nullable().meta({ description: 'null when the address already had a login: no session is started, sign in with its password' }),
  existingLogin: z.boolean().meta({ description: 'The business was added to the login that already used this address' }),
}).meta({ id: 'SignupConfirmed' });
export const ProfileOut = z.object({
  user: UserOut,
  pendingEmail: z.string().nullable().meta({ description: 'A new email waiting for the link mailed to it (the same answer whether or not the address is free)' }),
}).meta({ id: 'Profile' });
export const EmailChangedOut = z.object({ email: z.string() }).meta({ id: 'EmailChanged' });
export const MembershipOut = z.object({ accountId: z.string(), accountName: z.string(), role: z.enum(ROLES) }).meta({ id: 'Membership' });
export const MeOut = z.object({
  account: AccountOut,
  user: UserOut.nullable().meta({ description: 'null when the caller is an API key' }),
  csrfToken: z.string().nullable(),
  memberships: z.array(MembershipOut).optional().meta({ description: 'The accounts the signed-in person belongs to' }),
  partner: z.object({ id: z.string(), name: z.string(), permissions: z.array(z.string()), maskedFields: z.array(z.string()) }).nullable().optional()
    .meta({ description: "Set when the session acts in this (client) account through an outsourcing partner's grant" }),
  policyAcceptanceRequired: z.boolean().meta({
    description: 'A material change of the Terms or the Privacy Policy waits for this person\'s acceptance: the web app asks before anything else (never for an API key)',
  }),
}).meta({ id: 'Me' });
export const InvitationOut = z.object({ id: z.string(), email: z.string(), role: z.enum(ROLES), expiresAt: z.string(), createdAt: z.string() }).meta({ id: 'Invitation' });
export const InvitationLookupOut = z.object({
  email: z.string(), role: z.enum(ROLES), accountName: z.string(),
  existingLogin: z.boolean().meta({ description: 'The invited email already has a login: accept with its password' }),
}).meta({ id: 'InvitationLookup' });
export const ApiKeyOut = z.object({
  id: z.string(), name: z.string(), prefix: z.string(), scopes: z.array(z.string()), createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  lastUsedIp: z.string().nullable().meta({ description: 'The address of the last use (updated at most once a minute, with lastUsedAt)' }),
  revokedAt: z.string().nullable(),
  twilioSid: z.string().meta({ description: 'The key\'s Twilio-compatible SID (SK + 32 hex): twilio(twilioSid, key, {accountSid})' }),
}).meta({ id: 'ApiKey' });
export const CreatedApiKeyOut = ApiKeyOut.extend({ key: z.string().meta({ description: 'Shown once; store it now' }) }).meta({ id: 'CreatedApiKey' });
export const ScopeOut = z.object({ scope: z.string(), description: z.string() }).meta({ id: 'ApiScope' });
