import { useQuery } from '@tanstack/react-query';
import { get } from './api';
import type { LegalDoc, Policies } from './types';

export function usePolicies() {
  return useQuery({
    queryKey: ['policies', 'current'],
    queryFn: () => get<Policies>('/v1/policies/current', { ignoreUnauthorized: true }),
    staleTime: 5 * 60_000,
  });
}

/** The current version of a legal document, or an earlier one by its version name; both carry the history. */
export function useLegalDoc(kind: 'terms' | 'privacy', version?: string) {
  return useQuery({
    queryKey: ['legal', kind, version ?? 'current'],
    queryFn: () =>
      get<LegalDoc>(version ? `/v1/legal/${kind}/versions/${encodeURIComponent(version)}` : `/v1/legal/${kind}`, { ignoreUnauthorized: true }),
    staleTime: 5 * 60_000,
  });
}

export const INDUSTRIES = [
  'Automotive',
  'Beauty & wellness',
  'Construction & trades',
  'Education',
  'Financial services',
  'Healthcare',
  'Home services',
  'Hospitality & restaurants',
  'Insurance',
  'Legal',
  'Nonprofit',
  'Professional services',
  'Real estate',
  'Retail & e-commerce',
  'Technology',
  'Travel',
  'Other',
];

export function formatDate(iso: string | null | undefined, withTime = false): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  // A bare date ("2025-01-15") is a calendar day, not a UTC instant: don't shift it by the local zone.
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return d.toLocaleDateString(undefined, { dateStyle: 'long', timeZone: 'UTC' });
  return withTime
    ? d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
    : d.toLocaleDateString(undefined, { dateStyle: 'long' });
}
