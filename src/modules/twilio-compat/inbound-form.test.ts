import { describe, expect, it } from 'vitest';
import { encodeForm, inboundForm } from './inbound-form.js';

import type { InboundFacts } from './inbound-form.js';

const base: InboundFacts = { messageSid: 'SM' + 'a'.repeat(32), accountSid: 'AC' + 'b'.repeat(32), messagingServiceSid: null, from: '+12125550170', to: '+14155550100', body: 'Hi there', segments: 1, media: [] };

describe('inboundForm (Twilio inbound SMS parameters)', () => {
  it('carries the SID three times, the parties, body, counts, status, version and geography', () => {
    const f = inboundForm(base);
    expect(f).toMatchObject({
      MessageSid: base.messageSid, SmsSid: base.messageSid, SmsMessageSid: base.messageSid, AccountSid: base.accountSid,
      From: '+12125550170', To: '+14155550100', Body: 'Hi there', NumMedia: '0', NumSegments: '1', SmsStatus: 'received', ApiVersion: '2010-04-01',
      FromCountry: 'US', FromState: 'NY', ToCountry: 'US', ToState: 'CA', FromCity: '', FromZip: '', ToCity: '', ToZip: '',
    });
    expect(f).not.toHaveProperty('MessagingServiceSid');
    expect(Object.keys(f).some((k) => k.startsWith('MediaUrl'))).toBe(false);
  });

  const cases: Array<[string, Partial<InboundFacts>, Record<string, string>]> = [
    ['media numbered from 0', { media: [{ url: 'https://m.example/1', contentType: 'image/jpeg' }, { url: 'https://m.example/2', contentType: 'image/png' }] },
      { NumMedia: '2', MediaUrl0: 'https://m.example/1', MediaContentType0: 'image/jpeg', MediaUrl1: 'https://m.example/2', MediaContentType1: 'image/png' }],
    ['a messaging service', { messagingServiceSid: 'MG' + 'c'.repeat(32) }, { MessagingServiceSid: 'MG' + 'c'.repeat(32) }],
    ['a number outside North America', { from: '+33612345678' }, { FromCountry: 'FR', FromState: '' }],
    ['a Canadian number', { from: '+14165550123' }, { FromCountry: 'CA', FromState: 'ON' }],
  ];
  it.each(cases)('%s', (_n, input, expected) => {
    expect(inboundForm({ ...base, ...input })).toMatchObject(expected);
  });

  it('encodes as a form (spaces, plus signs and unicode survive a decode)', () => {
    const encoded = encodeForm(inboundForm({ ...base, body: 'a+b & c = ü 😀' }));
    expect(new URLSearchParams(encoded).get('Body')).toBe('a+b & c = ü 😀');
    expect(new URLSearchParams(encoded).get('From')).toBe('+12125550170');
  });
});
