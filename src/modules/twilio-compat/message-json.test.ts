import { describe, expect, it } from 'vitest';
import { messageJson, messagePage, rfc2822, twilioErrorCode, twilioStatus } from './message-json.js';
import { statusCallbackForm } from './status-callbacks.service.js';

const AC = 'AC' + 'a'.repeat(32);
const row = {
  id: '0190a5b2-7c1d-7e3f-8a9b-0c1d2e3f4a5b', direction: 'outbound', from: '+14155550100', to: '+12125550101', body: 'hi', status: 'delivered',
  errorCode: null, errorMessage: null, segments: 2, media: null, createdAt: new Date('2026-11-30T20:10:05Z'), updatedAt: new Date('2026-11-30T20:10:07Z'), sentAt: null,
};

describe('Twilio Message JSON', () => {
  it('dates as RFC 2822 with +0000', () => {
    expect(rfc2822(new Date('2026-11-30T20:10:05Z'))).toBe('Mon, 30 Nov 2026 20:10:05 +0000');
    expect(rfc2822(null)).toBeNull();
  });
  const codes: Array<[string | null, string, number | null]> = [
    [null, 'delivered', null],
    ['twilio_30003', 'undelivered', 30003],
    ['recipient_opted_out', 'canceled', 21610],
    ['carrier_said_no', 'failed', 30008],
    ['something', 'canceled', null],
  ];
  it.each(codes)('error %s (%s) → %s', (ours, status, twilio) => expect(twilioErrorCode(ours, status)).toBe(twilio));
  it('statuses are Twilio words', () => {
    for (const s of ['accepted', 'scheduled', 'queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'canceled', 'received']) expect(twilioStatus(s)).toBe(s);
  });
  it('has the resource fields', () => {
    const j = messageJson(AC, row, null);
    expect(j).toMatchObject({
      sid: 'SM0190a5b27c1d7e3f8a9b0c1d2e3f4a5b', account_sid: AC, api_version: '2010-04-01', num_segments: '2', num_media: '0', direction: 'outbound-api',
      date_created: 'Mon, 30 Nov 2026 20:10:05 +0000', date_sent: null, price: null, price_unit: 'USD', messaging_service_sid: null,
      uri: `/2010-04-01/Accounts/${AC}/Messages/SM0190a5b27c1d7e3f8a9b0c1d2e3f4a5b.json`,
    });
  });
  it('pages keep the filters and link the next page by token', () => {
    const p = messagePage(AC, [], { page: 1, pageSize: 2, query: new URLSearchParams({ To: '+1212' }), nextToken: 'PAxyz', previousToken: null });
    expect(p.next_page_uri).toBe(`/2010-04-01/Accounts/${AC}/Messages.json?To=%2B1212&PageSize=2&Page=2&PageToken=PAxyz`);
    expect(p.previous_page_uri).toBe(`/2010-04-01/Accounts/${AC}/Messages.json?To=%2B1212&PageSize=2&Page=0`);
    expect(p.first_page_uri).toBe(`/2010-04-01/Accounts/${AC}/Messages.json?To=%2B1212&PageSize=2&Page=0`);
  });
  it('links the previous page by token (PB…), never by offset once the page has messages', () => {
    const m = messageJson(AC, row, null);
    const back = messagePage(AC, [m], { page: 2, pageSize: 2, query: new URLSearchParams(), nextToken: null, previousToken: 'PBabc' });
    expect(back.previous_page_uri).toBe(`/2010-04-01/Accounts/${AC}/Messages.json?PageSize=2&Page=1&PageToken=PBabc`);
    expect(messagePage(AC, [m], { page: 2, pageSize: 2, query: new URLSearchParams(), nextToken: null, previousToken: null }).previous_page_uri).toBeNull();
    // Walked back past Page 0 (texts arrived since): the page number stays 0.
    expect(messagePage(AC, [m], { page: 0, pageSize: 2, query: new URLSearchParams(), nextToken: 'PAx', previousToken: 'PBy' }).previous_page_uri)
      .toBe(`/2010-04-01/Accounts/${AC}/Messages.json?PageSize=2&Page=0&PageToken=PBy`);
  });
  it('status callback form', () => {
    const f = statusCallbackForm({ messageId: row.id, accountSid: AC, from: row.from, to: row.to, status: 'undelivered', errorCode: 'twilio_30005', serviceSid: null });
    expect(f).toEqual({
      MessageSid: 'SM0190a5b27c1d7e3f8a9b0c1d2e3f4a5b', SmsSid: 'SM0190a5b27c1d7e3f8a9b0c1d2e3f4a5b', AccountSid: AC, From: row.from, To: row.to,
      MessageStatus: 'undelivered', SmsStatus: 'undelivered', ApiVersion: '2010-04-01', ErrorCode: '30005',
    });
  });
});
