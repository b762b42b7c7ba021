import { describe, expect, it } from 'vitest';
import { composeAll, withSenderId, type ComposeRules, type Recipient, type SenderIdMode } from './compose.js';
import { parseMergeFields, renderMergeFields, type MergeValues } from '../../lib/merge-fields.js';
import { estimateCost, unitPrice } from './pricing.js';

describe('merge fields', () => {
  it.each<[string, MergeValues, string]>([
    ['Hi {{first_name|there}}!', { first_name: 'Ann' }, 'Hi Ann!'],
    ['Hi {{first_name|there}}!', {}, 'Hi there!'],
    ['Hi {{first_name|there}}!', { first_name: '   ' }, 'Hi there!'],
    ['Hi {{first_name}}!', { first_name: null }, 'Hi !'],
    ['Hi {{ First_Name | friend }}, tier {{tier|basic}}', { first_name: 'Zoë', tier: 'gold' }, 'Hi Zoë, tier gold'],
    ['{{points}} points, VIP: {{vip}}, since {{joined|ever}}', { points: 1200, vip: true, joined: '2024-05-01' }, '1200 points, VIP: yes, since 2024-05-01'],
    ['{{first_name|there}} {{first_name|there}}', { first_name: 'Bo' }, 'Bo Bo'],
    ['No fields', { first_name: 'x' }, 'No fields'],
  ])('%j with %o → %j', (body, values, expected) => {
    const p = parseMergeFields(body, ['tier', 'points', 'vip', 'joined']);
    expect('tokens' in p && renderMergeFields(body, p.tokens, values)).toBe(expected);
  });

  it.each<[string, string, string]>([
    ['Hi {{nickname}}', 'unknown_merge_field', 'nickname'],
    ['Hi {{first name}}', 'malformed_merge_field', '{{first name}}'],
    ['Hi {{}}', 'malformed_merge_field', '{{}}'],
    ['Hi {{a|b|c}}', 'malformed_merge_field', '{{a|b|c}}'],
    ['Hi {{first_name', 'malformed_merge_field', '{{'],
    ['Hi first_name}}', 'malformed_merge_field', '}}'],
    ['Hi {{1st}}', 'malformed_merge_field', '{{1st}}'],
  ])('refuses %j (%s, naming %j)', (body, code, field) => {
    expect(parseMergeFields(body, [])).toMatchObject({ problem: { code, field, message: expect.stringContaining(field === '{{' || field === '}}' ? field : field) } });
  });
});

describe('sender identification and opt-out language', () => {
  it.each<[string, SenderIdMode, boolean, string]>([
    ['Sale today', 'first_message', true, 'Acme: Sale today\nReply STOP to opt out'],
    ['Sale today', 'first_message', false, 'Sale today'],
    ['Sale today', 'always', false, 'Acme: Sale today\nReply STOP to opt out'],
    ['Sale today', 'never', true, 'Sale today'],
    ['ACME here: sale today', 'always', true, 'ACME here: sale today\nReply STOP to opt out'],
    ['Sale today. Text STOP to quit', 'always', true, 'Acme: Sale today. Text STOP to quit'],
    ['Sale today, reply unsubscribe to leave', 'always', true, 'Acme: Sale today, reply unsubscribe to leave'],
    ['  Sale  ', 'always', true, 'Acme: Sale\nReply STOP to opt out'],
    ['Deals: https://shop.example/stop-smoking', 'always', true, 'Acme: Deals: https://shop.example/stop-smoking\nReply STOP to opt out'],
    ['Deals at https://shop.example/x. Reply STOP to quit', 'always', true, 'Acme: Deals at https://shop.example/x. Reply STOP to quit'],
  ])('%j (%s, first: %s)', (body, mode, firstMessage, expected) => {
    expect(withSenderId({ body, businessName: 'Acme', mode, firstMessage })).toBe(expected);
  });
});

describe('composing per recipient', () => {
  const rules: ComposeRules = { businessName: 'Acme', senderId: 'first_message', smartEncoding: true };
  const who = (id: string, values: MergeValues, firstMessage = false): Recipient => ({ id, values, firstMessage });

  it('each recipient has its own final text, encoding and segments; the worst case is the costliest', () => {
    const body = 'Hi {{first_name|there}}, your {{tier|basic}} reward is ready – see you soon…';
    const out = composeAll(body, ['tier'], rules, [
      who('ct_a', { first_name: 'Ann', tier: 'gold' }),
      who('ct_b', { first_name: 'Zoë' }), // ë is not GSM-7: this one is UCS-2
      who('ct_c', {}, true), // first text: business name and opt-out language
    ]);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.texts.map((t) => [t.text, t.encoding, t.segments])).toEqual([
      ['Hi Ann, your gold reward is ready - see you soon...', 'GSM-7', 1],
      ['Hi Zoë, your basic reward is ready – see you soon…', 'UCS-2', 1],
      ['Acme: Hi there, your basic reward is ready - see you soon...\nReply STOP to opt out', 'GSM-7', 1],
    ]);
    expect(out.worst?.recipientId).toBe('ct_b');
  });

  it('a long value pushes one recipient over a segment boundary: that one is the worst case', () => {
    const body = 'x'.repeat(150) + ' {{first_name|}}';
    const out = composeAll(body, [], { ...rules, senderId: 'never' }, [who('short', { first_name: 'Al' }), who('long', { first_name: 'Maximiliana' })]);
    expect(out.ok && out.texts.map((t) => t.segments)).toEqual([1, 2]);
    expect(out.ok && out.worst).toMatchObject({ recipientId: 'long', segments: 2, encoding: 'GSM-7' });
  });

  it('refuses a body over 10 segments for some recipient, showing the worst case; names a bad merge field', () => {
    const body = 'ą'.repeat(600) + ' {{note|}}';
    const out = composeAll(body, ['note'], { ...rules, senderId: 'never' }, [who('fine', {}), who('huge', { note: 'ą'.repeat(100) })]);
    expect(out).toMatchObject({ ok: false, code: 'body_too_long', field: 'body', worst: { recipientId: 'huge', encoding: 'UCS-2', segments: 11 } });
    expect(!out.ok && out.message).toMatch(/huge.*11 segments/);
    expect(composeAll('Hi {{nick}}', [], rules, [])).toMatchObject({ ok: false, code: 'unknown_merge_field', field: 'nick' });
    expect(composeAll('{{first_name}}', [], { ...rules, senderId: 'never' }, [who('blank', {})])).toMatchObject({ ok: false, code: 'empty_body' });
  });
});

describe('cost estimate', () => {
  it.each<[string | null, 'long_code' | 'toll_free' | 'short_code', boolean, number]>([
    ['US', 'long_code', false, 8_300], ['us', 'toll_free', false, 8_300], ['CA', 'short_code', false, 8_300], ['GB', 'toll_free', false, 46_300],
    ['US', 'long_code', true, 22_000], ['GB', 'long_code', true, 46_300], ['ZZ', 'long_code', false, 100_000], [null, 'long_code', false, 100_000],
  ])('%s %s mms=%s → %i µ$', (country, sender, mms, micros) => expect(unitPrice(country, sender, mms)).toBe(micros));

  it('segments × price per recipient, summed exactly', () => {
    expect(estimateCost([{ country: 'US', segments: 2 }, { country: 'US', segments: 1, count: 999 }, { country: 'GB', segments: 3 }, { country: 'US', segments: 4, mms: true }], 'long_code'))
      .toEqual({ messages: 1002, segments: 1005, costMicros: 2 * 8_300 + 999 * 8_300 + 3 * 46_300 + 22_000, cost: '8.4692', currency: 'USD' });
  });
});
