import { describe, expect, it } from 'vitest';
import { countHeaderColumns, detectMapping, resolveMapping } from './mapping.js';

describe('detectMapping', () => {
  const fields = [{ key: 'loyalty_tier', label: 'Loyalty tier' }];
  it.each([
    [['Phone Number', 'First Name', 'Last Name', 'E-mail', 'Tags'], [], { phone: 0, firstName: 1, lastName: 2, email: 3, tags: 4 }],
    [['Name', 'Mobile', 'SMS Opt-In', 'Loyalty Tier'], [], { fullName: 0, phone: 1, consent: 2, fields: { loyalty_tier: 3 } }],
    [['cell', 'surname', 'given name', 'Time Zone', 'notes'], [], { phone: 0, lastName: 1, firstName: 2, timeZone: 3, notes: 4 }],
    [['col1', 'col2'], [['Ann', '(415) 555-0100'], ['Bob', '+44 20 7946 0958'], ['Cy', '415.555.0101']], { phone: 1 }],
    [['a', 'b'], [['x', 'y']], { phone: null }],
  ])('%j', (headers, samples, expected) => {
    expect(detectMapping(headers, samples, fields)).toMatchObject(expected);
  });
});

describe('resolveMapping', () => {
  const headers = ['Phone', 'First', 'Tier'];
  it('accepts header names (any case/spacing) and indexes', () => {
    expect(resolveMapping({ phone: 'phone', firstName: 1, fields: { tier: 'TIER' } }, headers)).toEqual({ mapping: { phone: 0, firstName: 1, fields: { tier: 2 } } });
  });
  it('reports unknown columns', () => {
    expect(resolveMapping({ phone: 'Mobile' }, headers)).toEqual({ error: 'unknown_column', column: 'Mobile' });
    expect(resolveMapping({ phone: 7 }, headers)).toEqual({ error: 'unknown_column', column: '7' });
  });
});

describe('countHeaderColumns', () => {
  async function* texts(...parts: string[]) { yield* parts; }
  it.each([
    [['a,b,c\n1,2,3,4,5'], 3],
    [['a,"b,c",d\r\n'], 3],
    [['a,"multi\nline",c\nx'], 3],
    [['a,b', ',c,', 'd\ne,f'], 4],
    [['a;b;c'], 3],
  ])('%j → %i', async (parts, n) => expect(await countHeaderColumns(texts(...parts), parts[0].includes(';') ? ';' : ',', 1000)).toBe(n));
  it('stops after maxChars', async () => expect(await countHeaderColumns(texts('a,b,', 'c,d,', 'e,f'), ',', 5)).toBe(5));
});
