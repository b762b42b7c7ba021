/**
 * The simulated carrier: an HTTP server shaped like Twilio's REST API (2010-04-01), run as a
 * process of its own (main.ts) or, for the embedded default, as a separate loopback server in
 * the same process. West Message reaches it only through this protocol.
 *
 *   POST   /2010-04-01/Accounts.json                       sub-account (Basic auth: the main account) → {sid, auth_token}
 *   GET    /2010-04-01/Accounts/{AC}.json                  the account (connection test)
 *   POST   /2010-04-01/Accounts/{AC}.json                  update FriendlyName, SmsUrl and Sim* outcome settings
 *   POST   /2010-04-01/Accounts/{AC}/Messages.json         send (To, From, Body, StatusCallback); an
 *          `Idempotency-Key` header (our message id) makes a resend the same message (same sid, counted once)
 *   GET    /2010-04-01/Accounts/{AC}/Messages/{SM}.json
 *   GET    /2010-04-01/Accounts/{AC}/IncomingPhoneNumbers.json
 *   POST   /2010-04-01/Accounts/{AC}/IncomingPhoneNumbers[/TollFree|/ShortCode].json   provision (SmsUrl)
 *   DELETE /2010-04-01/Accounts/{AC}/IncomingPhoneNumbers/{PN}.json
 *   POST   /2010-04-01/Accounts/{AC}/SimulatedInbound.json a customer's text (From, To, Body, MessageSid?): delivered
 *          now as a signed inbound webhook to the number's (else the account's) SmsUrl; answers {sid, status, body} of that call
 *
 * After the latency, each accepted message's final status is POSTed to its StatusCallback, signed
 * like Twilio (X-Twilio-Signature with the account's auth token); a callback that fails is tried
 * again with backoff. With `testControl`: POST /__sim/settings, POST /__sim/flush (report every
 * due receipt now, waiting for them), GET /__sim/ledger.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { expectedSignature } from '../twilio/signature.js';
import { DEFAULT_SIM_SETTINGS, SimLedger, type SimAccount, type SimMessage, type SimSettings } from './ledger.js';

const API = '/2010-04-01';
const MAX_BODY = 64 * 1024;
const hex = (n: number) => randomBytes(n).toString('hex');
/** A number in [0, 1) derived from a reference: outcomes repeat for the same message. */
const fraction = (reference: string, salt: string) => createHash('sha256').update(`${salt}:${reference}`).digest().readUInt32BE(0) / 2 ** 32;
/** The main account's sid follows from its token: the simulator and its client need to share one secret. */
export const mainAccountSid = (authToken: string) => `AC${createHash('sha256').update(`simulator-main:${authToken}`).digest('hex').slice(0, 32)}`;

export interface SimulatorServerOptions {
  /** Where the ledger is kept (append-only file); null: memory only (tests, benchmarks). */
  dataDir: string | null;
  /** The main account's auth token: it creates sub-accounts. */
  authToken: string;
  settings?: Partial<SimSettings>;
  testControl?: boolean;
  /** How often due receipts are looked for. */
  sweepMs?: number;
}

class Reply extends Error {
  constructor(readonly status: number, readonly body: unknown) { super('reply'); }
}
const twilioError = (status: number, code: number, message: string) =>
  new Reply(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

function json(res: http.ServerResponse, status: number, body: unknown) {
  const text = status === 204 ? '' : JSON.stringify(body);
  res.writeHead(status, status === 204 ? {} : { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw twilioError(413, 20001, 'Request too large.');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export class SimulatorServer {
  readonly ledger: SimLedger;
  settings: SimSettings;
  private readonly server: http.Server;
  private readonly mainSid: string;
  private attempt = 0;
  private readonly agents = { http: new http.Agent({ keepAlive: true, maxSockets: 64, timeout: 4_000 }), https: new https.Agent({ keepAlive: true, maxSockets: 64, timeout: 4_000 }) };
  private sweeper: NodeJS.Timeout | null = null;
  private sweeping: Promise<number> | null = null;
  private again = false;
  /** Failed callbacks wait until then (sid → ms). */
  private readonly retryAt = new Map<string, { at: number; tries: number }>();
  private readonly hanging = new Set<http.ServerResponse>();

  constructor(private readonly opts: SimulatorServerOptions) {
    this.ledger = new SimLedger(opts.dataDir);
    this.settings = { ...DEFAULT_SIM_SETTINGS, ...opts.settings };
    this.mainSid = mainAccountSid(opts.authToken);
    const main = this.ledger.accounts.get(this.mainSid);
    if (!main || main.authToken !== opts.authToken) {
      this.ledger.putAccount({ sid: this.mainSid, authToken: opts.authToken, friendlyName: 'Main account', parentSid: null, status: 'active', smsUrl: null, settings: {} });
    }
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5_000;
  }

  /** Listens (port 0: any free port) and starts reporting receipts; answers the base URL. */
  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const sweepMs = this.opts.sweepMs ?? 50;
    this.sweeper = setInterval(() => void this.sweep(), sweepMs);
    return this.url;
  }

  get url() {
    const a = this.server.address() as AddressInfo;
    return `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`;
  }

  /** The embedded server must not keep a process alive on its own. */
  unref() {
    this.server.unref();
    this.sweeper?.unref();
  }

  async close() {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    for (const r of this.hanging) r.destroy();
    await this.sweeping?.catch(() => 0);
    await new Promise<void>((r) => { this.server.close(() => r()); this.server.closeAllConnections(); });
    this.agents.http.destroy();
    this.agents.https.destroy();
    await this.ledger.close();
  }

  // ---- HTTP ----

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    try {
      const url = new URL(req.url ?? '/', 'http://sim');
      const path = url.pathname;
      if (path === '/healthz') return json(res, 200, { ok: true });
      if (path.startsWith('/__sim/') && this.opts.testControl) return json(res, 200, await this.control(req, path));
      let m: RegExpExecArray | null;
      if (path === `${API}/Accounts.json` && req.method === 'POST') return json(res, 201, this.accountJson(await this.createAccount(req)));
      if ((m = /^\/2010-04-01\/Accounts\/([^/]+)(\.json|\/.+)$/.exec(path))) {
        const account = this.authenticate(req, m[1]);
        return await this.accountRoute(req, res, account, m[2], url);
      }
      throw twilioError(404, 20404, 'The requested resource was not found');
    } catch (err) {
      if (err instanceof Reply) return json(res, err.status, err.body);
      json(res, 500, { code: 20500, message: (err as Error).message, status: 500 });
    }
  }

  private async accountRoute(req: http.IncomingMessage, res: http.ServerResponse, a: SimAccount, rest: string, url: URL) {
    const method = req.method ?? 'GET';
    if (rest === '.json' && method === 'GET') return json(res, 200, this.accountJson(a));
    if (rest === '.json' && method === 'POST') return json(res, 200, this.accountJson(this.updateAccount(a, new URLSearchParams(await readBody(req)))));
    if (rest === '/Messages.json' && method === 'POST') return this.createMessage(req, res, a);
    let m: RegExpExecArray | null;
    if ((m = /^\/Messages\/([^/]+)\.json$/.exec(rest)) && method === 'GET') {
      const msg = this.ledger.messages.get(m[1]);
      if (!msg || msg.accountSid !== a.sid) throw twilioError(404, 20404, 'The requested resource was not found');
      return json(res, 200, this.messageJson(msg));
    }
    if (rest === '/IncomingPhoneNumbers.json' && method === 'GET') return json(res, 200, this.numbersJson(a, url));
    if ((m = /^\/IncomingPhoneNumbers(|\/Local|\/TollFree|\/ShortCode)\.json$/.exec(rest)) && method === 'POST') {
      const type = m[1] === '/TollFree' ? 'toll_free' : m[1] === '/ShortCode' ? 'short_code' : 'long_code';
      return json(res, 201, this.numberJson(this.provision(a, type, new URLSearchParams(await readBody(req)))));
    }
    if ((m = /^\/IncomingPhoneNumbers\/([^/]+)\.json$/.exec(rest)) && method === 'DELETE') {
      const n = this.ledger.numbers.get(m[1]);
      if (!n || n.accountSid !== a.sid || n.released) throw twilioError(404, 20404, 'The requested resource was not found');
      this.ledger.putNumber({ ...n, released: true });
      return json(res, 204, null);
    }
    if (rest === '/SimulatedInbound.json' && method === 'POST') return json(res, 200, await this.inbound(a, new URLSearchParams(await readBody(req))));
    throw twilioError(404, 20404, 'The requested resource was not found');
  }

  /** Basic auth: the account's own sid + token, or the main account's for its sub-accounts. */
  private authenticate(req: http.IncomingMessage, accountSid: string): SimAccount {
    const m = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
    const text = m ? Buffer.from(m[1], 'base64').toString('utf8') : '';
    const colon = text.indexOf(':');
    const [user, pass] = colon === -1 ? ['', ''] : [text.slice(0, colon), text.slice(colon + 1)];
    const account = this.ledger.accounts.get(accountSid);
    const as = this.ledger.accounts.get(user);
    const ok = account && as && same(pass, as.authToken) && (as.sid === account.sid || account.parentSid === as.sid);
    if (!ok) throw twilioError(401, 20003, 'Authenticate');
    return account;
  }

  private async createAccount(req: http.IncomingMessage): Promise<SimAccount> {
    const main = this.authenticate(req, this.mainSid);
    const p = new URLSearchParams(await readBody(req));
    const a: SimAccount = { sid: `AC${hex(16)}`, authToken: hex(16), friendlyName: (p.get('FriendlyName') ?? 'Sub-account').slice(0, 64), parentSid: main.sid, status: 'active', smsUrl: null, settings: {} };
    return this.updateAccount(a, p);
  }

  private updateAccount(a: SimAccount, p: URLSearchParams): SimAccount {
    const next: SimAccount = { ...a, settings: { ...a.settings } };
    if (p.has('FriendlyName')) next.friendlyName = (p.get('FriendlyName') ?? '').slice(0, 64);
    if (p.has('SmsUrl')) next.smsUrl = validUrl(p.get('SmsUrl'));
    const num = (name: string, max: number) => {
      if (!p.has(name)) return undefined;
      const v = p.get(name);
      if (v === '' || v === null) return null;
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0 || n > max) throw twilioError(400, 21200, `${name} must be a number from 0 to ${max}.`);
      return n;
    };
    for (const [param, key, max] of [['SimLatencyMs', 'latencyMs', 600_000], ['SimUndeliveredRate', 'undeliveredRate', 1], ['SimFailedRate', 'failedRate', 1]] as const) {
      const v = num(param, max);
      if (v === null) delete next.settings[key];
      else if (v !== undefined) next.settings[key] = v;
    }
    this.ledger.putAccount(next);
    return next;
  }

  private accountJson(a: SimAccount) {
    return {
      sid: a.sid, friendly_name: a.friendlyName, status: a.status, type: 'Full', owner_account_sid: a.parentSid ?? a.sid,
      auth_token: a.authToken, uri: `${API}/Accounts/${a.sid}.json`,
    };
  }

  private settingsOf(a: SimAccount): SimSettings {
    return { ...this.settings, ...a.settings };
  }

  /** The submission fault for this attempt, if any (counted per call, so a retry can pass). */
  private fault(key: string): Reply | 'hang' | null {
    const s = this.settings;
    if (!s.timeoutRate && !s.throttleRate && !s.serverErrorRate) return null;
    const r = fraction(key, `fault:${this.attempt++}`);
    if (r < s.timeoutRate) return 'hang';
    if (r < s.timeoutRate + s.throttleRate) return twilioError(429, 20429, 'Too Many Requests');
    if (r < s.timeoutRate + s.throttleRate + s.serverErrorRate) return twilioError(503, 20503, 'Service Unavailable');
    return null;
  }

  private async createMessage(req: http.IncomingMessage, res: http.ServerResponse, a: SimAccount) {
    const p = new URLSearchParams(await readBody(req));
    const keyHeader = req.headers['idempotency-key'];
    const reference = typeof keyHeader === 'string' && keyHeader.length > 0 && keyHeader.length <= 200 ? keyHeader : null;
    const to = p.get('To') ?? '';
    const from = p.get('From') ?? p.get('MessagingServiceSid') ?? '';
    const body = p.get('Body') ?? '';
    if (!to) throw twilioError(400, 21604, "A 'To' phone number is required.");
    if (!from) throw twilioError(400, 21603, "A 'From' phone number is required.");
    if (!body) throw twilioError(400, 21602, 'Message body is required.');
    if (p.getAll('MediaUrl').length) throw twilioError(400, 21620, 'The simulator does not carry media (MMS).');
    if (body.length > 1600) throw twilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    const fault = this.fault(reference ?? hex(8));
    if (fault === 'hang') {
      // The request is taken and never answered (nothing recorded): the client's deadline decides.
      this.hanging.add(res);
      res.on('close', () => this.hanging.delete(res));
      setTimeout(() => res.destroy(), 60_000).unref();
      return;
    }
    if (fault) throw fault;
    const existing = reference ? this.ledger.messages.get(this.ledger.byReference.get(`${a.sid}:${reference}`) ?? '') : undefined;
    if (existing) {
      this.ledger.resubmitted(existing);
      return json(res, 201, this.messageJson(existing));
    }
    const sid = reference ? `SM${createHash('md5').update(reference).digest('hex')}` : `SM${hex(16)}`;
    const statusCallback = validUrl(p.get('StatusCallback'));
    // Sub-millisecond: tests compare arrivals with our database's clock (the same machine's).
    const m = this.ledger.accept({ sid, accountSid: a.sid, reference, from, to, body, statusCallback, acceptedAt: performance.timeOrigin + performance.now() });
    if (this.settingsOf(a).latencyMs === 0) this.kick();
    json(res, 201, this.messageJson(m));
  }

  private outcomeOf(m: SimMessage): { status: 'delivered' | 'undelivered' | 'failed'; errorCode?: string } {
    const s = this.settingsOf(this.ledger.accounts.get(m.accountSid)!);
    const x = fraction(m.reference ?? m.sid, 'outcome');
    if (x < s.failedRate) return { status: 'failed', errorCode: '30008' };
    if (x < s.failedRate + s.undeliveredRate) return { status: 'undelivered', errorCode: '30003' };
    return { status: 'delivered' };
  }

  private messageJson(m: SimMessage) {
    const status = m.reported ? this.outcomeOf(m).status : 'queued';
    const at = new Date(m.acceptedAt).toUTCString().replace('GMT', '+0000');
    return {
      sid: m.sid, account_sid: m.accountSid, api_version: '2010-04-01', to: m.to, from: m.from, body: m.body, status, num_segments: '1', num_media: '0',
      direction: 'outbound-api', date_created: at, date_updated: at, error_code: null, error_message: null, price: null, price_unit: 'USD',
      uri: `${API}/Accounts/${m.accountSid}/Messages/${m.sid}.json`,
    };
  }

  private provision(a: SimAccount, type: string, p: URLSearchParams) {
    const taken = new Set([...this.ledger.numbers.values()].filter((n) => !n.released).map((n) => n.phoneNumber));
    const wanted = p.get('PhoneNumber');
    if (wanted && taken.has(wanted)) throw twilioError(400, 21422, 'The phone number is not available.');
    let phoneNumber = wanted ?? '';
    const area = p.get('AreaCode');
    for (let i = 0; !phoneNumber || (taken.has(phoneNumber) && !wanted); i++) {
      if (i > 50) throw twilioError(400, 21452, 'No phone numbers found.');
      phoneNumber = type === 'toll_free' ? `+1833${randomInt(2_000_000, 9_999_999)}`
        : type === 'short_code' ? `${randomInt(20000, 99999)}`
        : `+1${area && /^[2-9]\d\d$/.test(area) ? area : [201, 312, 415, 512, 646, 702][randomInt(0, 6)]}${randomInt(200, 999)}${String(randomInt(0, 10000)).padStart(4, '0')}`;
    }
    const n = { sid: `PN${hex(16)}`, accountSid: a.sid, phoneNumber, type, smsUrl: validUrl(p.get('SmsUrl')), released: false };
    this.ledger.putNumber(n);
    return n;
  }

  private numberJson(n: { sid: string; accountSid: string; phoneNumber: string; smsUrl: string | null }) {
    return {
      sid: n.sid, account_sid: n.accountSid, phone_number: n.phoneNumber, friendly_name: n.phoneNumber, sms_url: n.smsUrl, sms_method: 'POST',
      capabilities: { sms: true, mms: false, voice: false, fax: false }, status: 'in-use', api_version: '2010-04-01',
      uri: `${API}/Accounts/${n.accountSid}/IncomingPhoneNumbers/${n.sid}.json`,
    };
  }

  private numbersJson(a: SimAccount, url: URL) {
    const size = Math.min(Math.max(Number(url.searchParams.get('PageSize')) || 50, 1), 1000);
    const page = Math.max(Number(url.searchParams.get('Page')) || 0, 0);
    const all = [...this.ledger.numbers.values()].filter((n) => n.accountSid === a.sid && !n.released);
    const base = `${API}/Accounts/${a.sid}/IncomingPhoneNumbers.json`;
    return {
      page, page_size: size, start: page * size, uri: `${base}?PageSize=${size}&Page=${page}`,
      next_page_uri: (page + 1) * size < all.length ? `${base}?PageSize=${size}&Page=${page + 1}` : null,
      incoming_phone_numbers: all.slice(page * size, (page + 1) * size).map((n) => this.numberJson(n)),
    };
  }

  /** A customer's text to one of the account's numbers, delivered as Twilio delivers inbound webhooks. */
  private async inbound(a: SimAccount, p: URLSearchParams) {
    const to = p.get('To') ?? '';
    const from = p.get('From') ?? '';
    const given = p.get('MessageSid');
    if (given && !/^(SM|MM)[0-9a-f]{32}$/.test(given)) throw twilioError(400, 21200, 'MessageSid must be SM followed by 32 hexadecimal characters.');
    const number = [...this.ledger.numbers.values()].find((n) => n.accountSid === a.sid && n.phoneNumber === to && !n.released);
    const url = number?.smsUrl ?? a.smsUrl;
    if (!to || !from) throw twilioError(400, 21604, 'To and From are required.');
    if (!url) throw twilioError(400, 21609, 'Neither the number nor the account has an SmsUrl to deliver to.');
    const sid = given ?? `SM${hex(16)}`;
    const params: Record<string, string> = {
      ToCountry: 'US', SmsMessageSid: sid, NumMedia: '0', SmsSid: sid, SmsStatus: 'received', Body: p.get('Body') ?? '', FromCountry: 'US',
      To: to, NumSegments: '1', MessageSid: sid, AccountSid: a.sid, From: from, ApiVersion: '2010-04-01',
    };
    const r = await this.post(url, a.authToken, params);
    return { sid, url, status: r.status, body: r.body };
  }

  // ---- receipts ----

  /** POSTs a form signed as Twilio signs it; answers the receiver's status (0: unreachable) and body. */
  private post(url: string, authToken: string, params: Record<string, string>): Promise<{ status: number; body: string }> {
    const body = new URLSearchParams(params).toString();
    const signature = expectedSignature(authToken, url, params);
    return new Promise((resolve) => {
      let req: http.ClientRequest;
      try {
        const secure = url.startsWith('https:');
        req = (secure ? https : http).request(url, {
          method: 'POST', agent: secure ? this.agents.https : this.agents.http, timeout: 15_000,
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), 'x-twilio-signature': signature, 'user-agent': 'TwilioProxy/1.1 (west-message simulator)' },
        }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, 4000) }));
          res.on('error', () => resolve({ status: 0, body: '' }));
        });
      } catch (err) {
        return resolve({ status: 0, body: (err as Error).message });
      }
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (err) => resolve({ status: 0, body: err.message }));
      req.end(body);
    });
  }

  private kick() {
    if (this.sweeping) this.again = true;
    else setImmediate(() => void this.sweep());
  }

  /** Single flight: reports every due receipt; one asked for during a sweep runs right after. */
  sweep(force = false): Promise<number> {
    if (this.sweeping) {
      this.again = true;
      return this.sweeping.then(() => this.sweep(force));
    }
    this.sweeping = this.report(force).finally(() => {
      this.sweeping = null;
      if (this.again) {
        this.again = false;
        void this.sweep();
      }
    });
    return this.sweeping;
  }

  /** Due: accepted at least the latency ago, and not waiting for a retry (`force`: retries too). */
  private due(now: number, force: boolean): SimMessage[] {
    const out: SimMessage[] = [];
    let scanned = 0;
    for (const m of this.ledger.pending) {
      if (++scanned > 50_000) break;
      if (m.reported) continue;
      const lat = this.settingsOf(this.ledger.accounts.get(m.accountSid)!).latencyMs;
      if (m.acceptedAt + lat > now) continue;
      const retry = this.retryAt.get(m.sid);
      if (retry && retry.at > now && !force) continue;
      out.push(m);
      if (out.length >= 5000) break;
    }
    return out;
  }

  private async report(force: boolean): Promise<number> {
    let total = 0;
    for (;;) {
      const due = this.due(Date.now(), force);
      if (!due.length) break;
      let next = 0;
      const worker = async () => {
        while (next < due.length) {
          const m = due[next++];
          if (await this.callback(m)) total++;
        }
      };
      await Promise.all(Array.from({ length: Math.min(64, due.length) }, worker));
      this.ledger.compact();
      if (force) {
        // Once each: what failed now waits for its retry time.
        if (due.every((m) => !m.reported)) break;
      }
    }
    return total;
  }

  /** One final status callback; true when the receiver took it (2xx). A failure is retried with backoff. */
  private async callback(m: SimMessage): Promise<boolean> {
    const account = this.ledger.accounts.get(m.accountSid)!;
    if (!m.statusCallback) {
      this.ledger.reported(m);
      return false;
    }
    const o = this.outcomeOf(m);
    const params: Record<string, string> = {
      AccountSid: m.accountSid, ApiVersion: '2010-04-01', MessageSid: m.sid, SmsSid: m.sid, MessageStatus: o.status, SmsStatus: o.status, From: m.from, To: m.to,
    };
    if (o.errorCode) params.ErrorCode = o.errorCode;
    const r = await this.post(m.statusCallback, account.authToken, params);
    if (r.status >= 200 && r.status < 300) {
      this.retryAt.delete(m.sid);
      this.ledger.reported(m);
      return true;
    }
    const tries = (this.retryAt.get(m.sid)?.tries ?? 0) + 1;
    if (tries >= 2000 || (r.status >= 400 && r.status < 500 && tries >= 5)) {
      this.retryAt.delete(m.sid);
      this.ledger.reported(m); // given up, as a carrier does
      return false;
    }
    this.retryAt.set(m.sid, { at: Date.now() + Math.min(10_000, 250 * 2 ** tries), tries });
    return false;
  }

  // ---- test control ----

  private async control(req: http.IncomingMessage, path: string) {
    if (path === '/__sim/settings' && req.method === 'POST') {
      const s = JSON.parse((await readBody(req)) || '{}') as Partial<SimSettings>;
      this.settings = { ...DEFAULT_SIM_SETTINGS, ...s };
      return { settings: this.settings };
    }
    if (path === '/__sim/flush' && req.method === 'POST') {
      const reported = await this.sweep(true);
      return { reported, pending: this.ledger.pending.filter((m) => !m.reported).length };
    }
    if (path === '/__sim/ledger' && req.method === 'GET') {
      return {
        messages: [...this.ledger.messages.values()].map((m) => ({
          sid: m.sid, accountSid: m.accountSid, reference: m.reference, from: m.from, to: m.to, body: m.body, acceptedAt: m.acceptedAt, submissions: m.submissions, reported: m.reported,
        })),
        pending: this.ledger.pending.filter((m) => !m.reported).length,
      };
    }
    throw new Reply(404, { error: 'no such control endpoint' });
  }
}

function validUrl(v: string | null): string | null {
  if (!v) return null;
  try {
    const u = new URL(v);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    return v;
  } catch {
    throw twilioError(400, 21609, 'The URL is not a valid http(s) URL.');
  }
}

export async function startSimulatorServer(opts: SimulatorServerOptions & { port?: number; host?: string }): Promise<SimulatorServer> {
  const s = new SimulatorServer(opts);
  await s.listen(opts.port ?? 0, opts.host ?? '127.0.0.1');
  return s;
}
