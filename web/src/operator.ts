/**
 * The operator console's side of the API (issue 13): its own session (cookie wm_op_session) and
 * CSRF header (x-operator-csrf carrying the wm_op_csrf cookie), separate from an account session.
 */
import { useQuery } from '@tanstack/react-query';
import { ApiError, get, type RequestOptions } from './api';
import type { components } from './api-types.gen';

type S = components['schemas'];
export type OperatorMe = S['OperatorMe'];
export type Operator = S['Operator'];
export type ConsoleAccount = S['ConsoleAccount'];
export type ConsoleAccountDetail = S['ConsoleAccountDetail'];
export type OperatorNote = S['OperatorNote'];
export type OperatorAuditPage = S['OperatorAuditPage'];
export type OperatorAuditVerification = S['OperatorAuditVerification'];
export type OperatorRole = Operator['role'];

export const OPERATOR_ME_KEY = ['operator-me'] as const;

function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [k, ...rest] = part.trim().split('=');
    if (k === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** The headers of an operator request: the session's CSRF header (writes need it). */
export function operatorHeaders(): Record<string, string> {
  const csrf = readCookie('wm_op_csrf');
  return csrf ? { 'x-operator-csrf': csrf } : {};
}

/** Options for api()/get()/post() on operator routes: operator CSRF header, and a 401 never signs an account user out. */
export const opts = (extra: Omit<RequestOptions, 'method' | 'body'> = {}) => ({ ...extra, headers: { ...operatorHeaders(), ...extra.headers }, ignoreUnauthorized: true });

/** The signed-in operator (null: no operator session). */
export function useOperatorMe() {
  return useQuery<OperatorMe | null>({
    queryKey: OPERATOR_ME_KEY,
    queryFn: async () => {
      try {
        return await get<OperatorMe>('/v1/operator/me', opts());
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 30_000,
    retry: false,
  });
}

export const ROLE_LABELS: Record<OperatorRole, string> = { support: 'Support', trust_safety: 'Trust & safety', admin: 'Admin' };
