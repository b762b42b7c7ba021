import { useQuery } from '@tanstack/react-query';
import { get } from '../../api';
import type { components } from '../../api-types.gen';

/** SLA and CSAT: API types (generated) and queries shared by the settings tab, the breach list, the report and the conversation badge. */
export type SlaPolicy = components['schemas']['SlaPolicy'];
export type BusinessHours = components['schemas']['BusinessHours'];
export type Holiday = components['schemas']['Holiday'];
export type CsatSettings = components['schemas']['CsatSettings'];
export type ConversationSla = components['schemas']['ConversationSla'];
export type SlaTarget = components['schemas']['SlaTarget'];
export type SlaBreach = components['schemas']['SlaBreach'];
export type SlaReport = components['schemas']['SlaReport'];
export type SlaReportRow = components['schemas']['SlaReportRow'];

export const SLA_KEY = ['sla'] as const;
export const KIND_LABEL: Record<SlaTarget['kind'], string> = { first_response: 'First response', next_response: 'Next response', resolution: 'Resolution' };
export const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export const usePolicies = () => useQuery({ queryKey: [...SLA_KEY, 'policies'], queryFn: () => get<{ data: SlaPolicy[] }>('/v1/sla-policies').then((r) => r.data) });
export const useBusinessHours = () => useQuery({ queryKey: [...SLA_KEY, 'hours'], queryFn: () => get<BusinessHours>('/v1/business-hours') });
export const useHolidays = () => useQuery({ queryKey: [...SLA_KEY, 'holidays'], queryFn: () => get<{ data: Holiday[] }>('/v1/holidays').then((r) => r.data) });
export const useCsatSettings = () => useQuery({ queryKey: [...SLA_KEY, 'csat'], queryFn: () => get<CsatSettings>('/v1/csat-settings') });

/** A conversation's timers; refreshed every 30 s and when its thread changes (the caller invalidates). */
export const useConversationSla = (id: string) =>
  useQuery({ queryKey: [...SLA_KEY, 'conversation', id], queryFn: () => get<ConversationSla>(`/v1/conversations/${encodeURIComponent(id)}/sla`), refetchInterval: 30_000 });

/** "in 1 h 5 min", "12 min ago": a duration to or since a moment. */
export function relative(iso: string, now: number): string {
  const ms = new Date(iso).getTime() - now;
  const m = Math.round(Math.abs(ms) / 60_000);
  const text = m < 60 ? `${m} min` : m < 48 * 60 ? `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}` : `${Math.round(m / 1440)} days`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}
