import { describe, expect, it } from 'vitest';
import { consentValue, mapRecord } from './rows.js';
import type { Mapping } from './mapping.js';

const headers = ['Phone', 'Name', 'Email', 'Tags', 'TZ', 'Visits', 'Opt-in'];
const mapping: Mapping = { phone: 0, fullName: 1, email: 2, tags: 3, timeZone: 4, consent: 6, fields: { visits: 5 } };
const defs = [{ key: 'visits', type: 'number' as const, choices: [] }];
const map = (record: string[]) => mapRecord(record, 7, headers, mapping, defs);

describe('mapRecord', () => {
  it('maps a full row', () => {
    expect(map(['(415) 555-0100', 'Ada King Lovelace', 'ada@example.com', 'vip; new', 'Europe/London', '3', 'yes'])).toEqual({
      row: 7, phoneRaw: '(415) 555-0100', firstName: 'Ada', lastName: 'King Lovelace', email: 'ada@example.com', tags: ['vip', 'new'],
      timeZone: 'Europe/London', notes: null, fields: { visits: 3 }, consent: 'in',
    });
  });
  it.each([
    [['', 'Ann', '', '', '', '', ''], { reason: 'missing_phone', column: 'Phone' }],
    [['4155550100', 'Ann', 'not-an-email', '', '', '', ''], { reason: 'invalid_email', column: 'Email', value: 'not-an-email' }],
    [['4155550100', 'Ann', '', '', 'Mars/Base', '', ''], { reason: 'invalid_time_zone', column: 'TZ' }],
    [['4155550100', 'Ann', '', '', '', 'lots', ''], { reason: 'invalid_field_value', column: 'Visits', value: 'lots' }],
    [['4155550100', 'Ann', '', '', '', '', '', 'extra', 'cells'], { reason: 'ragged_row' }],
  ])('%j → %o', (record, expected) => expect(map(record)).toMatchObject({ row: 7, ...expected }));

  it('accepts short rows (missing trailing cells) and ignores trailing empty cells', () => {
    expect(map(['4155550100'])).toMatchObject({ phoneRaw: '4155550100', firstName: null, tags: [] });
    expect(map(['4155550100', 'A', '', '', '', '', '', '', ''])).toMatchObject({ phoneRaw: '4155550100' });
  });
  it('skips blank rows', () => expect(map(['', ' ', ''])).toBeNull());
  it('refuses a row over 1 MB', () => expect(map(['4155550100', 'x'.repeat(1_000_001)])).toMatchObject({ reason: 'row_too_large' }));
  it('refuses a row wider than the column limit', () => {
    expect(map(['4155550100', ...Array(1000).fill('')])).toMatchObject({ reason: 'too_many_columns', value: '1001 cells; the limit is 1000' });
  });
  it('reports a cell with bytes that were not UTF-8, showing the Windows-1252 reading', () => {
    expect(map(['4155550100', 'Ren\ufdd0ée'])).toEqual({ row: 7, column: 'Name', reason: 'invalid_encoding', value: 'Renée' });
    expect(map(['4155550100', 'Ren\ufdd0ée', 'a\u0000'])).toMatchObject({ reason: 'invalid_characters' }); // no NUL echoed
  });
  it('refuses a row with a NUL or an unpaired surrogate, without echoing the value', () => {
    expect(map(['4155550100', 'Ma\u0000ry'])).toEqual({ row: 7, column: 'Name', reason: 'invalid_characters' });
    expect(map(['4155550100', '\ud800'])).toMatchObject({ reason: 'invalid_characters' });
    expect(map(['4155550100', 'a\ufdd1b'])).toEqual({ row: 7, column: 'Name', reason: 'invalid_characters' }); // a UTF-16 file's broken surrogate
  });
});

describe('consentValue', () => {
  it.each([
    ['Yes', 'in'], ['TRUE', 'in'], ['opted-in', 'in'], ['Subscribed', 'in'], ['1', 'in'],
    ['STOP', 'out'], ['Unsubscribed', 'out'], ['opted out', 'out'],
    ['no', null], ['', null], ['maybe', null],
  ])('%s → %s', (raw, expected) => expect(consentValue(raw)).toBe(expected));
});
