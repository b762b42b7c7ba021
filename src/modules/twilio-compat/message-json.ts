/**
 * Twilio's Message resource and list page (pure): field names, string counts, RFC 2822 dates
 * ("Mon, 30 Nov 2026 20:10:00 +0000"), SIDs, URIs and statuses as Twilio writes them.
 */
import { OUR_TO_TWILIO } from './errors.js';
import { sidOf } from './sids.js';

export const API_VERSION = '2010-04-01';

export interface MessageFacts {
  id: string;
  direction: string;
  from: string;
  to: string;
  body: string;
  status: string;
  errorCode: string | null;
  errorMessage: string | null;
  segments: number;
  media: unknown[] | null;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
}

/** RFC 2822, as Twilio dates its resources. */
export const rfc2822 = (d: Date | null) => (d ? d.toUTCString().replace(/ GMT$/, ' +0000') : null);

/** Our statuses are Twilio's words (accepted … canceled, received); anything else reads as queued. */
const TWILIO_STATUSES = new Set(['accepted', 'scheduled', 'queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'canceled', 'received', 'receiving', 'read']);
export const twilioStatus = (ours: string) => (TWILIO_STATUSES.has(ours) ? ours : 'queued');

/** Twilio's numeric error code for the error recorded on a message (null when none). */
export function twilioErrorCode(ours: string | null, status: string): number | null {
  if (!ours) return null;
  const carrier = /^twilio_(\d{5})$/.exec(ours);
  if (carrier) return Number(carrier[1]);
  const mapped = OUR_TO_TWILIO[ours]?.code;
  if (mapped) return mapped;
  return status === 'failed' || status === 'undelivered' ? 30008 : null;
}

export const messagesUri = (accountSid: string) => `/${API_VERSION}/Accounts/${accountSid}/Messages`;

export function messageJson(accountSid: string, m: MessageFacts, messagingServiceSid: string | null) {
  const sid = sidOf('SM', m.id);
  const uri = `${messagesUri(accountSid)}/${sid}`;
  return {
    account_sid: accountSid,
    api_version: API_VERSION,
    body: m.body,
    date_created: rfc2822(m.createdAt),
    date_sent: rfc2822(m.sentAt),
    date_updated: rfc2822(m.updatedAt),
    direction: m.direction === 'inbound' ? 'inbound' : 'outbound-api',
    error_code: twilioErrorCode(m.errorCode, m.status),
    error_message: m.errorCode ? m.errorMessage ?? m.errorCode : null,
    from: m.from,
    messaging_service_sid: messagingServiceSid,
    num_media: String(m.media?.length ?? 0),
    num_segments: String(m.segments),
    price: null,
    price_unit: 'USD',
    sid,
    status: twilioStatus(m.status),
    subresource_uris: { media: `${uri}/Media.json`, feedback: `${uri}/Feedback.json` },
    to: m.to,
    uri: `${uri}.json`,
  };
}

/** A list page: Twilio's paging keys around `messages`. `query` is the list's filters (without paging); the tokens name the neighbouring pages (null: none). */
export function messagePage(accountSid: string, items: ReturnType<typeof messageJson>[], p: {
  page: number; pageSize: number; query: URLSearchParams; nextToken: string | null; previousToken: string | null;
}) {
  const base = `${messagesUri(accountSid)}.json`;
  const uriWith = (page: number, token: string | null) => {
    const q = new URLSearchParams(p.query);
    q.set('PageSize', String(p.pageSize));
    q.set('Page', String(page));
    if (token) q.set('PageToken', token);
    return `${base}?${q.toString()}`;
  };
  const start = p.page * p.pageSize;
  return {
    first_page_uri: uriWith(0, null),
    end: start + Math.max(items.length - 1, 0),
    messages: items,
    next_page_uri: p.nextToken ? uriWith(p.page + 1, p.nextToken) : null,
    page: p.page,
    page_size: p.pageSize,
    // Before the page's first message (a token: where the list is now); by offset only past the list's end, where there is no first message.
    previous_page_uri: p.previousToken ? uriWith(Math.max(p.page - 1, 0), p.previousToken) : p.page > 0 && !items.length ? uriWith(p.page - 1, null) : null,
    start,
    uri: uriWith(p.page, null),
  };
}
