/** Small fetch wrapper for the West Message API (same origin, session cookie + CSRF header). */

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

export async function api<T = unknown>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const token = csrfToken();
    if (token) headers['x-csrf-token'] = token;
  }

  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    throw new ApiError(0, 'network_error', 'Could not reach the server. Check your connection and try again.');
  }

  const text = res.status === 204 ? '' : await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; details?: Record<string, unknown> } })?.error;
    const apiError = new ApiError(
      res.status,
      err?.code ?? 'http_' + res.status,
      err?.message ?? `Request failed (${res.status} ${res.statusText}).`,
      err?.details ?? {},
    );
    if (res.status === 401 && !opts.ignoreUnauthorized && SESSION_GONE_CODES.has(apiError.code)) {
      unauthorizedHandler?.();
    }
    throw apiError;
  }

  if (data && typeof data === 'object' && 'csrfToken' in data) {
    rememberCsrfToken((data as { csrfToken?: unknown }).csrfToken);
  }
  return data as T;
}

export const get = <T>(path: string, opts?: Omit<RequestOptions, 'method' | 'body'>) => api<T>(path, opts);
export const post = <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'method' | 'body'>) =>
  api<T>(path, { ...opts, method: 'POST', body: body ?? {} });
export const patch = <T>(path: string, body: unknown) => api<T>(path, { method: 'PATCH', body });
export const del = <T = void>(path: string) => api<T>(path, { method: 'DELETE' });

/** Human message for anything thrown by a query or mutation. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return 'Something went wrong.';
}
