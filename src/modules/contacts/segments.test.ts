import { describe, expect, it } from 'vitest';
import { Condition, filterIssues, fieldConditionIssue, type FieldShape } from './segments.js';

const FIELDS: FieldShape[] = [
  { key: 'visits', type: 'number' }, { key: 'birthday', type: 'date' }, { key: 'member', type: 'boolean' },
  { key: 'city', type: 'text' }, { key: 'plan', type: 'choice' },
];
const field = (key: string, op: string, value?: unknown) => ({ type: 'field' as const, key, op: op as 'eq', value: value as string });
const byKey = (k: string) => FIELDS.find((f) => f.key === k);

describe('field conditions must fit the field type', () => {
  const cases: Array<[string, ReturnType<typeof field>, RegExp | null]> = [
    ['number compared with a number', field('visits', 'gt', 10), null],
    ['number compared with text', field('visits', 'gt', '10'), /number field/],
    ['number with contains', field('visits', 'contains', '1'), /contains/],
    ['date compared with a date', field('birthday', 'lt', '2000-01-01'), null],
    ['date compared with a number', field('birthday', 'gt', 5), /date field/],
    ['date of year 0000', field('birthday', 'gt', '0000-01-01'), /date field/],
    ['date that does not exist', field('birthday', 'eq', '2024-02-30'), /date field/],
    ['date-time where a date is stored', field('birthday', 'eq', '2024-01-01T00:00:00Z'), /date field/],
    ['boolean eq true', field('member', 'eq', true), null],
    ['boolean compared with text', field('member', 'eq', 'true'), /yes\/no/],
    ['boolean with gt', field('member', 'gt', true), /eq/],
    ['text contains text', field('city', 'contains', 'Mia'), null],
    ['text compared with a number', field('city', 'eq', 5), /text/],
    ['choice eq', field('plan', 'eq', 'gold'), null],
    ['choice with lt', field('plan', 'lt', 'gold'), /choice field/],
    ['is_set needs no value', field('visits', 'is_set'), null],
    ['comparison without a value', field('visits', 'eq'), /needs a value/],
    ['unknown field', field('nope', 'eq', 'x'), /no custom field/],
  ];
  it.each(cases)('%s', (_label, c, expected) => {
    const issue = fieldConditionIssue(c, byKey(c.key));
    if (expected === null) expect(issue).toBeNull();
    else expect(issue).toMatch(expected);
  });

  it('names the index of each bad condition in a filter', () => {
    const filter = { match: 'all' as const, conditions: [field('visits', 'gt', 1), { type: 'tag' as const, op: 'has' as const, value: 'vip' }, field('birthday', 'gt', 5)] };
    expect(filterIssues(filter, FIELDS)).toEqual([{ index: 2, key: 'birthday', message: expect.stringMatching(/date field/) }]);
  });
});

describe('date conditions (created_at, last_message_at)', () => {
  const cases: Array<[string, unknown, boolean]> = [
    ['before a date', { type: 'created_at', op: 'before', value: '2024-01-01' }, true],
    ['after a date-time', { type: 'last_message_at', op: 'after', value: '2024-01-01T10:00:00Z' }, true],
    ['within days', { type: 'created_at', op: 'within_days', value: 30 }, true],
    ['before a number (saved, then every count failed)', { type: 'created_at', op: 'before', value: 123 }, false],
    ['within days given a date', { type: 'created_at', op: 'within_days', value: '2024-01-01' }, false],
    ['year 0000', { type: 'created_at', op: 'after', value: '0000-01-01' }, false],
    ['year +275760', { type: 'created_at', op: 'after', value: '+275760-09-13T00:00:00.000Z' }, false],
    ['a day that does not exist', { type: 'created_at', op: 'after', value: '2024-02-30' }, false],
    ['negative days', { type: 'created_at', op: 'within_days', value: -1 }, false],
  ];
  it.each(cases)('%s', (_label, c, ok) => expect(Condition.safeParse(c).success).toBe(ok));
});
