/**
 * A small HTTP client for Twilio's REST API: keep-alive sockets (one pool per connection),
 * Basic auth, a deadline per request, and — because Twilio has no idempotency key — an answer
 * to "did the request body leave us?" when no response came.
 */
import http from 'node:http';
import https from 'node:https';

/** Twilio's answers are small JSON documents; anything larger is garbage. */
const MAX_ANSWER_BYTES = 1 << 20;

export interface HttpAnswer { status: number; body: string }
export type HttpFailure =
  /** The request did not fully leave us (refused, DNS, reset while writing): safe to retry. */
  | { kind: 'not_sent'; code: string; message: string }
  /** The whole request went out and no answer came: Twilio may or may not have acted on it. */
  | { kind: 'unknown'; code: string; message: string };

export interface HttpClientOptions {
  baseUrl: string; username: string; password: string; timeoutMs: number; maxSockets: number;
  /** Resolver for the sockets (a guard against private addresses, see ConnectionContext.lookup). */
  lookup?: (hostname: string, options: object, callback: (...args: never[]) => void) => void;
}

export class TwilioHttp {
  private readonly agent: http.Agent;
  private readonly base: URL;
  private readonly auth: string;

  constructor(private readonly opts: HttpClientOptions) {
    this.base = new URL(opts.baseUrl);
    const Agent = this.base.protocol === 'https:' ? https.Agent : http.Agent;
    // Idle sockets are dropped after 4 s: below the idle timeouts servers commonly use, so a
    // reused socket is rarely one the server is closing at that very moment.
    this.agent = new Agent({ keepAlive: true, maxSockets: opts.maxSockets, timeout: 4_000, scheduling: 'lifo', ...(opts.lookup ? { lookup: opts.lookup as never } : {}) });
    this.auth = 'Basic ' + Buffer.from(`${opts.username}:${opts.password}`).toString('base64');
  }

  /** `as` replaces the connection's Basic credentials for this one request; `extra` adds headers (e.g. an idempotency key). */
  request(
    method: 'GET' | 'POST' | 'DELETE', path: string, form?: URLSearchParams, as?: { username: string; password: string } | null, extra?: Record<string, string>,
  ): Promise<HttpAnswer | HttpFailure> {
    const url = new URL(path, this.base);
    const body = form ? Buffer.from(form.toString(), 'utf8') : undefined;
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise((resolve) => {
      let sent = false;
      let settled = false;
      const done = (v: HttpAnswer | HttpFailure) => { if (!settled) { settled = true; clearTimeout(timer); resolve(v); } };
      const req = lib.request(url, {
        method, agent: this.agent,
        headers: {
          authorization: as ? 'Basic ' + Buffer.from(`${as.username}:${as.password}`).toString('base64') : this.auth, accept: 'application/json', 'user-agent': 'west-message',
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(body.length) } : {}),
          ...extra,
        },
      }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= MAX_ANSWER_BYTES) return void chunks.push(c);
          done({ kind: 'unknown', code: 'answer_too_large', message: `Twilio's answer exceeded ${MAX_ANSWER_BYTES} bytes.` });
          req.destroy();
        });
        res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err) => done({ kind: 'unknown', code: 'connection_lost', message: `The answer was cut off: ${err.message}` }));
      });
      const timer = setTimeout(() => {
        done(sent
          ? { kind: 'unknown', code: 'timeout', message: `No answer within ${this.opts.timeoutMs} ms after the request was sent.` }
          : { kind: 'not_sent', code: 'timeout', message: `The request could not be sent within ${this.opts.timeoutMs} ms.` });
        req.destroy();
      }, this.opts.timeoutMs);
      req.on('finish', () => { sent = true; });
      req.on('error', (err: NodeJS.ErrnoException) => {
        const code = err.code ?? 'network_error';
        // Conservative: once the body went out, even a reset of a pooled keep-alive socket may
        // have reached Twilio. Idle sockets are dropped early (above) to keep that race rare.
        done(sent
          ? { kind: 'unknown', code: 'connection_lost', message: `The connection failed after the request was sent (${code}).` }
          : { kind: 'not_sent', code: 'network_error', message: `Could not reach Twilio (${code}).` });
      });
      req.end(body);
    });
  }

  close() { this.agent.destroy(); }
}

export const isAnswer = (r: HttpAnswer | HttpFailure): r is HttpAnswer => 'status' in r;
