export type ConsentState = 'opted_in' | 'opted_out' | 'unknown';
export type ConsentKind = 'opt_in' | 'opt_out';
export type ConsentSource = 'keyword' | 'web_form' | 'import' | 'api' | 'agent' | 'carrier';
export type FieldValue = string | number | boolean | null;

export interface Contact {
  id: string;
  phone: string;
  phoneType: string | null;
  country: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  timeZone: string | null;
  timeZoneSource: string;
  tags: string[];
  notes: string | null;
  fields: Record<string, FieldValue>;
  consent: { state: ConsentState; updatedAt: string | null };
  lastMessageAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ConsentEvidence {
  wording?: string;
  ip?: string;
  userAgent?: string;
  url?: string;
  importId?: string;
  note?: string;
  /** Sign-ups: the join keyword, or the form's version; how the opt-in was confirmed. */
  keyword?: string;
  formVersion?: number;
  confirmedBy?: string;
  [key: string]: unknown;
}

export interface ConsentEvent {
  id: string;
  kind: ConsentKind;
  source: ConsentSource;
  evidence: ConsentEvidence;
  recordedBy: string | null;
  occurredAt: string;
}

export interface ConsentTimeline {
  state: ConsentState;
  suppressed: boolean;
  data: ConsentEvent[];
}

export type FieldType = 'text' | 'number' | 'date' | 'boolean' | 'choice';

export interface CustomField {
  id: string;
  key: string;
  label: string;
  type: FieldType;
  choices: string[];
}

export type Condition =
  | { type: 'tag'; op: 'has' | 'not_has'; value: string }
  | { type: 'field'; key: string; op: FieldOp; value?: string | number | boolean }
  | { type: 'consent'; op: 'is' | 'is_not'; value: ConsentState }
  | { type: 'phone_type'; op: 'is' | 'is_not'; value: string }
  | { type: 'country'; op: 'is' | 'is_not'; value: string }
  | { type: 'created_at' | 'last_message_at'; op: DateOp; value: string | number };

export type FieldOp = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains' | 'is_set' | 'not_set';
export type DateOp = 'before' | 'after' | 'within_days' | 'not_within_days';
export type ConditionType = Condition['type'];

export interface SegmentFilter {
  match: 'all' | 'any';
  conditions: Condition[];
}

export interface Segment {
  id: string;
  name: string;
  filter: SegmentFilter;
  createdAt: string;
}

/** Which contacts a bulk action or export applies to. */
export interface Selection {
  ids?: string[];
  query?: string;
  tag?: string;
  segment?: string;
  all?: boolean;
}

export type MappingTarget = 'phone' | 'firstName' | 'lastName' | 'fullName' | 'email' | 'tags' | 'timeZone' | 'notes' | 'consent';

/** Column indexes (0-based) per attribute, custom fields by key. */
export type Mapping = { phone: number | null; fields: Record<string, number> } & Partial<Record<Exclude<MappingTarget, 'phone'>, number>>;

export interface ImportPreview {
  uploadId: string;
  filename: string;
  size: number;
  encoding: string;
  delimiter: string;
  headers: string[];
  sampleRows: string[][];
  mapping: Mapping;
}

export type ImportStatus = 'queued' | 'running' | 'completed' | 'failed' | 'canceled';

export interface ImportJob {
  id: string;
  status: ImportStatus;
  filename: string;
  total: number | null;
  processed: number;
  inserted: number;
  updated: number;
  skipped: number;
  failed: number;
  percent: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ImportOptions {
  defaultCountry?: string;
  tags: string[];
  existing: 'update' | 'skip';
  consent: { basis: 'consented' | 'unknown'; description?: string };
  skipLandlines: boolean;
}
