import { z } from 'zod';

export const TARGETS = ['phone', 'firstName', 'lastName', 'fullName', 'email', 'tags', 'timeZone', 'notes', 'consent'] as const;
export type Target = (typeof TARGETS)[number];

/** Column indexes (0-based) per contact attribute; custom fields by key. */
export interface Mapping {
  phone: number | null;
  firstName?: number;
  lastName?: number;
  fullName?: number;
  email?: number;
  tags?: number;
  timeZone?: number;
  notes?: number;
  consent?: number;
  fields: Record<string, number>;
}

const norm = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]/g, '');

const SYNONYMS: Record<Target, string[]> = {
  phone: ['phone', 'phonenumber', 'phoneno', 'mobile', 'mobilenumber', 'mobilephone', 'cell', 'cellphone', 'cellnumber', 'tel', 'telephone', 'number', 'msisdn', 'sms', 'contactnumber', 'whatsapp'],
  firstName: ['firstname', 'first', 'givenname', 'fname', 'forename'],
  lastName: ['lastname', 'last', 'surname', 'familyname', 'lname'],
  fullName: ['name', 'fullname', 'contactname', 'customername', 'customer'],
  email: ['email', 'emailaddress', 'mail'],
  tags: ['tags', 'tag', 'labels', 'label', 'groups', 'group', 'lists', 'list'],
  timeZone: ['timezone', 'tz', 'zone'],
  notes: ['notes', 'note', 'comments', 'comment', 'remarks'],
  consent: ['consent', 'optin', 'optedin', 'subscribed', 'smsconsent', 'smsoptin', 'marketingconsent', 'subscriptionstatus', 'smsstatus'],
};

const looksLikePhone = (v: string) => /^[+()\d\s.\-/]{7,25}$/.test(v.trim()) && v.replace(/\D/g, '').length >= 7;

/** Proposes a mapping from the header row and sample rows; the user confirms or corrects it. */
export function detectMapping(headers: string[], samples: string[][], fields: Array<{ key: string; label: string }>): Mapping {
  const mapping: Mapping = { phone: null, fields: {} };
  const used = new Set<number>();
  const normalized = headers.map(norm);
  for (const target of TARGETS) {
    const idx = normalized.findIndex((h, i) => !used.has(i) && SYNONYMS[target].includes(h));
    if (idx >= 0) {
      (mapping as unknown as Record<string, number>)[target] = idx;
      used.add(idx);
    }
  }
  if (mapping.phone === null) {
    const idx = headers.findIndex((_, i) => !used.has(i) && samples.length > 0 && samples.filter((r) => looksLikePhone(r[i] ?? '')).length >= samples.length * 0.6);
    if (idx >= 0) {
      mapping.phone = idx;
      used.add(idx);
    }
  }
  for (const f of fields) {
    const idx = normalized.findIndex((h, i) => !used.has(i) && (h === norm(f.key) || h === norm(f.label)));
    if (idx >= 0) {
      mapping.fields[f.key] = idx;
      used.add(idx);
    }
  }
  return mapping;
}

/** A column given by the user: its header text or its 0-based index. */
const ColumnRef = z.union([z.string().min(1).max(200), z.number().int().min(0).max(10_000)]);
export const MappingInput = z.object({
  phone: ColumnRef.nullable().optional(),
  ...Object.fromEntries(TARGETS.filter((t) => t !== 'phone').map((t) => [t, ColumnRef.nullable().optional()])),
  fields: z.record(z.string().max(40), ColumnRef).optional(),
}) as unknown as z.ZodType<Partial<Record<Target, string | number | null>> & { fields?: Record<string, string | number> }>;
export type MappingInput = z.infer<typeof MappingInput>;

/** Turns header names into indexes; reports columns that do not exist. */
export function resolveMapping(input: MappingInput, headers: string[]): { mapping: Mapping } | { error: string; column: string } {
  const index = (ref: string | number): number | null => {
    if (typeof ref === 'number') return ref < headers.length ? ref : null;
    const exact = headers.indexOf(ref);
    return exact >= 0 ? exact : (() => { const i = headers.map(norm).indexOf(norm(ref)); return i >= 0 ? i : null; })();
  };
  const mapping: Mapping = { phone: null, fields: {} };
  for (const target of TARGETS) {
    const ref = input[target];
    if (ref === undefined || ref === null) continue;
    const i = index(ref);
    if (i === null) return { error: 'unknown_column', column: String(ref) };
    (mapping as unknown as Record<string, number>)[target] = i;
  }
  for (const [key, ref] of Object.entries(input.fields ?? {})) {
    const i = index(ref);
    if (i === null) return { error: 'unknown_column', column: String(ref) };
    mapping.fields[key] = i;
  }
  return { mapping };
}

/**
 * The columns of the first CSV record (the header), counted as its text streams in: delimiters
 * outside quotes, up to the end of the line. Stops after `maxChars` (an unclosed quote).
 */
export async function countHeaderColumns(texts: AsyncIterable<string>, delimiter: string, maxChars: number): Promise<number> {
  let columns = 1;
  let quoted = false;
  let seen = 0;
  for await (const text of texts) {
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch === '"') quoted = !quoted;
      else if (quoted) continue;
      else if (ch === delimiter) columns++;
      else if (ch === '\n' || ch === '\r') return columns;
    }
    seen += text.length;
    if (seen > maxChars) return columns;
  }
  return columns;
}
