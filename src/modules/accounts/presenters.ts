import { toPublicId } from '../../lib/ids.js';
import type { AccountRow, UserRow } from './accounts.repo.js';
import type { Role } from './roles.js';

export const presentUser = (u: UserRow) => ({
  id: toPublicId('user', u.id),
  name: u.name,
  email: u.email,
  phone: u.phone,
  role: u.role as Role, // the column holds only ROLES; the response schema checks it
  createdAt: u.createdAt.toISOString(),
});

export const presentAccount = (a: AccountRow) => ({
  id: toPublicId('account', a.id),
  name: a.name,
  legalName: a.legalName,
  website: a.website,
  industry: a.industry,
  address: a.address,
  defaultCountry: a.defaultCountry,
  timeZone: a.timeZone,
  createdAt: a.createdAt.toISOString(),
  kind: a.kind === 'partner' ? ('partner' as const) : ('business' as const),
  twilioAccountSid: a.twilioAccountSid,
});

export const presentMembership = (m: { accountId: string; accountName: string; role: string }) => ({
  accountId: toPublicId('account', m.accountId),
  accountName: m.accountName,
  role: m.role as Role,
});
