import fastifyApiReference from '@scalar/fastify-api-reference';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { API_REFERENCE_PATH, referencePageCsp, registerApiReference } from './api-reference.js';

/**
 * The reference page is served by Scalar's plugin loaded on the first request (in an instance of
 * its own, see api-reference.ts): the app answers exactly as the plugin registered in it directly
 * would, plus the page's Content-Security-Policy.
 */
describe('API reference page (Scalar, loaded on first request)', () => {
  const options = {
    routePrefix: API_REFERENCE_PATH, logLevel: 'warn',
    configuration: { url: '/v1/openapi.json', pageTitle: 'West Message API reference', withDefaultFonts: false, telemetry: false, hideClientButton: false },
  } as const;

  it('answers /reference, /reference/ and its script as the plugin itself does, the page with its CSP', async () => {
    const app = Fastify({ logger: false });
    await registerApiReference(app, { https: true });
    const direct = Fastify({ logger: false });
    await direct.register(fastifyApiReference, options);
    try {
      for (const url of [API_REFERENCE_PATH, `${API_REFERENCE_PATH}/`, `${API_REFERENCE_PATH}/?x=1`, `${API_REFERENCE_PATH}/js/scalar.js`]) {
        const [ours, theirs] = await Promise.all([app.inject({ url }), direct.inject({ url })]);
        expect({ url, status: ours.statusCode, type: ours.headers['content-type'], location: ours.headers.location })
          .toEqual({ url, status: theirs.statusCode, type: theirs.headers['content-type'], location: theirs.headers.location });
        expect(ours.body).toBe(theirs.body);
      }
      const page = await app.inject({ url: `${API_REFERENCE_PATH}/` });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('West Message API reference');
      expect(page.headers['content-security-policy']).toBe(referencePageCsp(page.body, true));
      expect(page.headers['content-security-policy']).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
      const script = await app.inject({ url: `${API_REFERENCE_PATH}/js/scalar.js` });
      expect(script.headers['content-security-policy']).toBeUndefined();
      expect(Number(script.headers['content-length'])).toBe(Buffer.byteLength(script.body));
      expect((await app.inject({ url: `${API_REFERENCE_PATH}/nothing-here` })).statusCode).toBe(404);
    } finally {
      await app.close();
      await direct.close();
    }
  });
});
