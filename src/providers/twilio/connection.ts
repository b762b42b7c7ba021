/**
 * A connection to one Twilio account over the REST API (2010-04-01): Messages create per
 * message with bounded concurrency on keep-alive sockets, the account check, numbers.
 */
import { leaseLost, type CarrierConnection, type CarrierMessage, type CarrierNumber, type ConnectionContext, type SendOptions } from '../carrier.js';
import type { NumberType, SendResult } from '../provider.js';
import { AppError } from '../../lib/errors.js';
import { errorBodyOf, mapSubmitError, OUTCOME_UNKNOWN } from './errors.js';
import { isAnswer, TwilioHttp, type HttpFailure } from './http.js';
import { readTwilioConfig, type TwilioConfig } from './config.js';
import { pool } from '../../lib/pool.js';

const SID = /^(SM|MM)[0-9a-fA-F]{32}$/;
const TOLL_FREE = /^\+1(800|833|844|855|866|877|888)\d{7}$/;
const MAX_PAGES = 200;


export class TwilioConnection implements CarrierConnection {
  readonly kind = 'twilio' as const;
  readonly capabilities = { mms: true, provision: true, sessions: false };
  private readonly config: TwilioConfig | null;
  private readonly problems: string[];
  private readonly http: TwilioHttp | null;

  constructor(private readonly ctx: ConnectionContext) {
    const r = readTwilioConfig(ctx.credentials, ctx.settings);
    this.config = r.ok ? r.config : null;
    this.problems = r.ok ? [] : r.problems;
    this.http = r.ok ? new TwilioHttp({ baseUrl: r.config.apiBaseUrl, username: r.config.username, password: r.config.password, timeoutMs: r.config.timeoutMs, maxSockets: r.config.concurrency, lookup: ctx.lookup }) : null;
  }

  private get accountPath() { return `/2010-04-01/Accounts/${encodeURIComponent(this.config!.accountSid)}`; }

  async test(): Promise<{ ok: true } | { ok: false; code: string; message: string }> {
    if (!this.http) return { ok: false, code: 'invalid_credentials', message: this.problems.join(' ') };
    const r = await this.checkAccount();
    if (!r.ok) return r;
    // With an API key, the auth token given for webhooks must be the account's: it opens the account too.
    const token = this.ctx.credentials.webhookAuthToken;
    if (!token || token === this.config!.password) return r;
    const w = await this.checkAccount({ username: this.config!.accountSid, password: token });
    return w.ok || w.code !== 'auth_failed' ? w
      : { ok: false, code: 'webhook_token_invalid', message: 'webhookAuthToken is not this account\'s auth token: Twilio\'s webhook signatures could not be verified.' };
  }

  private async checkAccount(as?: { username: string; password: string }) {
    const r = await this.http!.request('GET', `${this.accountPath}.json`, undefined, as);
    if (!isAnswer(r)) return { ok: false as const, code: 'unreachable', message: r.message };
    if (r.status === 200) {
      let status: unknown;
      try { status = (JSON.parse(r.body) as { status?: unknown }).status; } catch { return { ok: false as const, code: 'bad_answer', message: 'Twilio answered something other than JSON.' }; }
      if (status !== undefined && status !== 'active') return { ok: false as const, code: 'account_inactive', message: `The Twilio account is ${String(status)}.` };
      return { ok: true as const };
    }
    if (r.status === 401 || r.status === 403) return { ok: false as const, code: 'auth_failed', message: 'Twilio refused these credentials.' };
    if (r.status === 404) return { ok: false as const, code: 'account_not_found', message: 'No such Twilio account for these credentials.' };
    return { ok: false as const, code: r.status === 429 || r.status >= 500 ? 'unreachable' : `http_${r.status}`, message: `Twilio answered HTTP ${r.status}.` };
  }

  async send(batch: CarrierMessage[], opts: SendOptions = {}): Promise<SendResult[]> {
    if (!this.http) {
      return batch.map((m) => ({ reference: m.reference, ok: false as const, transient: true, code: 'invalid_credentials', message: this.problems.join(' '), notAccepted: true }));
    }
    // A throw would make the caller treat the whole batch as unsent, though some may be at Twilio.
    // Once the batch's claims may have run out (opts.live), the messages not yet posted are not posted (another worker may take them over).
    const { live } = opts;
    const window = this.config!.concurrency;
    const journaled = windowsJournaled(batch, window, opts.journal);
    return pool(batch, window, async (m, i): Promise<SendResult> => {
      // Each window is journaled before its first POST (nothing of it is POSTed if that failed); awaited only when it was not yet.
      const gate = journaled(i);
      if (gate && !(await gate)) return leaseLost(m.reference);
      return live && !live(m.reference) ? leaseLost(m.reference) : this.sendOne(m).catch((err: Error): SendResult =>
        ({ reference: m.reference, ok: false, transient: false, code: OUTCOME_UNKNOWN, message: `Unexpected error: ${String(err?.message).slice(0, 200)}` }));
    });
  }

  /** The form Twilio's Messages create takes. */
  formOf(m: CarrierMessage): URLSearchParams {
    const f = new URLSearchParams();
    f.set('To', m.to);
    if (this.config!.messagingServiceSid) f.set('MessagingServiceSid', this.config!.messagingServiceSid);
    else f.set('From', m.from);
    if (m.body) f.set('Body', m.body);
    for (const url of m.mediaUrls ?? []) f.append('MediaUrl', url);
    f.set('StatusCallback', this.ctx.webhookUrls.status);
    return f;
  }

  private async sendOne(m: CarrierMessage): Promise<SendResult> {
    const r = await this.http!.request('POST', `${this.accountPath}/Messages.json`, this.formOf(m));
    if (!isAnswer(r)) return failure(m.reference, r, this.config!.retryUnknownOutcome);
    if (r.status >= 200 && r.status < 300) {
      let sid: unknown;
      try { sid = (JSON.parse(r.body) as { sid?: unknown }).sid; } catch { /* below */ }
      if (typeof sid === 'string' && SID.test(sid)) return { reference: m.reference, ok: true, providerMessageId: sid };
      return { reference: m.reference, ok: false, transient: false, code: OUTCOME_UNKNOWN, message: `Twilio answered HTTP ${r.status} without a message sid; not resent (it may have been accepted).` };
    }
    const e = errorBodyOf(r.body);
    const mapped = mapSubmitError(e.code, r.status, e.message);
    // An error answer: Twilio did not create the message (a fallback connection may carry it).
    return { reference: m.reference, ok: false, transient: mapped.transient, code: mapped.code, message: mapped.message, notAccepted: true };
  }

  async listNumbers(): Promise<CarrierNumber[]> {
    if (!this.http) throw new Error(this.problems.join(' '));
    const out: CarrierNumber[] = [];
    let path: string | null = `${this.accountPath}/IncomingPhoneNumbers.json?PageSize=1000`;
    for (let page = 0; path && page < MAX_PAGES; page++) {
      const r = await this.http.request('GET', path);
      if (!isAnswer(r)) throw new Error(r.message);
      if (r.status !== 200) throw new Error(`Twilio answered HTTP ${r.status} listing numbers${errorBodyOf(r.body).message ? `: ${errorBodyOf(r.body).message}` : ''}.`);
      const j = JSON.parse(r.body) as { incoming_phone_numbers?: Array<{ sid?: string; phone_number?: string; capabilities?: { sms?: boolean; mms?: boolean } | null }>; next_page_uri?: string | null };
      for (const n of j.incoming_phone_numbers ?? []) {
        if (!n.sid || !n.phone_number || n.capabilities?.sms === false) continue;
        out.push({ phoneNumber: n.phone_number, providerRef: n.sid, type: TOLL_FREE.test(n.phone_number) ? 'toll_free' : 'long_code', mms: n.capabilities?.mms === true });
      }
      path = typeof j.next_page_uri === 'string' && j.next_page_uri.startsWith('/') ? j.next_page_uri : null;
    }
    return out;
  }

  /**
   * Buys a number: the first SMS-capable one Twilio offers in the country (AvailablePhoneNumbers Local, or
   * TollFree), bought with IncomingPhoneNumbers and its SmsUrl set to this connection's inbound webhook, so
   * customers' texts to it reach us at once. One taken meanwhile (21422) makes it try the next offered.
   */
  async provisionNumber(opts: { type: NumberType; country: string }): Promise<CarrierNumber> {
    if (!this.http) throw new Error(this.problems.join(' '));
    if (opts.type === 'short_code') throw new AppError(422, 'short_code_not_provisionable', 'Short codes are leased from the carriers, not bought through the API: attach yours by phoneNumber.', { field: 'type' });
    if (!/^[A-Z]{2}$/.test(opts.country)) throw new AppError(422, 'invalid_country', 'The account\'s default country is not an ISO country code.');
    const kind = opts.type === 'toll_free' ? 'TollFree' : 'Local';
    const search = await this.http.request('GET', `${this.accountPath}/AvailablePhoneNumbers/${opts.country}/${kind}.json?SmsEnabled=true&PageSize=5`);
    if (!isAnswer(search)) throw new Error(search.message);
    if (search.status === 404) throw new AppError(422, 'no_numbers_available', `Twilio offers no ${kind === 'TollFree' ? 'toll-free' : 'local'} numbers in ${opts.country}.`);
    if (search.status !== 200) throw new Error(`Twilio answered HTTP ${search.status} searching numbers${errorBodyOf(search.body).message ? `: ${errorBodyOf(search.body).message}` : ''}.`);
    const offered = ((JSON.parse(search.body) as { available_phone_numbers?: Array<{ phone_number?: unknown }> }).available_phone_numbers ?? [])
      .map((n) => n.phone_number).filter((p): p is string => typeof p === 'string' && /^\+\d{6,15}$/.test(p));
    if (!offered.length) throw new AppError(422, 'no_numbers_available', `Twilio has no ${kind === 'TollFree' ? 'toll-free' : 'local'} SMS numbers available in ${opts.country} right now.`);
    for (const phoneNumber of offered.slice(0, 3)) {
      const form = new URLSearchParams({ PhoneNumber: phoneNumber, SmsUrl: this.ctx.webhookUrls.inbound, SmsMethod: 'POST' });
      const r = await this.http.request('POST', `${this.accountPath}/IncomingPhoneNumbers.json`, form);
      if (!isAnswer(r) && r.kind === 'not_sent') throw new Error(r.message);
      if (!isAnswer(r) || r.status >= 500) {
        // No answer to a purchase that left us (or a server error): Twilio may have bought it, and bills for it from now on.
        const held = await this.heldNumber(phoneNumber).catch(() => undefined);
        if (held) return { ...held, type: opts.type };
        const why = isAnswer(r) ? `Twilio answered HTTP ${r.status} buying ${phoneNumber}.` : r.message;
        if (held === undefined) throw new Error(`${why} Whether ${phoneNumber} was bought could not be checked: if the Twilio account holds it, attach it by phoneNumber.`);
        throw new Error(why);
      }
      if (r.status === 400 && errorBodyOf(r.body).code === 21422) continue; // bought by someone else since the search
      if (r.status !== 201 && r.status !== 200) throw new Error(`Twilio answered HTTP ${r.status} buying ${phoneNumber}${errorBodyOf(r.body).message ? `: ${errorBodyOf(r.body).message}` : ''}.`);
      const n = JSON.parse(r.body) as { sid?: unknown; phone_number?: unknown; capabilities?: { mms?: unknown } | null };
      if (typeof n.sid !== 'string' || typeof n.phone_number !== 'string') throw new Error('Twilio answered the purchase without a number sid.');
      return { phoneNumber: n.phone_number, providerRef: n.sid, type: opts.type, mms: n.capabilities?.mms === true };
    }
    throw new AppError(409, 'number_unavailable', 'The numbers Twilio offered were bought by others meanwhile; try again.');
  }

  /** The account's number with this phone number (IncomingPhoneNumbers' exact filter), or null; throws when Twilio cannot say. */
  private async heldNumber(phoneNumber: string): Promise<CarrierNumber | null> {
    const r = await this.http!.request('GET', `${this.accountPath}/IncomingPhoneNumbers.json?PhoneNumber=${encodeURIComponent(phoneNumber)}`);
    if (!isAnswer(r) || r.status !== 200) throw new Error('lookup failed');
    const j = JSON.parse(r.body) as { incoming_phone_numbers?: Array<{ sid?: unknown; phone_number?: unknown; capabilities?: { mms?: unknown } | null }> };
    const n = (j.incoming_phone_numbers ?? []).find((x) => x.phone_number === phoneNumber && typeof x.sid === 'string');
    return n ? { phoneNumber, providerRef: n.sid as string, type: TOLL_FREE.test(phoneNumber) ? 'toll_free' : 'long_code', mms: n.capabilities?.mms === true } : null;
  }

  async releaseNumber(providerRef: string): Promise<void> {
    if (!this.http) throw new Error(this.problems.join(' '));
    if (!/^PN[0-9a-fA-F]{32}$/.test(providerRef)) throw new Error('Not a Twilio phone number sid.');
    const r = await this.http.request('DELETE', `${this.accountPath}/IncomingPhoneNumbers/${providerRef}.json`);
    if (!isAnswer(r)) throw new Error(r.message);
    if (r.status !== 204 && r.status !== 404) throw new Error(`Twilio answered HTTP ${r.status} releasing the number.`);
  }

  async stop() { this.http?.close(); }
}

/**
 * SendOptions.journal asked once per window of `size` messages (in the batch's order, as `pool` starts them), when the first
 * of the window is about to be POSTed: the gate of the batch's i-th message — null to go at once, else whether its window
 * got journaled.
 */
function windowsJournaled(batch: CarrierMessage[], size: number, journal: SendOptions['journal']): (i: number) => Promise<boolean> | null {
  if (!journal) return () => null;
  const windows: Array<Promise<boolean> | null | undefined> = [];
  return (i) => {
    const w = Math.floor(i / size);
    if (windows[w] === undefined) {
      const asked = journal(batch.slice(w * size, (w + 1) * size).map((x) => x.reference));
      windows[w] = asked && asked.then(() => true, () => false);
    }
    return windows[w]!;
  };
}

function failure(reference: string, f: HttpFailure, retryUnknown: boolean): SendResult {
  if (f.kind === 'unknown') {
    return retryUnknown
      ? { reference, ok: false, transient: true, code: OUTCOME_UNKNOWN, message: `${f.message} Resent by configuration (retryUnknownOutcome): it may arrive twice.` }
      : { reference, ok: false, transient: false, code: OUTCOME_UNKNOWN, message: `${f.message} Twilio has no idempotency key, so it is not resent automatically (it may have been accepted).` };
  }
  return { reference, ok: false, transient: true, code: f.code, message: f.message, notAccepted: true };
}
