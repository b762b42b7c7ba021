import { createHash } from 'node:crypto';
import fastifyApiReference from '@scalar/fastify-api-reference';
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

export async function registerApiReference(app: FastifyInstance, opts: { https: boolean }): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onSend', async (_request, reply, payload) => {
      if (typeof payload === 'string' && String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
        void reply.header('content-security-policy', referencePageCsp(payload, opts.https));
      }
      return payload;
    });
    await scope.register(fastifyApiReference, {
      routePrefix: API_REFERENCE_PATH,
      logLevel: 'warn',
      configuration: {
        url: '/v1/openapi.json',
        pageTitle: 'West Message API reference',
        withDefaultFonts: false,
        telemetry: false,
        hideClientButton: false,
      },
    });
  });
}
