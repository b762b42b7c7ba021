import { describe, expect, it } from 'vitest';
import { isIsoDate, isIsoDateTime } from './dates.js';

describe('dates the API accepts', () => {
  const dates: Array<[string, boolean]> = [
    ['2024-02-29', true], ['2023-02-29', false], ['2024-02-30', false], ['2024-04-31', false], ['1000-01-01', true], ['9999-12-31', true],
    ['0999-12-31', false], ['0000-01-01', false], ['+275760-09-13', false], ['-271821-04-20', false], ['2024-1-1', false], ['20240101', false],
  ];
  it.each(dates)('date %s → %s', (v, ok) => expect(isIsoDate(v)).toBe(ok));

  const times: Array<[unknown, boolean]> = [
    ['2030-01-01T10:00:00Z', true], ['2030-01-01T10:00:00.123+05:30', true], ['2024-02-30T10:00:00Z', false],
    ['0000-01-01T00:00:00Z', false], ['+275760-09-13T00:00:00.000Z', false], ['-271821-04-20T00:00:00.000Z', false],
    ['1000-01-01T00:30:00+01:00', false], ['9999-12-31T23:59:59Z', true], ['9999-12-31T23:59:60Z', false], ['2030-01-01', false], [123, false],
  ];
  it.each(times)('date-time %s → %s', (v, ok) => expect(isIsoDateTime(v)).toBe(ok));
});
