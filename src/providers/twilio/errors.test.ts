import { describe, expect, it } from 'vitest';
import { mapDeliveryError, mapSubmitError } from './errors.js';

describe('Twilio submit errors → our codes', () => {
  it.each([
    // [twilio code, http status, our code, transient]
    [21211, 400, 'invalid_recipient', false],
    [21610, 400, 'recipient_opted_out', false],
    [21614, 400, 'not_mobile', false],
    [21606, 400, 'invalid_sender', false],
    [21408, 400, 'region_not_enabled', false],
    [21602, 400, 'empty_body', false],
    [21617, 400, 'body_too_long', false],
    [30007, 400, 'carrier_filtered', false],
    [20003, 401, 'auth_failed', true],
    [null, 401, 'auth_failed', true],
    [20429, 429, 'throttled', true],
    [null, 429, 'throttled', true],
    [null, 500, 'carrier_unavailable', true],
    [20500, 503, 'carrier_unavailable', true],
    [21211, 500, 'carrier_unavailable', true], // a 5xx is transient whatever the body says
    [99999, 400, 'twilio_99999', false],
    [null, 404, 'http_404', false],
  ] as const)('%s (HTTP %s) → %s, transient %s', (code, status, ours, transient) => {
    const m = mapSubmitError(code, status, 'x');
    expect(m.code).toBe(ours);
    expect(m.transient).toBe(transient);
    expect(m.message).toBeTruthy();
  });

  it('keeps Twilio\'s message for an unknown code', () => {
    expect(mapSubmitError(21999, 400, 'Something specific').message).toBe('Something specific');
  });
});

describe('Twilio delivery errors (status callbacks) → our codes', () => {
  it.each([
    ['30003', 'unreachable'],
    ['30004', 'blocked'],
    ['30005', 'unknown_destination'],
    ['30006', 'landline_or_unreachable_carrier'],
    ['30007', 'carrier_filtered'],
    ['30008', 'unknown_error'],
    ['21610', 'recipient_opted_out'],
    ['30099', 'twilio_30099'],
    ['', undefined],
    ['0', undefined],
    [undefined, undefined],
    ['3x<y>', 'twilio_3xy'],
  ])('%s → %s', (code, ours) => {
    expect(mapDeliveryError(code)).toBe(ours);
  });
});
