import { useQuery, type QueryClient } from '@tanstack/react-query';
import { ApiError, get, rememberCsrfToken } from './api';
import type { Account, Me, Role, User } from './types';

export const ME_KEY = ['me'] as const;

/** The auth query: resolves to the signed-in user, or null when there is no session. */
export function useMe() {
  return useQuery<Me | null>({
    queryKey: ME_KEY,
    queryFn: async () => {
      try {
        const me = await get<Me>('/v1/me', { ignoreUnauthorized: true });
        rememberCsrfToken(me.csrfToken);
        return me;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
    retry: (count, e) => !(e instanceof ApiError && e.status < 500) && count < 2,
  });
}

/** Signed-in user (only call inside the authenticated layout). */
export function useSession(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useSession() used outside the signed-in area');
  return data;
}

const notMe = (q: { queryKey: readonly unknown[] }) => q.queryKey[0] !== ME_KEY[0];

export interface AuthResponse {
  account: Account;
  user: User;
  csrfToken?: string;
  /** Sign-in: a material policy change waits for this person's acceptance. */
  policyAcceptanceRequired?: boolean;
}

/** After sign-in / sign-up / invite acceptance: drop the previous session's cache and load the new one. */
export async function onSignedIn(qc: QueryClient, res: AuthResponse): Promise<void> {
  rememberCsrfToken(res.csrfToken);
  qc.removeQueries({ predicate: notMe });
  qc.setQueryData<Me>(ME_KEY, { user: res.user, account: res.account, csrfToken: res.csrfToken ?? null, policyAcceptanceRequired: res.policyAcceptanceRequired ?? false });
  await qc.invalidateQueries({ queryKey: ME_KEY });
}

export function onSignedOut(qc: QueryClient): void {
  qc.removeQueries({ predicate: notMe });
  qc.setQueryData(ME_KEY, null);
}

export const canManageTeam = (role: Role) => role === 'owner' || role === 'admin';
/** Agents and up create and edit contacts, record consent and edit segments. */
export const canEditContacts = (role: Role) => role !== 'viewer';
/** Admins and the owner: bulk actions, exports, imports, custom fields. */
export const canAdminContacts = (role: Role) => role === 'owner' || role === 'admin';
/** Agents and up reply to and start conversations (viewers read them). */
export const canSendMessages = (role: Role) => role !== 'viewer';
/** Admins and the owner launch, schedule and resume campaigns (texting a whole list); agents write drafts, pause and cancel. */
export const canLaunchCampaigns = (role: Role) => role === 'owner' || role === 'admin';
/** Admins and the owner get numbers and change their settings. */
export const canManageNumbers = (role: Role) => role === 'owner' || role === 'admin';
/** A partner organisation's own account (not a client it acts in): no numbers, connections or texts of its own (the server refuses them). */
export const isPartnerAccount = (me: Pick<Me, 'account'>) => me.account.kind === 'partner';
/** Whether this session may start a conversation ("New message"): a sender, in a business's own session (not a partner's own account, nor a partner's agent acting in a client). */
export const canStartConversations = (me: Pick<Me, 'account' | 'partner' | 'user'>) => canSendMessages(me.user.role) && !isPartnerAccount(me) && !me.partner;
export const PARTNER_ACCOUNT_NOTE = "A partner organisation works its clients' accounts through their grants; it cannot send texts or hold numbers of its own.";
