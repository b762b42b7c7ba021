import { describe, expect, it } from 'vitest';
import { grantState, hoursProblem, maskPayload, maskPhone, permits, strangers, withinHours } from './grant-rules.js';

describe('grant rules', () => {
  it.each([
    [[], 'read', true], [[], 'self', true], [[], 'reply', false], [['reply'], 'reply', true], [['reply'], 'close', false], [['notes', 'close'], 'close', true],
  ] as const)('permissions %j allow %s: %s', (perms, action, ok) => expect(permits(perms, action)).toBe(ok));

  // 2030-01-07 is a Monday. New York is UTC-5 in January.
  const weekdays = [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }];
  it.each([
    ['2030-01-07T14:00:00Z', true], // Mon 09:00 NY: the window opens
    ['2030-01-07T13:59:00Z', false], // Mon 08:59 NY
    ['2030-01-07T21:59:00Z', true], // Mon 16:59 NY
    ['2030-01-07T22:00:00Z', false], // Mon 17:00 NY: closed
    ['2030-01-12T15:00:00Z', false], // Saturday
    ['2030-01-08T03:00:00Z', false], // Mon 22:00 NY, Tue in UTC
  ])('weekday hours in New York at %s: %s', (at, ok) => expect(withinHours(weekdays, 'America/New_York', new Date(at))).toBe(ok));

  it('no windows means any time; several windows any of them; 24:00 ends the day', () => {
    expect(withinHours(null, 'UTC', new Date())).toBe(true);
    expect(withinHours([], 'UTC', new Date())).toBe(true);
    const split = [{ days: [6], from: '00:00', to: '24:00' }, { days: [1], from: '08:00', to: '09:00' }];
    expect(withinHours(split, 'UTC', new Date('2030-01-12T23:59:00Z'))).toBe(true);
    expect(withinHours(split, 'UTC', new Date('2030-01-07T08:30:00Z'))).toBe(true);
    expect(withinHours(split, 'UTC', new Date('2030-01-07T09:00:00Z'))).toBe(false);
  });

  it.each([
    [[{ days: [1], from: '09:00', to: '17:00' }], null],
    [[{ days: [], from: '09:00', to: '17:00' }], 'days'],
    [[{ days: [8], from: '09:00', to: '17:00' }], 'days'],
    [[{ days: [1], from: '9:00', to: '17:00' }], 'times'],
    [[{ days: [1], from: '25:00', to: '26:00' }], 'times'],
    [[{ days: [1], from: '17:00', to: '09:00' }], 'before'],
    [[{ days: [1], from: '09:00', to: '09:00' }], 'before'],
  ])('hours %j: problem %s', (hours, problem) => {
    const p = hoursProblem(hours);
    if (problem === null) expect(p).toBeNull();
    else expect(p).toContain(problem);
  });

  it('grant state: revoked, then expired, then hours', () => {
    const now = new Date('2030-01-12T15:00:00Z');
    expect(grantState({ revokedAt: now, expiresAt: new Date(0), hours: weekdays }, 'UTC', now)).toBe('revoked');
    expect(grantState({ revokedAt: null, expiresAt: now, hours: null }, 'UTC', now)).toBe('expired');
    expect(grantState({ revokedAt: null, expiresAt: new Date(now.getTime() + 1), hours: weekdays }, 'UTC', now)).toBe('outside_hours');
    expect(grantState({ revokedAt: null, expiresAt: null, hours: null }, 'UTC', now)).toBe('active');
  });

  it('masks the named fields wherever they sit, keeps the rest', () => {
    expect(maskPhone('+14155550123')).toBe('+•••••••••23');
    const payload = { data: [{ contact: { phone: '+14155550123', firstName: 'Ana', lastName: null, email: 'a@x.io', fields: { vip: true }, tags: ['x'] }, body: 'hi', to: '+14155550123' }] };
    expect(maskPayload(payload, ['email', 'phone'])).toEqual({ data: [{ contact: { phone: '+•••••••••23', firstName: 'Ana', lastName: null, email: '•••', fields: { vip: true }, tags: ['x'] }, body: 'hi', to: '+•••••••••23' }] });
    expect(maskPayload(payload, ['name', 'fields', 'tags'])).toEqual({ data: [{ contact: { phone: '+14155550123', firstName: '•••', lastName: null, email: 'a@x.io', fields: {}, tags: [] }, body: 'hi', to: '+14155550123' }] });
    expect(maskPayload(payload, [])).toBe(payload);
  });

  // A carrier's refusal is stored as it came (an unmapped Twilio error keeps Twilio's message), and such messages name the number.
  it.each([
    ["The 'To' phone number: +14155550123, is not currently reachable using the 'From' phone number: +12125550100 via SMS.", "The 'To' phone number: +•••••••••23, is not currently reachable using the 'From' phone number: +•••••••••00 via SMS."],
    ['Permission to send an SMS has not been enabled for the region indicated by the "To" number: +447700900123.', 'Permission to send an SMS has not been enabled for the region indicated by the "To" number: +••••••••••23.'],
    ['The "To" number is not a valid phone number (21211).', 'The "To" number is not a valid phone number (21211).'],
    ['Twilio answered HTTP 503 (20500).', 'Twilio answered HTTP 503 (20500).'],
  ])('a masked phone is masked in a message\'s error text too: %s', (errorMessage, masked) => {
    expect(maskPayload({ data: [{ to: '+14155550123', errorMessage }] }, ['phone'])).toEqual({ data: [{ to: '+•••••••••23', errorMessage: masked }] });
    expect(maskPayload({ errorMessage }, ['email'])).toEqual({ errorMessage });
  });

  it("strangers: the ids not the account's own, each once, in the order given", () => {
    expect(strangers(['b', 'x', 'a', 'y', 'x'], new Set(['a', 'b']))).toEqual(['x', 'y']);
    expect(strangers(['a'], new Set(['a']))).toEqual([]);
    expect(strangers([], new Set())).toEqual([]);
  });
});
