/**
 * The form Twilio posts to a number's SMS URL when a text arrives (pure), field for field:
 * the message SID three times (MessageSid, SmsSid, SmsMessageSid), AccountSid, From/To, Body,
 * NumMedia with MediaUrlN/MediaContentTypeN, NumSegments, SmsStatus, ApiVersion and the
 * geography Twilio adds (country always; state for North American numbers; city and ZIP empty,
 * as Twilio sends them when it does not know). MessagingServiceSid only when the number is in one.
 */
import { analysePhone } from '../../lib/phone.js';
import { nanpInfo } from '../contacts/area-codes.js';

export interface InboundFacts {
  messageSid: string;
  accountSid: string;
  messagingServiceSid: string | null;
  from: string;
  to: string;
  body: string;
  segments: number;
  media: Array<{ url: string; contentType: string }>;
}

export const API_VERSION = '2010-04-01';

function place(e164: string) {
  const p = analysePhone(e164, 'US');
  const country = 'problem' in p ? '' : p.country ?? '';
  const region = nanpInfo(e164)?.region ?? ''; // 'US-NY' → 'NY'
  return { Country: country, State: region.includes('-') ? region.slice(region.indexOf('-') + 1) : region, City: '', Zip: '' };
}

export function inboundForm(f: InboundFacts): Record<string, string> {
  const form: Record<string, string> = {
    ToCountry: '', ToState: '', SmsMessageSid: f.messageSid, NumMedia: String(f.media.length), ToCity: '', FromZip: '', SmsSid: f.messageSid,
    FromState: '', SmsStatus: 'received', FromCity: '', Body: f.body, FromCountry: '', To: f.to, ToZip: '', NumSegments: String(f.segments),
    MessageSid: f.messageSid, AccountSid: f.accountSid, From: f.from, ApiVersion: API_VERSION,
  };
  for (const [k, v] of Object.entries(place(f.from))) form[`From${k}`] = v;
  for (const [k, v] of Object.entries(place(f.to))) form[`To${k}`] = v;
  if (f.messagingServiceSid) form.MessagingServiceSid = f.messagingServiceSid;
  f.media.forEach((m, i) => {
    form[`MediaContentType${i}`] = m.contentType;
    form[`MediaUrl${i}`] = m.url;
  });
  return form;
}

/** application/x-www-form-urlencoded, as Twilio sends it. */
export const encodeForm = (form: Record<string, string>) => new URLSearchParams(form).toString();
