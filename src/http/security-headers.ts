import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The web app (Vite build) loads only same-origin module scripts, stylesheets and fonts; it has
 * no inline script. Mantine writes its CSS variables into a <style> element and positions
 * popovers through style attributes, so styles need 'unsafe-inline' (scripts never do).
 */
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

/** API answers are data, never documents: nothing in them may load or run. */
const API_CSP = ["default-src 'none'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'"];

/** Answers that may carry personal data and must never be kept by a browser or proxy cache. */
function isApiPath(url: string): boolean {
  return url.startsWith('/v1/') || url === '/v1' || url.startsWith('/v1?') || url.startsWith('/healthz') || url.startsWith('/readyz');
}

export interface SecurityHeaderOptions {
  /** The address users reach; HSTS is sent only when it is https. */
  publicUrl: string;
}

/** The headers every response carries, computed once. */
export function securityHeaders(opts: SecurityHeaderOptions) {
  const https = new URL(opts.publicUrl).protocol === 'https:';
  const common: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    // Same-origin requests keep their Referer (and a POST its Origin, which the CSRF check reads);
    // no address of ours, with whatever token its query holds, is ever sent to another site.
    'referrer-policy': 'same-origin',
    'cross-origin-opener-policy': 'same-origin',
    ...(https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
  const pageCsp = [...PAGE_CSP, ...(https ? ['upgrade-insecure-requests'] : [])].join('; ');
  return {
    page: { ...common, 'content-security-policy': pageCsp },
    api: { ...common, 'content-security-policy': API_CSP.join('; '), 'cache-control': 'no-store' },
  };
}

type Hook = (request: FastifyRequest, reply: FastifyReply) => void;

/**
 * Sets the headers of one response. They go on the raw response, so they survive a handler that
 * takes the socket over (server-sent events) and an error handler that rewrites the reply; a
 * header a handler sets itself still wins.
 */
export function securityHeaderSetter(opts: SecurityHeaderOptions): Hook {
  const sets = securityHeaders(opts);
  const api = Object.entries(sets.api);
  const page = Object.entries(sets.page);
  return (request, reply) => {
    const headers = isApiPath(request.url) ? api : page;
    const raw = reply.raw;
    for (let i = 0; i < headers.length; i++) raw.setHeader(headers[i][0], headers[i][1]);
  };
}

/** One hook for every routed response: pages, static files, API answers, 404s and errors. */
export function registerSecurityHeaders(app: FastifyInstance, setHeaders: Hook): void {
  app.addHook('onRequest', (request, reply, done) => {
    setHeaders(request, reply);
    done();
  });
}
