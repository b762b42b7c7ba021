import { getExpectedTwilioSignature, validateRequest } from 'twilio/lib/webhooks/webhooks.js';
import { describe, expect, it } from 'vitest';
import { WebhookRejected, type ConnectionContext, type WebhookRequest } from '../carrier.js';
import { twilioKind } from './index.js';
import { parseForm, portVariants } from './signature.js';

const AC = 'AC' + '1'.repeat(32);
const TOKEN = 'auth-token-0123456789abcdef';
const SM = 'SM' + 'a'.repeat(32);
const URL_STATUS = 'https://texts.example.com/webhooks/twilio/pc_1/status';
const URL_INBOUND = 'https://texts.example.com/webhooks/twilio/pc_1/inbound?v=2&x=a%20b';

const ctx = (credentials: Record<string, string> = { accountSid: AC, authToken: TOKEN }): ConnectionContext => ({
  connectionId: 'pc_1', accountId: 'acct_1', kind: 'twilio', credentials, settings: {},
  webhookUrls: { status: URL_STATUS, inbound: URL_INBOUND },
});

type Params = Record<string, string | string[]>;
const encode = (p: Params) => {
  const f = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) for (const x of Array.isArray(v) ? v : [v]) f.append(k, x);
  return f.toString();
};
const request = (url: string, body: string, signature: string | undefined, method = 'POST'): WebhookRequest => ({
  url, method, rawBody: Buffer.from(body), headers: signature === undefined ? {} : { 'x-twilio-signature': signature },
});
/** Signed by the official package for `signUrl`, received at `url`. */
const signed = (p: Params, url: string, signUrl = url, token = TOKEN) => request(url, encode(p), getExpectedTwilioSignature(token, signUrl, p));
const parse = (req: WebhookRequest, which: 'status' | 'inbound' = 'status', c = ctx()) => twilioKind.parseWebhook!(req, c, which);
const rejected = (fn: () => unknown) => {
  try { fn(); } catch (e) { expect(e).toBeInstanceOf(WebhookRejected); return (e as WebhookRejected).reason; }
  throw new Error('accepted');
};

const status = (s: string, extra: Params = {}): Params => ({ AccountSid: AC, ApiVersion: '2010-04-01', MessageSid: SM, SmsSid: SM, MessageStatus: s, SmsStatus: s, From: '+15550001111', To: '+15550002222', ...extra });

describe('X-Twilio-Signature: accepts exactly what the twilio package signs', () => {
  const cases: Array<[string, string, string]> = [
    ['same URL', URL_STATUS, URL_STATUS],
    ['signed with :443, received without', URL_STATUS, 'https://texts.example.com:443/webhooks/twilio/pc_1/status'],
    ['signed without port, received with :443', 'https://texts.example.com:443/webhooks/twilio/pc_1/status', URL_STATUS],
    ['http with :80', 'http://texts.example.com/hook', 'http://texts.example.com:80/hook'],
    ['a custom port', 'https://texts.example.com:8443/hook?x=1', 'https://texts.example.com:8443/hook?x=1'],
    ['with a query string', URL_INBOUND, URL_INBOUND],
  ];
  it.each(cases)('%s', (_n, url, signUrl) => {
    const p = status('delivered');
    const req = signed(p, url, signUrl);
    expect(validateRequest(TOKEN, String(req.headers['x-twilio-signature']), url, p)).toBe(true);
    expect(parse(req)).toHaveLength(1);
  });

  it('agrees on bodies with unicode, emoji, +, & and = and repeated names', () => {
    const p: Params = { ...status('sent'), Body: 'Café 😀 a+b & c=d %41', Extra: ['2', '1', '2'] };
    const req = signed(p, URL_STATUS);
    expect(parseForm(req.rawBody)).toEqual(p);
    expect(validateRequest(TOKEN, String(req.headers['x-twilio-signature']), URL_STATUS, p)).toBe(true);
    expect(parse(req)).toHaveLength(1);
  });

  const p = status('delivered');
  const good = getExpectedTwilioSignature(TOKEN, URL_STATUS, p);
  const altered: Array<[string, WebhookRequest, Params, string]> = [
    ['a changed parameter', request(URL_STATUS, encode({ ...p, MessageStatus: 'failed' }), good), { ...p, MessageStatus: 'failed' }, URL_STATUS],
    ['an added parameter', request(URL_STATUS, encode({ ...p, ErrorCode: '30003' }), good), { ...p, ErrorCode: '30003' }, URL_STATUS],
    ['a removed parameter', request(URL_STATUS, encode({ ...p, To: undefined as unknown as string }).replace(/&?To=undefined/, ''), good), Object.fromEntries(Object.entries(p).filter(([k]) => k !== 'To')), URL_STATUS],
    ['another path', request(URL_STATUS.replace('pc_1', 'pc_2'), encode(p), good), p, URL_STATUS.replace('pc_1', 'pc_2')],
    ['another host', request(URL_STATUS.replace('texts.', 'evil.'), encode(p), good), p, URL_STATUS.replace('texts.', 'evil.')],
    ['an added query', request(URL_STATUS + '?a=1', encode(p), good), p, URL_STATUS + '?a=1'],
    ['another scheme', request(URL_STATUS.replace('https', 'http'), encode(p), good), p, URL_STATUS.replace('https', 'http')],
    ['another token', request(URL_STATUS, encode(p), getExpectedTwilioSignature('other-token', URL_STATUS, p)), p, URL_STATUS],
    ['a truncated signature', request(URL_STATUS, encode(p), good.slice(0, -2)), p, URL_STATUS],
    ['an empty signature', request(URL_STATUS, encode(p), ''), p, URL_STATUS],
  ];
  it.each(altered)('refuses %s (and validateRequest agrees)', (_n, req, params, url) => {
    expect(validateRequest(TOKEN, String(req.headers['x-twilio-signature'] ?? ''), url, params)).toBe(false);
    expect(['bad_signature', 'missing_signature']).toContain(rejected(() => parse(req)));
  });

  it('refuses a missing header, a GET, a non-SHA1 algorithm and a connection without a token', () => {
    expect(rejected(() => parse(request(URL_STATUS, encode(p), undefined)))).toBe('missing_signature');
    expect(rejected(() => parse({ ...signed(p, URL_STATUS), method: 'GET' }))).toBe('malformed');
    const sha256 = signed(p, URL_STATUS);
    sha256.headers['x-twilio-webhooks-signature-settings'] = 'key=k,algorithm=HMAC_SHA256';
    expect(rejected(() => parse(sha256))).toBe('bad_signature');
    expect(rejected(() => parse(signed(p, URL_STATUS), 'status', ctx({ accountSid: AC, apiKeySid: 'SK' + '2'.repeat(32), apiKeySecret: 's' })))).toBe('bad_signature');
  });

  it('API-key connections verify with webhookAuthToken', () => {
    const c = ctx({ accountSid: AC, apiKeySid: 'SK' + '2'.repeat(32), apiKeySecret: 's', webhookAuthToken: TOKEN });
    expect(parse(signed(p, URL_STATUS), 'status', c)).toHaveLength(1);
  });

  it('refuses a callback naming another Twilio account, and an undecodable body', () => {
    expect(rejected(() => parse(signed({ ...p, AccountSid: 'AC' + '9'.repeat(32) }, URL_STATUS)))).toBe('malformed');
    const bad = request(URL_STATUS, 'MessageSid=%E0%A4%A', getExpectedTwilioSignature(TOKEN, URL_STATUS, {}));
    expect(rejected(() => parse(bad))).toBe('malformed');
  });

  it.each([
    ['https://h.example/p', ['https://h.example/p', 'https://h.example:443/p']],
    ['https://h.example:443/p?q=1', ['https://h.example/p?q=1', 'https://h.example:443/p?q=1']],
    ['http://u:pw@[::1]:80/p', ['http://u:pw@[::1]/p', 'http://u:pw@[::1]:80/p']],
  ])('port variants of %s', (url, want) => expect(portVariants(url)).toEqual(want));
});

describe('status callbacks → receipts', () => {
  it.each([
    ['queued', null], ['sending', null], ['accepted', null], ['scheduled', null], ['partially_delivered', null],
    ['sent', 'sent'], ['delivered', 'delivered'], ['read', 'delivered'], ['undelivered', 'undelivered'], ['failed', 'failed'],
  ])('%s → %s', (s, want) => {
    const events = parse(signed(status(s), URL_STATUS));
    if (want === null) return expect(events).toEqual([]);
    expect(events).toEqual([{ kind: 'receipt', receipt: { accountId: 'acct_1', connectionId: 'pc_1', provider: 'twilio', providerMessageId: SM, status: want } }]);
  });

  it.each([['30003', 'unreachable'], ['30007', 'carrier_filtered'], ['30008', 'unknown_error'], ['31234', 'twilio_31234']])('ErrorCode %s → %s', (code, ours) => {
    const [e] = parse(signed(status('undelivered', { ErrorCode: code }), URL_STATUS));
    expect(e.kind === 'receipt' && e.receipt).toMatchObject({ status: 'undelivered', errorCode: ours });
  });

  it.each([
    ['no MessageSid', { MessageSid: '', SmsSid: '' }],
    ['a MessageSid that is not a sid', { MessageSid: 'SM123', SmsSid: 'SM123' }],
    ['an unknown status', { MessageStatus: 'exploded', SmsStatus: 'exploded' }],
    ['a repeated MessageStatus', { MessageStatus: ['sent', 'delivered'], SmsStatus: ['sent', 'delivered'] }],
  ])('refuses %s as malformed (signature valid)', (_n, extra) => {
    expect(rejected(() => parse(signed(status('delivered', extra as Params), URL_STATUS)))).toBe('malformed');
  });
});

describe('inbound messages', () => {
  const inbound = (extra: Params = {}): Params => ({
    AccountSid: AC, ApiVersion: '2010-04-01', MessageSid: SM, SmsSid: SM, SmsMessageSid: SM, SmsStatus: 'received',
    From: '+15550002222', To: '+15550001111', Body: 'Hello 👋', NumMedia: '0', NumSegments: '1', ...extra,
  });

  it('a text', () => {
    expect(parse(signed(inbound(), URL_INBOUND), 'inbound')).toEqual([{ kind: 'inbound', message: {
      accountId: 'acct_1', connectionId: 'pc_1', providerMessageId: SM, from: '+15550002222', to: '+15550001111', body: 'Hello 👋',
    } }]);
  });

  it('media (MMS), with and without a body', () => {
    const mm = 'MM' + 'b'.repeat(32);
    const p = inbound({ MessageSid: mm, SmsSid: mm, Body: '', NumMedia: '2',
      MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/${AC}/Messages/${mm}/Media/ME1`, MediaContentType0: 'image/jpeg',
      MediaUrl1: `https://api.twilio.com/2010-04-01/Accounts/${AC}/Messages/${mm}/Media/ME2`, MediaContentType1: 'image/png' });
    const [e] = parse(signed(p, URL_INBOUND), 'inbound');
    expect(e.kind === 'inbound' && e.message).toMatchObject({ body: '', providerMessageId: mm, media: [
      { url: p.MediaUrl0, contentType: 'image/jpeg' }, { url: p.MediaUrl1, contentType: 'image/png' },
    ] });
  });

  it.each([
    ['no From', { From: '' }],
    ['NumMedia not a number', { NumMedia: 'two' }],
    ['NumMedia too large', { NumMedia: '11' }],
    ['a missing MediaUrl', { NumMedia: '1' }],
    ['a MediaUrl that is not a URL', { NumMedia: '1', MediaUrl0: 'javascript:alert(1)' }],
    ['a status callback sent to the inbound URL', { SmsStatus: 'delivered', MessageStatus: 'delivered' }],
  ])('refuses %s as malformed', (_n, extra) => {
    expect(rejected(() => parse(signed(inbound(extra), URL_INBOUND), 'inbound'))).toBe('malformed');
  });
});
