/** Small fetch wrapper for the West Message API (same origin, session cookie + CSRF header). */
import { humanError } from './fieldIssue';

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The form field the server blamed, if any (details.field). */
  get field(): string | undefined {
    const f = this.details?.field;
    return typeof f === 'string' ? f : undefined;
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  /** Don't treat a 401 as "session ended" (sign-in form, operator token, the /v1/me probe). */
  ignoreUnauthorized?: boolean;
  signal?: AbortSignal;
}

/** 401 codes that mean "no valid session" (a wrong password is also a 401, but must not sign you out). */
const SESSION_GONE_CODES = new Set(['unauthenticated', 'unauthorized', 'session_expired', 'http_401']);

let lastCsrfToken: string | null = null;
let unauthorizedHandler: (() => void) | null = null;

/** Remember the token from login/sign-up/me responses; used only if the cookie is unreadable. */
export function rememberCsrfToken(token: unknown): void {
  if (typeof token === 'string' && token) lastCsrfToken = token;
}

/** Called when any request fails with 401 because the session is gone. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [k, ...rest] = part.trim().split('=');
    if (k === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

export function csrfToken(): string | null {
  return readCookie('wm_csrf') ?? lastCsrfToken;
}

/** fetch() with the session cookie and, for writes, the CSRF header; network failures become ApiError. */
async function send(path: string, init: RequestInit & { headers: Record<string, string> }): Promise<Response> {
  const method = init.method ?? 'GET';
  if (method !== 'GET') {
    const token = csrfToken();
    if (token) init.headers['x-csrf-token'] = token;
  }
  try {
    return await fetch(path, { ...init, method, credentials: 'same-origin' });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    throw new ApiError(0, 'network_error', 'Could not reach the server. Check your connection and try again.');
  }
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The ApiError for a failed response ({error:{code,message,details}}); a lost session signs out. */
function failure(res: Response, data: unknown, ignoreUnauthorized?: boolean): ApiError {
  const err = (data as { error?: { code?: string; message?: string; details?: Record<string, unknown> } })?.error;
  const apiError = new ApiError(
    res.status,
    err?.code ?? 'http_' + res.status,
    err?.message ?? `Request failed (${res.status} ${res.statusText}).`,
    err?.details ?? {},
  );
  if (res.status === 401 && !ignoreUnauthorized && SESSION_GONE_CODES.has(apiError.code)) {
    unauthorizedHandler?.();
  }
  // A client ended an outsourcing partner's access (revoked, expired, outside its hours): the session is back in
  // the partner account, so nothing of the client may stay on screen.
  if (res.status === 403 && apiError.code === 'partner_access_ended' && typeof window !== 'undefined') {
    window.location.assign(`/partner?ended=${encodeURIComponent(String(apiError.details.reason ?? ''))}`);
  }
  return apiError;
}

export async function api<T = unknown>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await send(path, {
    method: opts.method ?? 'GET',
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: opts.signal,
  });
  const data = parseJson(res.status === 204 ? '' : await res.text());
  if (!res.ok) throw failure(res, data, opts.ignoreUnauthorized);
  if (data && typeof data === 'object' && 'csrfToken' in data) {
    rememberCsrfToken((data as { csrfToken?: unknown }).csrfToken);
  }
  return data as T;
}

/** POSTs a multipart form (a file upload); the browser sets the multipart boundary. */
export async function upload<T>(path: string, form: FormData): Promise<T> {
  const res = await send(path, { method: 'POST', headers: { accept: 'application/json' }, body: form });
  const data = parseJson(await res.text());
  if (!res.ok) throw failure(res, data);
  return data as T;
}

/**
 * Downloads a file the API streams back (CSV/JSON export). A POST needs the CSRF header, so this
 * goes through fetch and saves the blob with a temporary <a download> link.
 */
export async function download(path: string, opts: { method?: 'GET' | 'POST'; body?: unknown; filename?: string } = {}): Promise<void> {
  const headers: Record<string, string> = {};
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await send(path, { method: opts.method ?? 'GET', headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  if (!res.ok) throw failure(res, parseJson(await res.text()));
  const blob = await res.blob();
  const fromHeader = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1];
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fromHeader ?? opts.filename ?? 'download';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const get = <T>(path: string, opts?: Omit<RequestOptions, 'method' | 'body'>) => api<T>(path, opts);

/**
 * Every item of a cursor-paged list (`{data, nextCursor}`): follows `nextCursor` with the largest
 * page the API gives (200). For the short lists a screen shows whole (members, keys, segments…).
 */
export async function getAll<T>(path: string, opts?: Omit<RequestOptions, 'method' | 'body'>): Promise<{ data: T[]; nextCursor: null }> {
  const data: T[] = [];
  const sep = path.includes('?') ? '&' : '?';
  let cursor: string | null = null;
  do {
    const page: { data: T[]; nextCursor: string | null } = await api(`${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, opts);
    data.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return { data, nextCursor: null };
}
export const post = <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'method' | 'body'>) =>
  api<T>(path, { ...opts, method: 'POST', body: body ?? {} });
export const patch = <T>(path: string, body: unknown) => api<T>(path, { method: 'PATCH', body });
export const del = <T = void>(path: string) => api<T>(path, { method: 'DELETE' });

/** Human message for anything thrown by a query or mutation (an API refusal in words for people: humanError). */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return humanError(e);
  if (e instanceof Error) return e.message;
  return 'Something went wrong.';
}
