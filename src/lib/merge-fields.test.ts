import { describe, expect, it } from 'vitest';
import { maskedSourcesOf, mergeFieldSource, parseMergeFields, withoutMasked, type MergeSource } from './merge-fields.js';

describe('merge fields and masked contact fields (partner grants)', () => {
  it.each<[string, MergeSource]>([
    ['first_name', 'name'],
    ['last_name', 'name'],
    ['email', 'email'],
    ['phone', 'phone'],
    ['tier', 'fields'],
    ['notes', 'fields'], // only as a custom field key: notes and tags are no merge fields
  ])('%s reads %s', (name, source) => expect(mergeFieldSource(name)).toBe(source));

  const keys = ['tier', 'points'];
  it.each<[string, string[], MergeSource[]]>([
    ['Hi {{first_name|there}}', ['name', 'email'], ['name']],
    ['Email: {{email}}', ['name', 'email'], ['email']],
    ['Thanks!', ['name', 'email'], []],
    ['Hi {{first_name}} {{last_name}}, {{email}}', ['email', 'name'], ['name', 'email']],
    ['{{last_name}} {{first_name}}', ['name'], ['name']],
    ['Call {{phone}}', ['phone'], ['phone']],
    ['Call {{phone}}', ['email', 'name', 'fields', 'notes', 'tags'], []],
    ['Tier {{tier}}, {{points|0}} points', ['fields'], ['fields']],
    ['Tier {{tier}}', ['name', 'email', 'phone', 'notes', 'tags'], []],
    ['Hi {{first_name}}, tier {{tier}}, {{phone}}', ['phone', 'fields', 'name'], ['name', 'fields', 'phone']],
    ['Hi {{first_name}}', [], []],
  ])('%j with %j masked uses %j', (body, masked, expected) => {
    const p = parseMergeFields(body, keys);
    expect('tokens' in p && maskedSourcesOf(p.tokens, masked)).toEqual(expected);
  });

  it('drops the values of masked fields only', () => {
    const values = { first_name: 'Ann', last_name: 'Lee', email: 'ann@x.example', phone: '+14155550100', tier: 'gold' };
    expect(withoutMasked(values, ['name', 'fields'])).toEqual({ email: 'ann@x.example', phone: '+14155550100' });
    expect(withoutMasked(values, ['email', 'phone', 'notes', 'tags'])).toEqual({ first_name: 'Ann', last_name: 'Lee', tier: 'gold' });
    expect(withoutMasked(values, [])).toBe(values);
  });
});
