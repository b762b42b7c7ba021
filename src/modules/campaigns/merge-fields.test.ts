import { describe, expect, it } from 'vitest';
import { parseMergeFields, withFallbacks } from './merge-fields.js';

describe('campaign merge fields', () => {
  it.each([
    ['Hi there', []],
    ['Hi {{first_name}}', [{ token: '{{first_name}}', name: 'first_name', fallback: '' }]],
    ['Hi {{ First_Name | friend }}!', [{ token: '{{ First_Name | friend }}', name: 'first_name', fallback: 'friend' }]],
    ['{{tier}} {{phone}}', [{ token: '{{tier}}', name: 'tier', fallback: '' }, { token: '{{phone}}', name: 'phone', fallback: '' }]],
  ])('parses %j', (body, tokens) => {
    expect(parseMergeFields(body, ['tier'])).toEqual({ tokens });
  });

  it.each([
    ['Hi {{nickname}}', 'unknown_merge_field', 'nickname'],
    ['Hi {{first name}}', 'malformed_merge_field', '{{first name}}'],
    ['Hi {{}}', 'malformed_merge_field', '{{}}'],
    ['Hi {{a|b|c}}', 'malformed_merge_field', '{{a|b|c}}'],
    ['Hi {{first_name', 'malformed_merge_field', '{{'],
    ['Hi first_name}}', 'malformed_merge_field', '}}'],
  ])('refuses %j', (body, code, field) => {
    expect(parseMergeFields(body, [])).toMatchObject({ problem: { code, field } });
  });

  it('fills fallbacks', () => {
    const r = parseMergeFields('Hi {{first_name|there}}, {{first_name|there}}!', []);
    expect('tokens' in r && withFallbacks('Hi {{first_name|there}}, {{first_name|there}}!', r.tokens)).toBe('Hi there, there!');
  });
});
