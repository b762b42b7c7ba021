import { useQuery } from '@tanstack/react-query';
import { get, getAll } from '../../api';
import type { ConsentSource, ConsentState, ConsentTimeline, Contact, CustomField, ImportStatus, Segment } from './contactTypes';

/** Everything under ['contacts'] is invalidated together after a write. */
export const CONTACTS_KEY = ['contacts'] as const;
export const contactKey = (id: string) => ['contacts', 'detail', id] as const;
export const consentKey = (id: string) => ['contacts', 'consent', id] as const;
export const FIELDS_KEY = ['custom-fields'] as const;
export const SEGMENTS_KEY = ['segments'] as const;
export const IMPORTS_KEY = ['imports'] as const;

const enc = encodeURIComponent;

export const useContact = (id: string) =>
  useQuery({ queryKey: contactKey(id), queryFn: () => get<Contact>(`/v1/contacts/${enc(id)}`) });

export const useConsent = (id: string) =>
  useQuery({ queryKey: consentKey(id), queryFn: () => get<ConsentTimeline>(`/v1/contacts/${enc(id)}/consent`) });

export const useCustomFields = () =>
  useQuery({ queryKey: FIELDS_KEY, queryFn: () => getAll<CustomField>('/v1/custom-fields'), staleTime: 60_000 });

export const useSegments = () => useQuery({ queryKey: SEGMENTS_KEY, queryFn: () => getAll<Segment>('/v1/segments') });

export interface ContactFilters {
  query: string;
  tag: string;
  segment: string;
}

export function contactsPath(f: ContactFilters, cursor: string | null, limit = 50): string {
  const params = new URLSearchParams();
  if (f.query.trim()) params.set('query', f.query.trim());
  if (f.tag.trim()) params.set('tag', f.tag.trim());
  if (f.segment) params.set('segment', f.segment);
  if (cursor) params.set('cursor', cursor);
  params.set('limit', String(limit));
  return `/v1/contacts?${params}`;
}

export const contactName = (c: Pick<Contact, 'firstName' | 'lastName'>) => [c.firstName, c.lastName].filter(Boolean).join(' ');

/** +14155550101 → +1 (415) 555-0101; other numbers stay in E.164. */
export function formatPhone(e164: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `+1 (${m[1]}) ${m[2]}-${m[3]}` : e164;
}

export const CONSENT_LABELS: Record<ConsentState, string> = { opted_in: 'Opted in', opted_out: 'Opted out', unknown: 'Unknown' };
export const CONSENT_COLORS: Record<ConsentState, string> = { opted_in: 'green', opted_out: 'red', unknown: 'gray' };

export const SOURCE_LABELS: Record<ConsentSource, string> = {
  keyword: 'Keyword',
  web_form: 'Web form',
  import: 'Import',
  api: 'API',
  agent: 'Agent',
  carrier: 'Carrier',
};

export const PHONE_TYPE_LABELS: Record<string, string> = {
  mobile: 'Mobile',
  fixed_line: 'Landline',
  fixed_line_or_mobile: 'Landline or mobile',
  voip: 'VoIP',
  toll_free: 'Toll-free',
};

export const IMPORT_STATUS_LABELS: Record<ImportStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  canceled: 'Canceled',
};
export const IMPORT_STATUS_COLORS: Record<ImportStatus, string> = {
  queued: 'gray',
  running: 'blue',
  completed: 'green',
  failed: 'red',
  canceled: 'orange',
};
export const importActive = (s: ImportStatus) => s === 'queued' || s === 'running';

/** Why the server refused a phone number (details.reason of invalid_phone). */
export const PHONE_PROBLEMS: Record<string, string> = {
  too_short: 'This number is too short.',
  too_long: 'This number is too long.',
  invalid_phone: 'This is not a valid phone number.',
  invalid_country: 'This number has an unknown country code.',
};

/** Common countries for the default-country pickers, named in the browser's language. */
const COUNTRY_CODES = ['US', 'CA', 'GB', 'IE', 'AU', 'NZ', 'MX', 'BR', 'DE', 'FR', 'ES', 'IT', 'NL', 'BE', 'CH', 'AT', 'SE', 'NO', 'DK', 'FI', 'PL', 'PT', 'IN', 'SG', 'PH', 'ZA', 'JP'];
const regionNames = (() => {
  try {
    return new Intl.DisplayNames(undefined, { type: 'region' });
  } catch {
    return null;
  }
})();
export const countryName = (code: string) => regionNames?.of(code) ?? code;
export const COUNTRY_OPTIONS = COUNTRY_CODES.map((c) => ({ value: c, label: `${countryName(c)} (${c})` }));

export const TIME_ZONES: string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'Europe/London', 'UTC'];
  }
})();
