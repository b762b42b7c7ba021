import { describe, expect, it } from 'vitest';
import { OUR_TO_TWILIO, toTwilioError, twilioErrorBody } from './errors.js';

describe("our error codes → Twilio's", () => {
  const cases: Array<[string, number, number, number]> = [
    // our code, our HTTP status, Twilio code, Twilio HTTP status
    ['invalid_phone', 422, 21211, 400],
    ['landline_number', 422, 21614, 400],
    ['recipient_opted_out', 422, 21610, 400],
    ['destination_country_not_allowed', 422, 21408, 400],
    ['empty_body', 422, 21602, 400],
    ['body_too_long', 422, 21617, 400],
    ['unknown_sender', 422, 21606, 400],
    ['media_url_not_allowed', 422, 21620, 400],
    ['media_fetch_failed', 422, 21620, 400],
    ['media_something_new', 422, 21620, 400],
    ['send_at_in_past', 422, 35114, 400],
    ['not_scheduled', 409, 30409, 400],
    ['message_in_flight', 409, 20009, 400],
    ['not_found', 404, 20404, 404],
    ['unauthenticated', 401, 20003, 401],
    ['an_unknown_404', 404, 20404, 404],
    ['an_unknown_conflict', 409, 20001, 400],
    ['an_unknown_crash', 500, 20500, 500],
  ];
  it.each(cases)('%s (%i) → %i (%i)', (code, status, twilioCode, twilioStatus) => {
    const e = toTwilioError({ status, code, message: 'words' });
    expect([e.code, e.status, e.message]).toEqual([twilioCode, twilioStatus, 'words']);
  });
  it('every table entry is a Twilio 4xx code of five digits', () => {
    for (const [ours, t] of Object.entries(OUR_TO_TWILIO)) {
      expect(String(t.code), ours).toMatch(/^\d{5}$/);
      expect(t.status >= 400 && t.status < 500, ours).toBe(true);
    }
  });
  it("has Twilio's body shape", () => {
    expect(twilioErrorBody({ status: 400, code: 21211, message: 'm' })).toEqual({ code: 21211, message: 'm', more_info: 'https://www.twilio.com/docs/errors/21211', status: 400 });
  });
});
