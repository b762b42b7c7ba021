import { describe, expect, it } from 'vitest';
import { coerceField, keyFromLabel, type FieldDef } from './fields.js';

const def = (type: FieldDef['type'], choices: string[] = []): FieldDef => ({ key: 'k', type, choices });

describe('coerceField', () => {
  const cases: Array<[FieldDef, unknown, object]> = [
    [def('text'), ' hello ', { value: 'hello' }],
    [def('text'), 42, { value: '42' }],
    [def('text'), '', { value: null }],
    [def('number'), '1,234.5', { value: 1234.5 }],
    [def('number'), 7, { value: 7 }],
    [def('number'), 'abc', { error: 'not_a_number' }],
    [def('boolean'), 'Yes', { value: true }],
    [def('boolean'), 'n', { value: false }],
    [def('boolean'), true, { value: true }],
    [def('boolean'), 'maybe', { error: 'not_a_boolean' }],
    [def('date'), '2026-03-04', { value: '2026-03-04' }],
    [def('date'), '3/4/2026', { value: '2026-03-04' }],
    [def('date'), '31.12.2026', { value: '2026-12-31' }],
    [def('date'), 'soon', { error: 'not_a_date' }],
    [def('date'), '0000-01-01', { error: 'date_out_of_range' }],
    [def('date'), '+275760-09-13', { error: 'date_out_of_range' }],
    [def('choice', ['Gold', 'Silver']), 'gold', { value: 'Gold' }],
    [def('choice', ['Gold', 'Silver']), 'bronze', { error: 'not_a_choice' }],
    [def('number'), null, { value: null }],
  ];
  it.each(cases)('%o ← %o', (d, raw, expected) => expect(coerceField(d, raw)).toEqual(expected));
});

describe('keyFromLabel', () => {
  it.each([
    ['Loyalty Tier', 'loyalty_tier'],
    ['  Date of birth! ', 'date_of_birth'],
    ['2nd phone', 'f_2nd_phone'],
    ['Café', 'cafe'],
    ['!!!', 'field'],
  ])('%s → %s', (label, key) => expect(keyFromLabel(label)).toBe(key));
});
