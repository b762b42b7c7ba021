import { useQuery } from '@tanstack/react-query';
import { ApiError, get } from '../../api';
import type { components } from '../../api-types.gen';

export type JoinKeyword = components['schemas']['JoinKeyword'];
export type SignupForm = components['schemas']['SignupForm'];

export const KEYWORDS_KEY = ['keywords'] as const;
export const SIGNUP_FORM_KEY = ['signup-form'] as const;

export const useKeywords = () => useQuery({ queryKey: KEYWORDS_KEY, queryFn: () => get<{ data: JoinKeyword[] }>('/v1/keywords') });

/** The account's sign-up form, or null before it is first saved (the API answers 404 then). */
export const useSignupForm = () =>
  useQuery({
    queryKey: SIGNUP_FORM_KEY,
    queryFn: async () => {
      try {
        return await get<SignupForm>('/v1/signup-form');
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
  });

export const keywordQrUrl = (k: JoinKeyword) => `/v1/keywords/${encodeURIComponent(k.id)}/qr.svg?v=${encodeURIComponent(k.updatedAt)}`;
export const formQrUrl = (f: SignupForm) => `/v1/signup-form/qr.svg?v=${f.version}`;
