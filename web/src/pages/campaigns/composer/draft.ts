/** The composer's draft (all steps) and the API bodies made from it. Pure: no React here. */
import type { components } from '../../../api-types.gen.js';

export type Audience = components['schemas']['CampaignAudience'];
export type AudienceCount = components['schemas']['CampaignAudienceCount'];
export type Campaign = components['schemas']['Campaign'];
export type Samples = components['schemas']['CampaignAudienceSamples'];
export type Preview = components['schemas']['MessagePreview'];
export type PhoneNumber = components['schemas']['PhoneNumber'];
export interface Pool { id: string; name: string; numbers: unknown[] }

export type ScheduleMode = 'now' | 'at' | 'local';

export interface Draft {
  name: string;
  segmentIds: string[];
  tags: string[];
  importIds: string[];
  contactIds: string[];
  excludeSegmentIds: string[];
  excludeTags: string[];
  contactedWithinDays: number | null;
  body: string;
  smartEncoding: boolean;
  mediaUrls: string[];
  from: string | null;
  schedule: ScheduleMode;
  /** `datetime-local` value (the browser's zone), for `at`. */
  at: string;
  localTime: string;
  localDate: string;
}

export const EMPTY_DRAFT: Draft = {
  name: '', segmentIds: [], tags: [], importIds: [], contactIds: [], excludeSegmentIds: [], excludeTags: [], contactedWithinDays: null,
  body: '', smartEncoding: true, mediaUrls: [], from: null, schedule: 'now', at: '', localTime: '10:00', localDate: '',
};

const some = <T>(xs: T[]) => (xs.length ? xs : undefined);

export function audienceOf(d: Draft): Audience {
  const exclude = {
    segmentIds: some(d.excludeSegmentIds), tags: some(d.excludeTags),
    contactedWithinDays: d.contactedWithinDays && d.contactedWithinDays > 0 ? d.contactedWithinDays : undefined,
  };
  const hasExclude = Object.values(exclude).some((v) => v !== undefined);
  return JSON.parse(JSON.stringify({
    segmentIds: some(d.segmentIds), tags: some(d.tags), importIds: some(d.importIds), contactIds: some(d.contactIds), exclude: hasExclude ? exclude : undefined,
  })) as Audience;
}

export const audienceChosen = (d: Draft) => d.segmentIds.length + d.tags.length + d.importIds.length + d.contactIds.length > 0;

export function scheduleOf(d: Draft): { at: string } | { localTime: string; date: string } | null {
  if (d.schedule === 'at' && d.at) return { at: new Date(d.at).toISOString() };
  if (d.schedule === 'local' && d.localTime && d.localDate) return { localTime: d.localTime, date: d.localDate };
  return null;
}

/** POST /v1/campaigns body. */
export function campaignBody(d: Draft) {
  const schedule = scheduleOf(d);
  return {
    name: d.name.trim(), body: d.body, smartEncoding: d.smartEncoding, audience: audienceOf(d),
    ...(d.from ? { from: d.from } : {}), ...(d.mediaUrls.length ? { mediaUrls: d.mediaUrls } : {}), ...(schedule ? { schedule } : {}),
  };
}

export const MERGE_FIELDS = ['first_name', 'last_name', 'email', 'phone'] as const;

/** The body with `{{key|fallback}}` inserted at the cursor (or the end). Returns the new body and cursor. */
export function insertMergeField(body: string, key: string, at: number | null, fallback = ''): { body: string; cursor: number } {
  const token = fallback ? `{{${key}|${fallback}}}` : `{{${key}}}`;
  const pos = at === null || at < 0 || at > body.length ? body.length : at;
  return { body: body.slice(0, pos) + token + body.slice(pos), cursor: pos + token.length };
}

/** USD: 4 decimals under a dollar (a text costs under a cent), else 2. */
export function money(cost: string): string {
  const n = Number(cost);
  return n > 0 && n < 1 ? `$${n.toFixed(4)}` : `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export const REASON_LABEL: Record<string, string> = {
  no_consent: 'No marketing consent', opted_out: 'Opted out', landline: 'Landline', invalid_phone: 'Invalid number', frequency_cap: 'Frequency cap', destination_not_allowed: 'Country not allowed',
};
