import { describe, expect, it } from 'vitest';
import { formatMicros, listPrice, parseMicros, priceIndex, priceLines, resolvePrice, usageLines, type PriceEntry, type PriceKey } from './pricing.js';
import { isPrepaid } from './credits.service.js';
import { statementCsv, statementLines, statementNumber, monthBounds } from './statement.js';
import type { Ctx } from '../../context.js';

const book: PriceEntry[] = [
  { country: 'US', senderType: 'long_code', unit: 'sms', priceMicros: 7_900 },
  { country: 'US', senderType: '*', unit: 'mms', priceMicros: 20_000 },
  { country: '*', senderType: 'toll_free', unit: 'sms', priceMicros: 50_000 },
  { country: '*', senderType: '*', unit: 'number_month', priceMicros: 1_000_000 },
];
const overrides: PriceEntry[] = [
  { country: 'US', senderType: '*', unit: 'sms', priceMicros: 5_000 },
  { country: '*', senderType: '*', unit: 'inbound_sms', priceMicros: 0 },
];

describe('resolvePrice: override → book → list, exact country/type before wildcards', () => {
  const cases: Array<[string, PriceKey, boolean, number, string]> = [
    ['book exact', { country: 'US', senderType: 'long_code', unit: 'sms' }, false, 7_900, 'book'],
    ['override beats book', { country: 'US', senderType: 'long_code', unit: 'sms' }, true, 5_000, 'override'],
    ['book country wildcard type', { country: 'US', senderType: 'short_code', unit: 'mms' }, true, 20_000, 'book'],
    ['book wildcard country', { country: 'GB', senderType: 'toll_free', unit: 'sms' }, true, 50_000, 'book'],
    ['book any/any', { country: 'DE', senderType: 'long_code', unit: 'number_month' }, false, 1_000_000, 'book'],
    ['override zero is a price', { country: 'GB', senderType: 'long_code', unit: 'inbound_sms' }, true, 0, 'override'],
    ['list price: GB SMS', { country: 'GB', senderType: 'long_code', unit: 'sms' }, false, 46_300, 'list'],
    ['list price: unknown country', { country: 'ZZ', senderType: 'long_code', unit: 'sms' }, false, 100_000, 'list'],
    ['list price: US inbound', { country: 'US', senderType: 'long_code', unit: 'inbound_sms' }, false, 8_300, 'list'],
    ['list price: toll-free number-month', { country: 'US', senderType: 'toll_free', unit: 'number_month' }, true, 1_000_000, 'book'],
    ['list price: MMS without MMS price falls back to SMS', { country: 'GB', senderType: 'long_code', unit: 'mms' }, false, 46_300, 'list'],
  ];
  for (const [name, key, withOverrides, price, source] of cases) {
    it(name, () => {
      expect(resolvePrice(key, priceIndex(book), priceIndex(withOverrides ? overrides : []))).toEqual({ priceMicros: price, source });
    });
  }
  it('list prices of number-months by type', () => {
    expect([listPrice({ country: 'US', senderType: 'long_code', unit: 'number_month' }), listPrice({ country: 'US', senderType: 'toll_free', unit: 'number_month' })]).toEqual([1_150_000, 2_150_000]);
  });
});

describe('usageLines and priceLines', () => {
  it('groups by country and unit: segments for SMS, one per MMS', () => {
    const lines = usageLines([
      { country: 'US', segments: 1, mms: false }, { country: 'US', segments: 3, mms: false }, { country: 'US', segments: 2, mms: true }, { country: 'CA', segments: 1, mms: false },
    ], 'outbound');
    expect(lines).toEqual([{ country: 'US', unit: 'sms', quantity: 4 }, { country: 'US', unit: 'mms', quantity: 1 }, { country: 'CA', unit: 'sms', quantity: 1 }]);
    expect(usageLines([{ country: 'US', segments: 2, mms: false }, { country: 'US', segments: 1, mms: true }], 'inbound')).toEqual([
      { country: 'US', unit: 'inbound_sms', quantity: 2 }, { country: 'US', unit: 'inbound_mms', quantity: 1 }]);
    const priced = priceLines(lines, 'long_code', priceIndex(book), priceIndex(overrides));
    expect(priced.map((l) => l.amountMicros)).toEqual([4 * 5_000, 20_000, 8_300]);
  });
});

describe('money', () => {
  const fmt: Array<[number, number, string]> = [[8_300, 4, '0.0083'], [0, 2, '0.00'], [-16_600, 4, '-0.0166'], [1_234_567_891, 6, '1234.567891'], [5_000_000, 2, '5.00'], [49, 4, '0.0000'], [-49, 4, '0.0000']];
  for (const [m, p, s] of fmt) it(`formatMicros(${m}, ${p}) = ${s}`, () => expect(formatMicros(m, p)).toBe(s));
  const parse: Array<[string, number | null]> = [['25', 25_000_000], ['0.0083', 8_300], ['1.5', 1_500_000], ['-2.25', -2_250_000], ['1.1234567', null], ['1e3', null], ['', null], [' 3.00 ', 3_000_000]];
  for (const [s, m] of parse) it(`parseMicros(${JSON.stringify(s)}) = ${m}`, () => expect(parseMicros(s)).toBe(m));
});

describe('who is prepaid', () => {
  const ctx = (mode: 'off' | 'prepaid') => ({ config: { billingMode: mode } }) as unknown as Ctx;
  const cases: Array<['off' | 'prepaid', boolean | null | undefined, boolean]> = [
    ['off', undefined, false], ['off', null, false], ['off', true, true], ['prepaid', undefined, true], ['prepaid', null, true], ['prepaid', false, false],
  ];
  for (const [mode, setting, out] of cases) {
    it(`BILLING_MODE=${mode}, account setting ${setting}: ${out}`, () => expect(isPrepaid(ctx(mode), setting === undefined ? null : { prepaid: setting })).toBe(out));
  }
});

describe('statements', () => {
  it('folds counters into lines (stable order, unit price when exact) and writes CSV with formula-safe cells', () => {
    const lines = statementLines([
      { unit: 'number_month', country: 'US', sender_type: 'long_code', quantity: 1, amount_micros: 1_150_000 },
      { unit: 'sms', country: 'US', sender_type: 'long_code', quantity: 3, amount_micros: 24_900 },
      { unit: 'sms', country: 'US', sender_type: 'long_code', quantity: 1, amount_micros: 10_001 },
      { unit: 'sms', country: 'CA', sender_type: 'long_code', quantity: 2, amount_micros: 16_600 },
    ]);
    expect(lines).toEqual([
      { unit: 'sms', country: 'CA', senderType: 'long_code', quantity: 2, unitPriceMicros: 8_300, amountMicros: 16_600 },
      { unit: 'sms', country: 'US', senderType: 'long_code', quantity: 4, unitPriceMicros: null, amountMicros: 34_901 },
      { unit: 'number_month', country: 'US', senderType: 'long_code', quantity: 1, unitPriceMicros: 1_150_000, amountMicros: 1_150_000 },
    ]);
    const csv = statementCsv({ accountId: 'acct_x', accountName: '=HYPERLINK("x")', month: '2026-11', periodStart: '2026-11-01', periodEnd: '2026-11-30', currency: 'USD', final: true, lines,
      usageTotalMicros: 1_201_500, payments: [{ at: new Date('2026-11-03T00:00:00Z'), provider: 'manual', reference: '=cmd', amountMicros: 10_000_000 }], paymentsTotalMicros: 10_000_000,
      openingBalanceMicros: 0, closingBalanceMicros: 8_798_500, prepaid: true, status: 'issued', number: 'WM-202611-ABC', issuedAt: new Date('2026-12-01T01:21:00Z') });
    expect(csv.split('\r\n')[1]).toBe('statement,Statement WM-202611-ABC issued 2026-12-01,,,,,,USD');
    expect(csv.split('\r\n')[2]).toBe('usage,SMS segments sent,CA,long_code,2,0.008300,0.016600,USD');
    expect(csv).toContain('payment,Top-up (manual =cmd) 2026-11-03');
    expect(csv).toContain('balance,Closing balance,,,,,8.798500,USD');
  });
  it.each([
    ['2026-11', 'acct_01m8r2qb3xesjb6gfd5721a0pa', 'WM-202611-FD5721A0PA'],
    ['2027-01', 'acct_x', 'WM-202701-X'],
  ])('statement number of %s for %s: %s', (month, account, number) => {
    expect(statementNumber(month, account)).toBe(number);
  });
  it('labels a preview in its CSV, with no number', () => {
    const csv = statementCsv({ accountId: 'acct_x', accountName: 'A', month: '2026-12', periodStart: '2026-12-01', periodEnd: '2026-12-31', currency: 'USD', final: false, lines: [],
      usageTotalMicros: 0, payments: [], paymentsTotalMicros: 0, openingBalanceMicros: 0, closingBalanceMicros: 0, prepaid: false, status: 'preview', number: null, issuedAt: null });
    expect(csv.split('\r\n')[1]).toBe('statement,"Preview: month in progress, not an invoice (amounts change until the month closes)",,,,,,USD');
  });
  it('month bounds', () => {
    expect(monthBounds('2026-12')).toMatchObject({ startDay: '2026-12-01', endDay: '2027-01-01' });
    expect(monthBounds('2026-13')).toBeNull();
  });
});
