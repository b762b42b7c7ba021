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

/**
 * The hostile values of a leaf, in classes: the values of one class attack the same thing (a NUL
 * in a string, a lone surrogate, a number past what a column holds, a JSON value of another type…).
 * A class's name says the leaf type it applies to, so a value of it fits any leaf with that name.
 */
export interface HostileClass {
  name: string;
  values: unknown[];
}

const WRONG: HostileClass = { name: 'wrong-type', values: WRONG_TYPES };
const NUMBER_CLASSES: HostileClass[] = [
  { name: 'number.tiny', values: [5e-324, -5e-324] }, { name: 'number.huge', values: [1e308, -1e308] }, { name: 'number.zero', values: [-0, 0] },
  { name: 'number.negative', values: [-1] }, { name: 'number.unsafe', values: [2 ** 53 + 1] }, { name: 'number.fraction', values: [1.5] },
  { name: 'number.large', values: [36501, 2 ** 31] }, { name: 'number.as-string', values: ['NaN', '5e-324'] },
];
const STRING_CLASSES: HostileClass[] = [
  { name: 'string.nul', values: ['a\u0000b', '\u0000'] }, { name: 'string.surrogate', values: ['\ud800', 'x\udfffy', '\udc00\ud800'] },
  { name: 'string.long', values: ['é'.repeat(10_001)] }, { name: 'string.empty', values: ['', ' '] }, { name: 'string.numeric', values: ['NaN', '1e308'] },
  { name: 'string.sql', values: ["'; drop table contacts; --"] }, { name: 'string.unicode', values: ['\u202e\u200b👩🏽‍🚒'] }, { name: 'string.date', values: ['0000-01-01'] },
];
const DATE_CLASSES: HostileClass[] = [
  { name: 'date.year-zero', values: ['0000-01-01', '0000-01-01T00:00:00Z'] },
  { name: 'date.extreme', values: ['+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00.000Z', '+275760-09-13', '-271821-04-20'] },
  { name: 'date.no-such-day', values: ['2024-02-30', '2024-02-30T10:00:00Z'] }, { name: 'date.leap-second', values: ['9999-12-31T23:59:60Z'] },
  { name: 'date.offset', values: ['0001-01-01T00:00:00+14:00'] },
];

/** Every class of hostile values for a leaf of this schema. */
export function hostileClasses(schema: JsonSchema, key = ''): HostileClass[] {
  const t = typeOf(schema);
  if (t === 'number' || t === 'integer') return [...NUMBER_CLASSES, WRONG];
  if (t === 'boolean') return [WRONG, { name: 'boolean.lookalike', values: ['true', 0] }];
  if (t === 'array') return [WRONG, { name: 'array.items', values: [['\u0000'], ['\ud800']] }, { name: 'array.huge', values: [Array.from({ length: 10_001 }, () => 'x')] }];
  if (t === 'object') return [WRONG, { name: 'object.keys', values: [{ '\u0000': 1 }, { '\ud800': '\ud800' }] }];
  return [...STRING_CLASSES, ...(isDateLike(schema, key) ? DATE_CLASSES : []), WRONG];
}

/** Every value a leaf of this schema gets replaced by. */
export function hostileFor(schema: JsonSchema, key = ''): unknown[] {
  return hostileClasses(schema, key).flatMap((c) => c.values);
}

const SCALAR_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null']);
/**
 * A leaf that only takes JSON scalars of named types (a string, a nullable number, an enum…): the
 * schema validator turns away every other value alike, before any of our code sees it. An object,
 * an array, or a leaf of no declared type (unknown, JSON) is not one: what it holds reaches our code.
 */
export function scalarOnly(s: JsonSchema): boolean {
  if (s.allOf) return false;
  const alts = s.anyOf ?? s.oneOf ?? [s];
  return alts.length > 0 && alts.every((x) => {
    if (x.anyOf || x.oneOf || x.allOf) return scalarOnly(x);
    const types = Array.isArray(x.type) ? x.type : x.type ? [x.type] : [];
    return types.length > 0 && types.every((t) => SCALAR_TYPES.has(t));
  });
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

/** TEST_FUZZ_FULL=1: every node gets every hostile value (the whole product, ~2× the requests). */
const FULL = process.env.TEST_FUZZ_FULL === '1';
/** Wrong JSON types tried on each scalar-only leaf (rotating: the route's leaves together try them all). */
const WRONG_PER_SCALAR_LEAF = 2;

/**
 * The base body, the whole-body attacks, then each node replaced by hostile values: a node that
 * holds objects, arrays or untyped JSON gets every value; a scalar-only leaf (scalarOnly) gets one
 * value of each class and two wrong types, taken in turn across the route's leaves; then, on the
 * first leaf each class applied to, every value of it the route has not sent yet. So every route
 * gets every hostile value, every leaf every class of them, and TEST_FUZZ_FULL=1 sends the product.
 */
export function mutations(schema: JsonSchema, base: unknown): Mutation[] {
  const out: Mutation[] = [
    { label: 'base', body: base }, { label: '{}', body: {} }, { label: 'null', body: null }, { label: '[]', body: [] },
    { label: '"x"', body: 'x' }, { label: 'deep', body: deep(200) }, { label: 'NUL key', body: { ...(base as object), '\u0000': 1 } },
  ];
  const push = (p: Path, v: unknown) => out.push({ label: `${p.join('.')}=${describe(v)}`, body: setAt(base, p, v) });
  const turn = new Map<string, number>(); // per class: the next value to take
  const sent = new Map<string, Set<number>>(); // per class: the values sent
  const first = new Map<string, { path: Path; values: unknown[] }>(); // per class: the first leaf it applied to, and its values
  for (const p of paths(base)) {
    const s = schemaAt(schema, base, p);
    const sampled = !FULL && scalarOnly(s);
    for (const c of hostileClasses(s, String(p[p.length - 1]))) {
      if (!first.has(c.name)) first.set(c.name, { path: p, values: c.values });
      const done = sent.get(c.name) ?? new Set<number>();
      sent.set(c.name, done);
      const take = !sampled ? c.values.length : Math.min(c.values.length, c === WRONG ? WRONG_PER_SCALAR_LEAF : 1);
      for (let k = 0; k < take; k++) {
        const i = sampled ? (turn.get(c.name) ?? 0) % c.values.length : k;
        if (sampled) turn.set(c.name, i + 1);
        done.add(i);
        push(p, c.values[i]);
      }
    }
  }
  for (const [name, { path, values }] of first) values.forEach((v, i) => sent.get(name)!.has(i) || push(path, v));
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
