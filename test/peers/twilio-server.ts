/**
 * A Twilio-shaped REST server for tests, run as its own process:
 *   node --import tsx test/peers/twilio-server.ts --port 0     → prints `TWILIO_PEER_PORT=<port>`
 *
 * Implements (2010-04-01): Messages.json create, Accounts/{sid}.json, IncomingPhoneNumbers.json
 * (paged), its create (a purchase: PhoneNumber, SmsUrl) and DELETE, AvailablePhoneNumbers/{US|CA}/{Local|TollFree}.json
 * (numbers nobody holds; `available: false` in the reset offers none, other countries 404). Basic auth with the account sid + auth token or an API key sid + secret.
 * Test controls (no timers: everything happens when a test asks):
 *   POST /__admin/reset      {accounts: [{sid, authToken, apiKeys?: {SK…: secret}, status?, numbers?: [{phoneNumber, mms?}]}]}
 *   POST /__admin/faults     {rules: [{to?, times?, kind: 'http'|'hang'|'accept_then_hang'|'accept_then_reset', status?, code?, message?}]}
 *                            (a rule whose `to` is a number for sale applies to its purchase: http refuses it, accept_then_reset buys it and drops the answer;
 *                            one whose `to` is a number the account holds, `http`, refuses its DELETE — the number stays bought)
 *   POST /__admin/down       {down: boolean, after?: n, status?: 503} → an outage: after n more accepted messages, every API
 *                            request (messages, account checks) answers `status` (Twilio code 20500) until {down: false}
 *   GET  /__ledger           {messages: [...], counts: {"<to>|<body>": n}, requests, sendRequests (POSTs to Messages.json), connections (TCP, since reset), maxInFlight}
 *   POST /__admin/callbacks  {sid, statuses: [...], errorCode?, signUrl?, url?} → signed status callbacks, sent in that order
 *   POST /__admin/inbound    {url, signUrl?, accountSid, from, to, body, media?: [{url, contentType}]} → a signed inbound message
 *   POST /__admin/media      {files: {<name>: {contentType, base64}}} → served (as Twilio serves MMS media) at
 *                            /2010-04-01/Accounts/{sid}/Messages/{MM…}/Media/<name> (Basic auth, then a 307 to /__cdn/<name>)
 *   POST /__admin/fetch      {url} → {status, contentType, size, sha256, nosniff} of any URL (e.g. our signed media URL, later)
 * Like Twilio, a create with MediaUrl fetches each medium at once; the ledger lists what it got (`media`).
 * Callbacks are signed with the official `twilio` package's getExpectedTwilioSignature.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';

interface Account { sid: string; authToken: string; apiKeys: Record<string, string>; status: string; available: boolean; numbers: Array<{ sid: string; phoneNumber: string; mms: boolean; smsUrl?: string | null }> }
interface Rule { to?: string; times?: number; kind: 'http' | 'hang' | 'accept_then_hang' | 'accept_then_reset'; status?: number; code?: number; message?: string }
interface Sent { sid: string; accountSid: string; auth: 'auth_token' | 'api_key'; to: string; from: string | null; messagingServiceSid: string | null; body: string; mediaUrls: string[]; statusCallback: string | null; at: string; media?: Fetched[] }
interface Fetched { url: string; status: number; contentType: string | null; size: number; sha256: string; nosniff: boolean }

let accounts = new Map<string, Account>();
let rules: Rule[] = [];
let ledger: Sent[] = [];
let requests = 0;
/** POSTs to Messages.json (send attempts, refused ones too), apart from probes and lookups. */
let sendRequests = 0;
let connections = 0;
let inFlight = 0;
let maxInFlight = 0;
const hanging = new Set<http.ServerResponse>();
let outage: { after: number; status: number } | null = null;

/** Whether the outage answers this request; a message create counts down the `after` still accepted. */
function outageNow(messageCreate: boolean): boolean {
  if (!outage) return false;
  if (messageCreate && outage.after > 0) { outage.after--; return false; }
  return outage.after <= 0;
}
const outageError = (res: http.ServerResponse) => twilioError(res, outage!.status, 20500, 'Service unavailable (test outage)');
let files = new Map<string, { contentType: string; bytes: Buffer }>();

/** Fetches a URL as Twilio fetches MMS media (no redirects followed beyond fetch's own). */
async function fetchMedium(url: string): Promise<Fetched> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    const bytes = Buffer.from(await r.arrayBuffer());
    return { url, status: r.status, contentType: r.headers.get('content-type'), size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), nosniff: r.headers.get('x-content-type-options') === 'nosniff' };
  } catch (err) {
    return { url, status: 0, contentType: null, size: 0, sha256: '', nosniff: false };
  }
}

/** An inbound medium under the account's API path: Basic auth (as with "HTTP auth on media"), then a redirect to the CDN copy. */
function mediaOfAccount(req: http.IncomingMessage, res: http.ServerResponse, accountSid: string, name: string) {
  if (!authenticate(req, accountSid)) return twilioError(res, 401, 20003, 'Authenticate');
  if (!files.has(name)) return twilioError(res, 404, 20404, 'The requested resource was not found');
  res.writeHead(307, { location: `/__cdn/${encodeURIComponent(name)}` });
  res.end();
}

function cdn(res: http.ServerResponse, name: string) {
  const f = files.get(name);
  if (!f) return json(res, 404, { error: 'no such file' });
  res.writeHead(200, { 'content-type': f.contentType, 'content-length': f.bytes.length });
  res.end(f.bytes);
}

const hex = (n: number) => randomBytes(n).toString('hex');
const rfc2822 = (d = new Date()) => d.toUTCString().replace('GMT', '+0000');

function json(res: http.ServerResponse, status: number, body: unknown) {
  const text = status === 204 ? '' : JSON.stringify(body);
  res.writeHead(status, status === 204 ? {} : { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const twilioError = (res: http.ServerResponse, status: number, code: number, message: string) =>
  json(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The account the Basic credentials open, if they match the account in the path. */
function authenticate(req: http.IncomingMessage, accountSid: string): { account: Account; auth: Sent['auth'] } | null {
  const m = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
  if (!m) return null;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  const [user, pass] = [text.slice(0, colon), text.slice(colon + 1)];
  const account = accounts.get(accountSid);
  if (!account) return null;
  if (user === account.sid && pass === account.authToken) return { account, auth: 'auth_token' };
  if (account.apiKeys[user] !== undefined && account.apiKeys[user] === pass) return { account, auth: 'api_key' };
  return null;
}

function takeRule(to: string): Rule | null {
  const i = rules.findIndex((r) => r.to === undefined || r.to === to);
  if (i === -1) return null;
  const r = rules[i];
  if (r.times !== undefined && --r.times <= 0) rules.splice(i, 1);
  return r;
}

/** A purchase's fault: only rules naming the number (`to`) apply to purchases. */
function takePurchaseRule(phoneNumber: string): Rule | null {
  return rules.some((r) => r.to === phoneNumber) ? takeRule(phoneNumber) : null;
}

function messageJson(s: Sent) {
  return {
    account_sid: s.accountSid, api_version: '2010-04-01', body: s.body, date_created: rfc2822(new Date(s.at)), date_sent: null,
    date_updated: rfc2822(new Date(s.at)), direction: 'outbound-api', error_code: null, error_message: null, from: s.from,
    messaging_service_sid: s.messagingServiceSid, num_media: String(s.mediaUrls.length), num_segments: '1', price: null, price_unit: 'USD',
    sid: s.sid, status: s.messagingServiceSid ? 'accepted' : 'queued', to: s.to,
    subresource_uris: { media: `/2010-04-01/Accounts/${s.accountSid}/Messages/${s.sid}/Media.json` },
    uri: `/2010-04-01/Accounts/${s.accountSid}/Messages/${s.sid}.json`,
  };
}

async function createMessage(req: http.IncomingMessage, res: http.ServerResponse, accountSid: string) {
  const raw = await readBody(req);
  requests++;
  sendRequests++;
  inFlight++;
  maxInFlight = Math.max(maxInFlight, inFlight);
  res.on('close', () => { inFlight--; });
  await new Promise((r) => setImmediate(r)); // let concurrent requests overlap, as a remote API would
  const who = authenticate(req, accountSid);
  if (!who) return twilioError(res, 401, 20003, 'Authenticate');
  if (outageNow(true)) return outageError(res);
  const p = new URLSearchParams(raw);
  const to = p.get('To') ?? '';
  const from = p.get('From');
  const mgs = p.get('MessagingServiceSid');
  const body = p.get('Body') ?? '';
  const mediaUrls = p.getAll('MediaUrl');
  if (!to) return twilioError(res, 400, 21604, "A 'To' phone number is required.");
  if (!from && !mgs) return twilioError(res, 400, 21603, "A 'From' phone number is required.");
  if (!body && !mediaUrls.length) return twilioError(res, 400, 21602, 'Message body is required.');
  const rule = takeRule(to);
  if (rule?.kind === 'http') return twilioError(res, rule.status ?? 400, rule.code ?? 21211, rule.message ?? `The 'To' number ${to} is not a valid phone number.`);
  if (rule?.kind === 'hang') { hanging.add(res); return; }
  const sent: Sent = { sid: `${mediaUrls.length ? 'MM' : 'SM'}${hex(16)}`, accountSid, auth: who.auth, to, from, messagingServiceSid: mgs, body, mediaUrls, statusCallback: p.get('StatusCallback'), at: new Date().toISOString() };
  if (mediaUrls.length) sent.media = await Promise.all(mediaUrls.map(fetchMedium));
  ledger.push(sent);
  if (rule?.kind === 'accept_then_hang') { hanging.add(res); return; }
  if (rule?.kind === 'accept_then_reset') { req.socket.destroy(); return; }
  json(res, 201, messageJson(sent));
}

function account(req: http.IncomingMessage, res: http.ServerResponse, accountSid: string) {
  requests++;
  if (outageNow(false)) return outageError(res);
  const who = authenticate(req, accountSid);
  if (!who) return twilioError(res, 401, 20003, 'Authenticate');
  const a = who.account;
  json(res, 200, { sid: a.sid, friendly_name: 'Test account', status: a.status, type: 'Full', owner_account_sid: a.sid, date_created: rfc2822(), date_updated: rfc2822(), uri: `/2010-04-01/Accounts/${a.sid}.json` });
}

function listNumbers(req: http.IncomingMessage, res: http.ServerResponse, accountSid: string, url: URL) {
  requests++;
  const who = authenticate(req, accountSid);
  if (!who) return twilioError(res, 401, 20003, 'Authenticate');
  const size = Math.min(Number(url.searchParams.get('PageSize') ?? 50), 3); // small pages: tests exercise paging
  const page = Number(url.searchParams.get('Page') ?? 0);
  const only = url.searchParams.get('PhoneNumber'); // Twilio's exact-match filter
  const all = only ? who.account.numbers.filter((n) => n.phoneNumber === only) : who.account.numbers;
  const slice = all.slice(page * size, page * size + size);
  const base = `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers.json`;
  const more = (page + 1) * size < all.length;
  json(res, 200, {
    first_page_uri: `${base}?PageSize=${size}&Page=0`, end: page * size + slice.length - 1, page, page_size: size, start: page * size,
    previous_page_uri: page > 0 ? `${base}?PageSize=${size}&Page=${page - 1}` : null, uri: `${base}?PageSize=${size}&Page=${page}`,
    next_page_uri: more ? `${base}?PageSize=${size}&Page=${page + 1}&PageToken=PA${hex(16)}` : null,
    incoming_phone_numbers: slice.map((n) => ({ account_sid: accountSid, sid: n.sid, phone_number: n.phoneNumber, friendly_name: n.phoneNumber, sms_url: n.smsUrl ?? null, capabilities: { sms: true, mms: n.mms, voice: true, fax: false }, status: 'in-use', api_version: '2010-04-01' })),
  });
}

/** Numbers for sale: ones no account of the peer holds, in the country's format (US/CA only, like a small inventory). */
function availableNumbers(req: http.IncomingMessage, res: http.ServerResponse, accountSid: string, country: string, kind: string, url: URL) {
  requests++;
  const who = authenticate(req, accountSid);
  if (!who) return twilioError(res, 401, 20003, 'Authenticate');
  if (!['US', 'CA'].includes(country) || !['Local', 'TollFree'].includes(kind)) return twilioError(res, 404, 20404, 'The requested resource was not found');
  const held = new Set([...accounts.values()].flatMap((a) => a.numbers.map((n) => n.phoneNumber)));
  const size = Math.min(Number(url.searchParams.get('PageSize') ?? 50), 50);
  const offered: string[] = [];
  for (let i = 0; who.account.available && offered.length < size && i < 10_000; i++) {
    const p = `${kind === 'TollFree' ? '+1833' : country === 'CA' ? '+1416' : '+1512'}555${String(1000 + ((i * 7919) % 9000)).padStart(4, '0')}`;
    if (!held.has(p) && !offered.includes(p)) offered.push(p);
  }
  json(res, 200, {
    uri: url.pathname + url.search, page: 0, page_size: size, start: 0, end: offered.length - 1,
    available_phone_numbers: offered.map((p) => ({ phone_number: p, friendly_name: p, iso_country: country, capabilities: { voice: true, SMS: true, MMS: kind === 'Local', fax: false } })),
  });
}

/** A purchase: the number joins the account (400 21422 when someone holds it already). */
async function buyNumber(req: http.IncomingMessage, res: http.ServerResponse, accountSid: string) {
  requests++;
  const who = authenticate(req, accountSid);
  if (!who) return twilioError(res, 401, 20003, 'Authenticate');
  const form = new URLSearchParams(await readBody(req));
  const phoneNumber = form.get('PhoneNumber') ?? '';
  if (!/^\+\d{8,15}$/.test(phoneNumber)) return twilioError(res, 400, 21421, 'PhoneNumber is invalid');
  if ([...accounts.values()].some((a) => a.numbers.some((n) => n.phoneNumber === phoneNumber))) return twilioError(res, 400, 21422, 'PhoneNumber requested is not available');
  const rule = takePurchaseRule(phoneNumber);
  if (rule?.kind === 'http') return twilioError(res, rule.status ?? 500, rule.code ?? 20500, rule.message ?? 'Internal server error');
  const n = { sid: `PN${hex(16)}`, phoneNumber, mms: !phoneNumber.startsWith('+1833'), smsUrl: form.get('SmsUrl') };
  who.account.numbers.push(n);
  if (rule?.kind === 'accept_then_reset') { req.socket.destroy(); return; } // bought, the answer lost
  json(res, 201, { account_sid: accountSid, sid: n.sid, phone_number: n.phoneNumber, friendly_name: n.phoneNumber, sms_url: n.smsUrl, sms_method: form.get('SmsMethod') ?? 'POST', capabilities: { sms: true, mms: n.mms, voice: true, fax: false }, status: 'in-use', api_version: '2010-04-01' });
}

function releaseNumber(req: http.IncomingMessage, res: http.ServerResponse, accountSid: string, sid: string) {
  requests++;
  const who = authenticate(req, accountSid);
  if (!who) return twilioError(res, 401, 20003, 'Authenticate');
  const i = who.account.numbers.findIndex((n) => n.sid === sid);
  if (i === -1) return twilioError(res, 404, 20404, 'The requested resource was not found');
  const rule = takePurchaseRule(who.account.numbers[i].phoneNumber);
  if (rule?.kind === 'http') return twilioError(res, rule.status ?? 500, rule.code ?? 20500, rule.message ?? 'Internal server error');
  who.account.numbers.splice(i, 1);
  json(res, 204, null);
}

/** POSTs a form signed as Twilio does; answers the receiver's status and body. */
async function postSigned(url: string, signUrl: string, authToken: string, params: Record<string, string>) {
  const signature = getExpectedTwilioSignature(authToken, signUrl, params);
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(params).toString() });
  return { status: r.status, body: await r.text() };
}

async function callbacks(body: { sid: string; statuses: string[]; errorCode?: string; url?: string; signUrl?: string }) {
  const s = ledger.find((m) => m.sid === body.sid);
  if (!s) return { error: 'unknown sid' };
  const url = body.url ?? s.statusCallback;
  if (!url) return { error: 'no StatusCallback' };
  const results = [];
  for (const status of body.statuses) {
    const params: Record<string, string> = { AccountSid: s.accountSid, ApiVersion: '2010-04-01', MessageSid: s.sid, SmsSid: s.sid, MessageStatus: status, SmsStatus: status, To: s.to };
    if (s.from) params.From = s.from;
    if (s.messagingServiceSid) params.MessagingServiceSid = s.messagingServiceSid;
    if ((status === 'failed' || status === 'undelivered') && body.errorCode) params.ErrorCode = body.errorCode;
    results.push({ messageStatus: status, ...(await postSigned(url, body.signUrl ?? url, accounts.get(s.accountSid)!.authToken, params)) });
  }
  return { results };
}

async function inbound(body: { url: string; signUrl?: string; accountSid: string; from: string; to: string; body: string; media?: Array<{ url: string; contentType: string }> }) {
  const sid = `${body.media?.length ? 'MM' : 'SM'}${hex(16)}`;
  const params: Record<string, string> = {
    ToCountry: 'US', ToState: 'NY', SmsMessageSid: sid, NumMedia: String(body.media?.length ?? 0), ToCity: '', FromZip: '', SmsSid: sid, FromState: 'CA',
    SmsStatus: 'received', FromCity: '', Body: body.body, FromCountry: 'US', To: body.to, ToZip: '', NumSegments: '1', MessageSid: sid,
    AccountSid: body.accountSid, From: body.from, ApiVersion: '2010-04-01',
  };
  (body.media ?? []).forEach((m, i) => { params[`MediaUrl${i}`] = m.url; params[`MediaContentType${i}`] = m.contentType; });
  return { sid, ...(await postSigned(body.url, body.signUrl ?? body.url, accounts.get(body.accountSid)!.authToken, params)) };
}

function reset(cfg: { accounts?: Array<{ sid: string; authToken: string; apiKeys?: Record<string, string>; status?: string; available?: boolean; numbers?: Array<{ phoneNumber: string; mms?: boolean }> }> }) {
  for (const r of hanging) r.destroy();
  hanging.clear();
  accounts = new Map((cfg.accounts ?? []).map((a) => [a.sid, {
    sid: a.sid, authToken: a.authToken, apiKeys: a.apiKeys ?? {}, status: a.status ?? 'active', available: a.available ?? true,
    numbers: (a.numbers ?? []).map((n) => ({ sid: `PN${hex(16)}`, phoneNumber: n.phoneNumber, mms: n.mms ?? true })),
  }]));
  rules = [];
  outage = null;
  ledger = [];
  files = new Map();
  requests = 0;
  sendRequests = 0;
  connections = 0;
  maxInFlight = 0;
}

function ledgerJson() {
  const counts: Record<string, number> = {};
  for (const m of ledger) counts[`${m.to}|${m.body}`] = (counts[`${m.to}|${m.body}`] ?? 0) + 1;
  return { messages: ledger, counts, requests, sendRequests, connections, maxInFlight };
}

async function admin(req: http.IncomingMessage, res: http.ServerResponse, path: string) {
  if (req.method === 'GET' && path === '/__ledger') return json(res, 200, ledgerJson());
  const body = JSON.parse((await readBody(req)) || '{}');
  if (path === '/__admin/reset') { reset(body); return json(res, 200, { ok: true }); }
  if (path === '/__admin/faults') { rules = body.rules ?? []; return json(res, 200, { ok: true }); }
  if (path === '/__admin/down') { outage = body.down ? { after: Number(body.after ?? 0), status: Number(body.status ?? 503) } : null; return json(res, 200, { ok: true }); }
  if (path === '/__admin/callbacks') return json(res, 200, await callbacks(body));
  if (path === '/__admin/inbound') return json(res, 200, await inbound(body));
  if (path === '/__admin/media') {
    for (const [name, f] of Object.entries(body.files ?? {}) as Array<[string, { contentType: string; base64: string }]>) files.set(name, { contentType: f.contentType, bytes: Buffer.from(f.base64, 'base64') });
    return json(res, 200, { ok: true });
  }
  if (path === '/__admin/fetch') return json(res, 200, await fetchMedium(body.url));
  json(res, 404, { error: 'no such admin endpoint' });
}

const ROUTES: Array<[string, RegExp, (req: http.IncomingMessage, res: http.ServerResponse, m: RegExpExecArray, url: URL) => unknown]> = [
  ['POST', /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/, (q, s, m) => createMessage(q, s, m[1])],
  ['GET', /^\/2010-04-01\/Accounts\/([^/]+)\.json$/, (q, s, m) => account(q, s, m[1])],
  ['GET', /^\/2010-04-01\/Accounts\/([^/]+)\/IncomingPhoneNumbers\.json$/, (q, s, m, u) => listNumbers(q, s, m[1], u)],
  ['POST', /^\/2010-04-01\/Accounts\/([^/]+)\/IncomingPhoneNumbers\.json$/, (q, s, m) => buyNumber(q, s, m[1])],
  ['GET', /^\/2010-04-01\/Accounts\/([^/]+)\/AvailablePhoneNumbers\/([^/]+)\/([^/]+)\.json$/, (q, s, m, u) => availableNumbers(q, s, m[1], m[2], m[3], u)],
  ['DELETE', /^\/2010-04-01\/Accounts\/([^/]+)\/IncomingPhoneNumbers\/([^/]+)\.json$/, (q, s, m) => releaseNumber(q, s, m[1], m[2])],
  ['GET', /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/[^/]+\/Media\/([^/]+)$/, (q, s, m) => mediaOfAccount(q, s, m[1], decodeURIComponent(m[2]))],
];

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? '/', 'http://peer');
    if (req.method === 'GET' && url.pathname.startsWith('/__cdn/')) return cdn(res, decodeURIComponent(url.pathname.slice('/__cdn/'.length)));
    if (url.pathname.startsWith('/__')) return await admin(req, res, url.pathname);
    for (const [method, re, handler] of ROUTES) {
      const m = re.exec(url.pathname);
      if (m && req.method === method) return await handler(req, res, m, url);
    }
    twilioError(res, 404, 20404, 'The requested resource was not found');
  } catch (err) {
    json(res, 500, { code: 20500, message: (err as Error).message, more_info: 'https://www.twilio.com/docs/errors/20500', status: 500 });
  }
});
server.keepAliveTimeout = 5_000;
server.on('connection', () => { connections++; });

const portArg = process.argv.indexOf('--port');
server.listen(portArg === -1 ? 0 : Number(process.argv[portArg + 1]), '127.0.0.1', () => {
  process.stdout.write(`TWILIO_PEER_PORT=${(server.address() as { port: number }).port}\n`);
});
process.on('SIGTERM', () => { for (const r of hanging) r.destroy(); server.close(); server.closeAllConnections(); process.exit(0); });
