import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/** Where the API reference is served (the web app links here). */
export const API_REFERENCE_PATH = '/reference';

/**
 * The API reference page: Scalar's viewer, served by the app from its own package (the script at
 * /reference/js/scalar.js, no CDN: it works offline), reading our OpenAPI document
 * (/v1/openapi.json). Scalar's page starts the viewer with one inline script, so this page's
 * Content-Security-Policy allows that exact script by its hash and nothing else inline; fonts are
 * the system's (no font service), telemetry is off, and the page loads nothing from elsewhere.
 */
const PAGE_CSP = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

/** The policy for one rendering of the page: its inline scripts allowed by their SHA-256 hashes. */
export function referencePageCsp(html: string, https = false): string {
  const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
    .map((m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
  return [`script-src 'self' ${hashes.join(' ')}`.trim(), ...PAGE_CSP, ...(https ? ['upgrade-insecure-requests'] : [])].join('; ');
}

const SCALAR_OPTIONS = {
  routePrefix: API_REFERENCE_PATH,
  logLevel: 'warn',
  configuration: {
    url: '/v1/openapi.json',
    pageTitle: 'West Message API reference',
    withDefaultFonts: false,
    telemetry: false,
    hideClientButton: false,
  },
} as const;

/** The paths Scalar's plugin serves with these options (a `url` given: no document routes of its own). */
const PAGE_PATHS = [API_REFERENCE_PATH, `${API_REFERENCE_PATH}/`, `${API_REFERENCE_PATH}/js/scalar.js`];

/**
 * Scalar's package is 5 MB of JavaScript (the viewer's script as one string): compiling it was
 * ~0.5 s of CPU at every process start (API servers, workers, test servers), for a page few
 * open. It is loaded on the first request for the page instead, registered in a Fastify
 * instance of its own (one per process, no listener), whose answers the app's routes forward.
 */
let viewer: Promise<FastifyInstance> | null = null;
function scalarViewer(): Promise<FastifyInstance> {
  viewer ??= (async () => {
    const [{ default: Fastify }, { default: fastifyApiReference }] = await Promise.all([import('fastify'), import('@scalar/fastify-api-reference')]);
    const inner = Fastify({ logger: false });
    await inner.register(fastifyApiReference, SCALAR_OPTIONS);
    await inner.ready();
    return inner;
  })().catch((err: unknown) => {
    viewer = null; // the next request tries again
    throw err;
  });
  return viewer;
}

/** Headers of the viewer's answer that the app's own reply sets for itself. */
const HOP_HEADERS = new Set(['content-length', 'connection', 'date', 'keep-alive', 'transfer-encoding']);

export async function registerApiReference(app: FastifyInstance, opts: { https: boolean }): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onSend', async (_request, reply, payload) => {
      if (typeof payload === 'string' && String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
        void reply.header('content-security-policy', referencePageCsp(payload, opts.https));
      }
      return payload;
    });
    for (const url of PAGE_PATHS) {
      scope.get(url, { schema: { hide: true }, logLevel: SCALAR_OPTIONS.logLevel }, async (request, reply) => {
        const answer = await (await scalarViewer()).inject({ method: 'GET', url: request.url, headers: { host: request.headers.host ?? 'localhost' } });
        void reply.code(answer.statusCode);
        for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP_HEADERS.has(name)) void reply.header(name, value);
        return answer.rawPayload.length ? reply.send(answer.body) : reply.send(); // a redirect has no body, nor a type
      });
    }
  });
}
