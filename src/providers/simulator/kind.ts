/**
 * The simulator as a carrier kind: a thin client of the simulator server (server.ts), which
 * speaks Twilio's REST shape. It reuses the Twilio kind's HTTP client, error mapping and webhook
 * verification; what differs: each connection is a sub-account the kind creates on the simulator
 * when the connection is saved (`enroll`), numbers are provisioned through the API, a message
 * carries our id as an `Idempotency-Key` header (a resend is the same message, so an unknown
 * outcome is safe to retry), and a customer's text can be simulated (`simulateInbound`).
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../lib/errors.js';
import { leaseLost, type CarrierConnection, type CarrierKindImpl, type CarrierMessage, type CarrierNumber, type ConnectionContext, type SendOptions } from '../carrier.js';
import type { NumberType, SendResult } from '../provider.js';
import { errorBodyOf, mapSubmitError } from '../twilio/errors.js';
import { isAnswer, TwilioHttp, type HttpAnswer, type HttpFailure } from '../twilio/http.js';
import { parseTwilioWebhook } from '../twilio/webhook.js';
import { mainAccountSid } from './server.js';
import { pool } from '../../lib/pool.js';

/** Where the simulator server is and the main account's token (it creates the sub-accounts). */
export interface SimulatorEndpoint { url: string; authToken: string }

const API = '/2010-04-01';
const SID = /^SM[0-9a-f]{32}$/;
const DEFAULT_CONCURRENCY = 32;

const errorOf = (r: HttpAnswer) => errorBodyOf(r.body);
const unavailable = (what: string, r: HttpAnswer | HttpFailure) =>
  new AppError(502, 'carrier_unavailable', `The simulator could not ${what}: ${isAnswer(r) ? `HTTP ${r.status} ${errorOf(r).message ?? ''}` : r.message}`.trim());

/** The simulator's outcome settings of a connection, as the account-update form fields (empty: the server's default). */
function settingsForm(f: URLSearchParams, settings: Record<string, unknown>) {
  for (const [key, param] of [['latencyMs', 'SimLatencyMs'], ['undeliveredRate', 'SimUndeliveredRate'], ['failedRate', 'SimFailedRate']] as const) {
    const v = settings[key];
    f.set(param, typeof v === 'number' ? String(v) : '');
  }
  return f;
}

export class SimulatorConnection implements CarrierConnection {
  readonly kind = 'simulator' as const;
  readonly capabilities = { mms: false, provision: true, sessions: false };
  private readonly http: TwilioHttp;
  private readonly sid: string;
  private readonly concurrency: number;

  constructor(private readonly cc: ConnectionContext, endpoint: SimulatorEndpoint) {
    this.sid = cc.credentials.accountSid ?? '';
    this.concurrency = typeof cc.settings.concurrency === 'number' ? cc.settings.concurrency : DEFAULT_CONCURRENCY;
    this.http = new TwilioHttp({
      baseUrl: endpoint.url, username: this.sid, password: cc.credentials.authToken ?? '',
      timeoutMs: typeof cc.settings.timeoutMs === 'number' ? cc.settings.timeoutMs : 10_000, maxSockets: this.concurrency,
    });
  }

  private get path() { return `${API}/Accounts/${encodeURIComponent(this.sid)}`; }

  /** Checks the credentials and brings the account's inbound URL and outcome settings up to date. */
  async test(): Promise<{ ok: true } | { ok: false; code: string; message: string }> {
    if (!this.sid) return { ok: false, code: 'invalid_credentials', message: 'The connection has no simulator account.' };
    const form = settingsForm(new URLSearchParams({ SmsUrl: this.cc.webhookUrls.inbound }), this.cc.settings);
    const r = await this.http.request('POST', `${this.path}.json`, form);
    if (!isAnswer(r)) return { ok: false, code: 'unreachable', message: `The simulator is not reachable: ${r.message}` };
    if (r.status === 200) return { ok: true };
    if (r.status === 401 || r.status === 403) return { ok: false, code: 'auth_failed', message: 'The simulator refused these credentials.' };
    return { ok: false, code: r.status >= 500 ? 'unreachable' : `http_${r.status}`, message: `The simulator answered HTTP ${r.status}: ${errorOf(r).message ?? ''}`.trim() };
  }

  async send(batch: CarrierMessage[], opts: SendOptions = {}): Promise<SendResult[]> {
    // Once the batch's claims may have run out (opts.live), the messages not yet posted are not posted: another worker may
    // take them over (the simulator would take the resend as the same message, but our records would not: two turns' outcomes).
    const { live } = opts;
    return pool(batch, this.concurrency, async (m): Promise<SendResult> => (live && !live(m.reference) ? leaseLost(m.reference) : this.sendOne(m).catch((err: Error): SendResult =>
      ({ reference: m.reference, ok: false, transient: true, code: 'provider_error', message: String(err?.message).slice(0, 200) }))));
  }

  private async sendOne(m: CarrierMessage): Promise<SendResult> {
    if (m.mediaUrls?.length) return { reference: m.reference, ok: false, transient: false, code: 'mms_not_supported', message: 'The simulator does not carry media (MMS).' };
    const form = new URLSearchParams({ To: m.to, From: m.from, Body: m.body, StatusCallback: this.cc.webhookUrls.status });
    const r = await this.http.request('POST', `${this.path}/Messages.json`, form, null, { 'idempotency-key': m.reference });
    // The simulator is idempotent by our id: a resend after a lost answer is the same message.
    if (!isAnswer(r)) return { reference: m.reference, ok: false, transient: true, code: r.code, message: `${r.message} (resent safely: the simulator deduplicates by message id)` };
    if (r.status >= 200 && r.status < 300) {
      let sid: unknown;
      try { sid = (JSON.parse(r.body) as { sid?: unknown }).sid; } catch { /* below */ }
      if (typeof sid === 'string' && SID.test(sid)) return { reference: m.reference, ok: true, providerMessageId: sid };
      return { reference: m.reference, ok: false, transient: true, code: 'bad_answer', message: `The simulator answered HTTP ${r.status} without a message sid.` };
    }
    const e = errorOf(r);
    const mapped = mapSubmitError(e.code, r.status, e.message);
    return { reference: m.reference, ok: false, transient: mapped.transient, code: mapped.code, message: mapped.message.replace(/^Twilio/, 'The simulator') };
  }

  async provisionNumber(opts: { type: NumberType; country: string }): Promise<CarrierNumber> {
    const kind = opts.type === 'toll_free' ? '/TollFree' : opts.type === 'short_code' ? '/ShortCode' : '';
    // No SmsUrl per number: the account's (kept current, below) serves them all, so a changed PUBLIC_URL leaves none stale.
    const r = await this.http.request('POST', `${this.path}/IncomingPhoneNumbers${kind}.json`, new URLSearchParams());
    if (!isAnswer(r) || r.status !== 201) throw unavailable('provision a number', r);
    const n = JSON.parse(r.body) as { sid: string; phone_number: string };
    return { phoneNumber: n.phone_number, providerRef: n.sid, type: opts.type, mms: false };
  }

  async releaseNumber(providerRef: string): Promise<void> {
    const r = await this.http.request('DELETE', `${this.path}/IncomingPhoneNumbers/${encodeURIComponent(providerRef)}.json`);
    if (!isAnswer(r) || (r.status !== 204 && r.status !== 404)) throw unavailable('release the number', r);
  }

  /**
   * A customer's text, delivered by the simulator as a signed inbound webhook to this connection's
   * inbound URL; answers the message sid and what our webhook answered the simulator.
   */
  async simulateInbound(m: { from: string; to: string; body: string; providerMessageId?: string }): Promise<{ providerMessageId: string; status: number; body: string }> {
    // The account's inbound URL as this server names it now (PUBLIC_URL may have changed since the connection was saved).
    const updated = await this.http.request('POST', `${this.path}.json`, new URLSearchParams({ SmsUrl: this.cc.webhookUrls.inbound }));
    if (!isAnswer(updated) || updated.status !== 200) throw unavailable('update the account', updated);
    const form = new URLSearchParams({ From: m.from, To: m.to, Body: m.body });
    // A given id is kept when it is a message sid, else mapped to one (the same id, the same sid: a duplicate delivery).
    const id = m.providerMessageId;
    if (id) form.set('MessageSid', /^(SM|MM)[0-9a-f]{32}$/.test(id) ? id : `SM${createHash('md5').update(id).digest('hex')}`);
    const r = await this.http.request('POST', `${this.path}/SimulatedInbound.json`, form);
    if (isAnswer(r) && r.status >= 400 && r.status < 500) throw new AppError(422, 'simulator_refused', `The simulator refused the text: ${errorOf(r).message ?? `HTTP ${r.status}`}`);
    if (!isAnswer(r) || r.status !== 200) throw unavailable('deliver the text', r);
    const j = JSON.parse(r.body) as { sid: string; status: number; body: string };
    return { providerMessageId: j.sid, status: j.status, body: j.body };
  }

  async stop() { this.http.close(); }
}

/** Creates the connection's sub-account on the simulator (unless credentials of an existing one were given). */
async function enroll(endpoint: SimulatorEndpoint, cc: ConnectionContext): Promise<Record<string, string>> {
  if (cc.credentials.accountSid && cc.credentials.authToken) return { accountSid: cc.credentials.accountSid, authToken: cc.credentials.authToken };
  const main = mainAccountSid(endpoint.authToken);
  const http = new TwilioHttp({ baseUrl: endpoint.url, username: main, password: endpoint.authToken, timeoutMs: 10_000, maxSockets: 1 });
  try {
    const form = settingsForm(new URLSearchParams({ FriendlyName: `West Message ${cc.connectionId}`, SmsUrl: cc.webhookUrls.inbound }), cc.settings);
    const r = await http.request('POST', `${API}/Accounts.json`, form);
    if (!isAnswer(r) || r.status !== 201) throw unavailable('create an account', r);
    const a = JSON.parse(r.body) as { sid: string; auth_token: string };
    return { accountSid: a.sid, authToken: a.auth_token };
  } finally {
    http.close();
  }
}

/**
 * The simulator kind, bound to the simulator server this process uses (the embedded one or
 * SIMULATOR_URL). Null endpoint: no simulator is available (connections cannot be created).
 */
export function simulatorKind(endpoint: SimulatorEndpoint | null): CarrierKindImpl {
  const need = () => {
    if (!endpoint) throw new AppError(422, 'simulator_unavailable', 'No simulator is available to this process (set SIMULATOR_URL and SIMULATOR_AUTH_TOKEN).');
    return endpoint;
  };
  return {
    kind: 'simulator',
    capabilities: { mms: false },
    // Twilio-shaped: its receipts carry Twilio's ErrorCode (30007 → carrier_filtered).
    filteredErrorCodes: ['carrier_filtered'],
    enroll: (cc) => enroll(need(), cc),
    connect: (cc) => new SimulatorConnection(cc, endpoint ?? { url: 'http://127.0.0.1:9', authToken: '' }),
    parseWebhook: parseTwilioWebhook,
  };
}
