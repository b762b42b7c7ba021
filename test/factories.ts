import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

let counter = 0;
export const STRONG_PASSWORD = 'violet-harbour-lantern-42';
/** The operator token of test/harness.ts (the outbox is where tests read emailed links). */
export const TEST_OPERATOR_TOKEN = 'test-operator-token-0123456789';

export function signupBody(overrides: { email?: string; business?: string; phone?: string } = {}) {
  counter += 1;
  const tag = `${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 6)}`;
  return {
    business: { name: overrides.business ?? `Acme Plumbing ${tag}`, legalName: 'Acme Plumbing LLC', website: 'https://acme.example', industry: 'Home services', address: '1 Main St, Springfield' },
    owner: { name: 'Ada Owner', email: overrides.email ?? `owner-${tag}@example.com`, phone: overrides.phone ?? '+1 415 555 0134', password: STRONG_PASSWORD },
    attestConsent: true,
    acceptTerms: true,
  };
}

/** A signed-in browser-like client: keeps the cookies and sends the CSRF header. */
export class Client {
  cookies: Record<string, string> = {};
  constructor(private app: FastifyInstance, public bearer?: string) {}

  async request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const h: Record<string, string> = { ...headers };
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    const cookie = Object.entries(this.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    if (cookie) h.cookie = cookie;
    if (this.cookies.wm_csrf && !('x-csrf-token' in h)) h['x-csrf-token'] = this.cookies.wm_csrf;
    const res = await this.app.inject({ method: method as 'GET', url, payload: body as object, headers: h });
    for (const c of res.cookies as Array<{ name: string; value: string; expires?: Date }>) {
      // A cookie is dropped when the server clears it (empty, or dated at the epoch), not by the real clock: tests run
      // the server on controlled clocks (a session minted on a test date expires by that date), and the server itself
      // refuses an expired session.
      if (c.value === '' || (c.expires && c.expires.getTime() < 86_400_000)) delete this.cookies[c.name];
      else this.cookies[c.name] = c.value;
    }
    return res;
  }
  get = (url: string, headers?: Record<string, string>) => this.request('GET', url, undefined, headers);
  post = (url: string, body?: unknown, headers?: Record<string, string>) => this.request('POST', url, body ?? {}, headers);
  patch = (url: string, body?: unknown, headers?: Record<string, string>) => this.request('PATCH', url, body ?? {}, headers);
  delete = (url: string, headers?: Record<string, string>) => this.request('DELETE', url, undefined, headers);
}

export interface SignedUp {
  client: Client;
  accountId: string;
  userId: string;
  email: string;
}

/** Signs up through the API: submit (202), then confirm the emailed link (201, a session). */
export async function signUp(app: FastifyInstance, overrides: Parameters<typeof signupBody>[0] = {}, operatorToken = TEST_OPERATOR_TOKEN): Promise<SignedUp> {
  const client = new Client(app);
  const body = signupBody(overrides);
  const res = await client.post('/v1/auth/signup', body);
  if (res.statusCode !== 202) throw new Error(`signup failed: ${res.statusCode} ${res.body}`);
  const mail = await lastEmailTo(app, body.owner.email, operatorToken);
  const confirmed = await client.post('/v1/auth/signup/confirm', { token: tokenFrom(mail.text) });
  if (confirmed.statusCode !== 201 || !client.cookies.wm_session) throw new Error(`signup confirm failed: ${confirmed.statusCode} ${confirmed.body}`);
  const json = confirmed.json();
  return { client, accountId: json.account.id, userId: json.user.id, email: body.owner.email };
}

/** The operator token of a server process started with this environment (given, or generated into DATA_DIR). */
export function operatorTokenOf(env: { OPERATOR_TOKEN?: string; DATA_DIR?: string }): string {
  return env.OPERATOR_TOKEN ?? readFileSync(join(env.DATA_DIR ?? './data', 'operator.token'), 'utf8').trim();
}

/**
 * Signs up against a running server over HTTP (process and browser tests): submit, read the
 * link from the operator outbox, confirm. Returns the confirm response (it sets the session cookies).
 */
export async function signUpOverHttp(base: string, operatorToken: string, body = signupBody()): Promise<Response> {
  const json = { 'content-type': 'application/json' };
  const submitted = await fetch(`${base}/v1/auth/signup`, { method: 'POST', headers: json, body: JSON.stringify(body) });
  if (submitted.status !== 202) throw new Error(`sign-up failed: ${submitted.status} ${await submitted.text()}`);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const outbox = await fetch(`${base}/v1/operator/outbox`, { headers: { authorization: `Bearer ${operatorToken}` } });
    const mail = ((await outbox.json()) as { data?: OutboxMail[] }).data?.find((m) => m.to === body.owner.email);
    if (mail) {
      const confirmed = await fetch(`${base}/v1/auth/signup/confirm`, { method: 'POST', headers: json, body: JSON.stringify({ token: tokenFrom(mail.text) }) });
      if (confirmed.status !== 201) throw new Error(`sign-up confirm failed: ${confirmed.status} ${await confirmed.text()}`);
      return confirmed;
    }
    if (Date.now() > deadline) throw new Error(`no sign-up email to ${body.owner.email}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A JSON call with a signed-in session over HTTP: status and parsed body. */
export type HttpCall = (method: string, path: string, body?: unknown) => Promise<{ status: number; json: any }>;

/** Signs up against a running server over HTTP (signUpOverHttp) and answers a caller with that session: its cookies and CSRF token on every call. */
export async function signedInOverHttp(base: string, operatorToken: string): Promise<HttpCall> {
  const signup = await signUpOverHttp(base, operatorToken);
  const cookies = signup.headers.getSetCookie().map((c) => c.split(';')[0]);
  const csrf = cookies.find((c) => c.startsWith('wm_csrf='))!.split('=')[1];
  return async (method, path, body) => {
    const r = await fetch(`${base}${path}`, { method, headers: { cookie: cookies.join('; '), 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    return { status: r.status, json: await r.json() };
  };
}

export interface OutboxMail { id: string; to: string; subject: string; text: string }

/**
 * The newest email to an address (tests read links from the operator outbox). Some mail is
 * written by a background job, so it polls until one arrives that is not in `except` (ids of
 * mail already seen) and matches `subject`.
 */
export async function lastEmailTo(
  app: FastifyInstance, to: string, operatorToken: string,
  opts: { subject?: RegExp; except?: string[]; timeoutMs?: number } = {},
): Promise<OutboxMail> {
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  for (;;) {
    const res = await app.inject({ method: 'GET', url: '/v1/operator/outbox', headers: { authorization: `Bearer ${operatorToken}` } });
    const mail = (res.json().data as OutboxMail[]).find(
      (m) => m.to === to && !(opts.except ?? []).includes(m.id) && (!opts.subject || opts.subject.test(m.subject)),
    );
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`no email to ${to}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every email to an address in the outbox right now (newest first). */
export async function emailsTo(app: FastifyInstance, to: string, operatorToken: string): Promise<OutboxMail[]> {
  const res = await app.inject({ method: 'GET', url: '/v1/operator/outbox', headers: { authorization: `Bearer ${operatorToken}` } });
  return (res.json().data as OutboxMail[]).filter((m) => m.to === to);
}

export const tokenFrom = (text: string) => /token=([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? '';

/** A multipart/form-data body for inject: JSON-able fields and at most one file. */
export async function multipart(fields: Record<string, unknown>, file?: { content: Buffer | string; filename?: string }) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, typeof v === 'string' ? v : JSON.stringify(v));
  if (file) fd.append('file', new Blob([typeof file.content === 'string' ? file.content : new Uint8Array(file.content)]), file.filename ?? 'contacts.csv');
  const res = new Response(fd);
  return { payload: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get('content-type')! };
}

export async function postMultipart(client: Client, url: string, fields: Record<string, unknown>, file?: { content: Buffer | string; filename?: string }) {
  const { payload, contentType } = await multipart(fields, file);
  return client.request('POST', url, payload, { 'content-type': contentType });
}

/** Polls an import until it is finished. */
export async function waitForImport(client: Client, id: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = (await client.get(`/v1/imports/${id}`)).json();
    if (['completed', 'failed', 'canceled'].includes(r.status)) return r;
    if (Date.now() > deadline) throw new Error(`import ${id} still ${r.status}: ${JSON.stringify(r)}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}
