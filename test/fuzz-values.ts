/**
 * Hostile values for the fuzz test, derived from the JSON schemas of the OpenAPI document:
 * a valid-looking base body per route, and every leaf of it replaced in turn by values
 * that have crashed this kind of server before (NUL, lone surrogates, extreme dates and
 * numbers, wrong types, deep nesting).
 */

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  minLength?: number;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

/** Seeded PRNG (mulberry32), so every run sends the same values. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const deep = (n: number): unknown => (n === 0 ? [] : [deep(n - 1)]);

export const BAD_DATES = [
  '0000-01-01', '0000-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00.000Z', '+275760-09-13', '-271821-04-20',
  '2024-02-30', '2024-02-30T10:00:00Z', '9999-12-31T23:59:60Z', '0001-01-01T00:00:00+14:00',
];
export const BAD_STRINGS = [
  'a\u0000b', '\u0000', '\ud800', 'x\udfffy', '\udc00\ud800', 'é'.repeat(10_001), '', ' ', 'NaN', '1e308',
  "'; drop table contacts; --", '\u202e\u200b👩🏽‍🚒', '0000-01-01',
];
export const BAD_NUMBERS = [5e-324, -5e-324, 1e308, -1e308, -0, -1, 0, 2 ** 53 + 1, 1.5, 36501, 2 ** 31];
export const WRONG_TYPES = [null, true, 123, 'abc', {}, [], [{}], { a: '\u0000' }, deep(64), JSON.parse('{"__proto__":{"x":1}}'), JSON.parse('{"constructor":{"prototype":{}}}')];

/** Every value a leaf of this schema gets replaced by. */
export function hostileFor(schema: JsonSchema, key = ''): unknown[] {
  const t = typeOf(schema);
  if (t === 'number' || t === 'integer') return [...BAD_NUMBERS, ...WRONG_TYPES, 'NaN', '5e-324'];
  if (t === 'boolean') return [...WRONG_TYPES, 'true', 0];
  if (t === 'array') return [...WRONG_TYPES, ['\u0000'], ['\ud800'], Array.from({ length: 10_001 }, () => 'x')];
  if (t === 'object') return [...WRONG_TYPES, { '\u0000': 1 }, { '\ud800': '\ud800' }];
  return [...BAD_STRINGS, ...(isDateLike(schema, key) ? BAD_DATES : []), ...WRONG_TYPES];
}

/** Date-ish leaves get every bad date; other strings just one. */
function isDateLike(s: JsonSchema, key: string): boolean {
  const alt = [s, ...(s.anyOf ?? []), ...(s.oneOf ?? [])];
  return alt.some((x) => x.format === 'date' || x.format === 'date-time') || /At$|date|^value$/.test(key);
}

function typeOf(s: JsonSchema): string | undefined {
  if (Array.isArray(s.type)) return s.type.find((t) => t !== 'null');
  if (s.type) return s.type;
  if (s.properties) return 'object';
  const alt = s.anyOf ?? s.oneOf ?? s.allOf;
  return alt?.[0] ? typeOf(alt[0]) : undefined;
}

function stringFor(s: JsonSchema, key: string): string {
  if (s.format === 'email' || /email/i.test(key)) return 'fuzz@example.com';
  if (s.format === 'date-time') return '2030-01-01T10:00:00Z';
  if (s.format === 'date') return '2030-01-01';
  if (/phone|^to$|^from$/i.test(key)) return '+1 415 555 0177';
  if (s.pattern === '^[a-z][a-z0-9_]{0,39}$') return 'fuzz_key';
  return 'fuzz'.padEnd(Math.max(4, s.minLength ?? 0), 'z');
}

/** A plausible value of the schema: every property (optional ones too), first enum value. */
export function sample(s: JsonSchema, key = ''): unknown {
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  const alt = s.oneOf ?? s.anyOf;
  if (alt?.length) return sample(alt.find((x) => x.type !== 'null') ?? alt[0], key);
  switch (typeOf(s)) {
    case 'object':
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, sample(v, k)]));
    case 'array':
      return s.items ? [sample(s.items, key)] : [];
    case 'number':
    case 'integer':
      return s.minimum !== undefined && s.minimum > 1 ? s.minimum : 1;
    case 'boolean':
      return false;
    default:
      return stringFor(s, key);
  }
}

export type Path = Array<string | number>;

/** The schema at a path of a sampled value (following the variant the sample chose). */
function schemaAt(s: JsonSchema, value: unknown, path: Path): JsonSchema {
  let cur = s;
  let v = value;
  for (const p of path) {
    const alt = cur.oneOf ?? cur.anyOf;
    if (alt?.length) cur = alt.find((x) => x.enum?.includes(v) || (typeof v === 'object' && x.properties)) ?? alt[0];
    cur = typeof p === 'number' ? cur.items ?? {} : cur.properties?.[p] ?? (typeof cur.additionalProperties === 'object' ? cur.additionalProperties : {});
    v = (v as Record<string | number, unknown>)?.[p];
  }
  return cur;
}

/** Paths of every node of a value (objects and arrays included, the root excluded). */
export function paths(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
}

export function setAt(value: unknown, path: Path, replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let cur = copy;
  for (const p of path.slice(0, -1)) cur = cur[p] as Record<string | number, unknown>;
  cur[path[path.length - 1]] = replacement;
  return copy;
}

export interface Mutation {
  label: string;
  body: unknown;
}

/** The base body, the whole-body attacks, then each node replaced by each hostile value. */
export function mutations(schema: JsonSchema, base: unknown): Mutation[] {
  const out: Mutation[] = [
    { label: 'base', body: base }, { label: '{}', body: {} }, { label: 'null', body: null }, { label: '[]', body: [] },
    { label: '"x"', body: 'x' }, { label: 'deep', body: deep(200) }, { label: 'NUL key', body: { ...(base as object), '\u0000': 1 } },
  ];
  for (const p of paths(base)) {
    const s = schemaAt(schema, base, p);
    for (const v of hostileFor(s, String(p[p.length - 1]))) out.push({ label: `${p.join('.')}=${describe(v)}`, body: setAt(base, p, v) });
  }
  return out;
}

export function describe(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 40)}…(${s.length})` : s;
}

/** Hostile path ids and query values (URL-encoded as they travel). */
export const BAD_URL_VALUES = ['%00', 'a%00b', '%ED%A0%80', '%F0%9F', '%%%', '%25%00', 'x'.repeat(5000), '..%2F..%2F', '%C0%80', '-1', '1e308', '0000-01-01'];

export function badCursors(rand: () => number): string[] {
  const b64 = (s: string) => Buffer.from(s).toString('base64url');
  const random = Array.from({ length: 4 }, () => Buffer.from(Array.from({ length: 24 }, () => Math.floor(rand() * 256))).toString('base64url'));
  const uuid = '01900000-0000-7000-8000-000000000000';
  return [
    '%%%', '%00', '%ED%A0%80', '!!!', '====', ...random, b64(`\u0000|${uuid}`), b64(`+275760-09-13T00:00:00.000Z|${uuid}`),
    b64(`-271821-04-20T00:00:00.000Z|${uuid}`), b64(`0000-01-01T00:00:00Z|${uuid}`), b64(`2024-01-01T00:00:00Z|${'x'.repeat(36)}`), b64('2024|'),
    '999999999999999', '-1', '1e308', '0', b64('\ud800'),
  ];
}
