/**
 * Issue 12, REST API completeness: the app serves an API reference page from its own OpenAPI
 * document (Scalar, from our own package: no CDN), under a Content-Security-Policy that allows
 * only that page's own inline start-up script. Settings → API keys links to it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { findChromium, launchBrowser, screenshot, signUpViaApi, startWebServer, watchPageErrors, type WebServer } from './browser.js';

const CHROMIUM = findChromium();
const SKIP = !CHROMIUM && process.env.REQUIRE_BROWSER !== '1';
const WAIT = 20_000;

describe.skipIf(SKIP)('API reference page in headless Chromium', () => {
  const env = {} as { server: WebServer; browser: Browser };
  beforeAll(async () => {
    env.server = await startWebServer();
    env.browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.stop();
  }, 60_000);

  it('renders our operations from /v1/openapi.json, loads nothing from another origin, and Settings → API keys links to it', async () => {
    const { base } = env.server;
    const owner = await signUpViaApi(base);
    const context = await env.browser.newContext({ baseURL: base });
    await context.addCookies(Object.entries(owner.cookies).map(([name, value]) => ({ name, value, url: base })));
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const foreign: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) foreign.push(r.url());
    });
    try {
      await page.goto('/settings/api-keys');
      const link = page.getByTestId('api-reference-link');
      await link.waitFor({ timeout: WAIT });
      expect(await link.getAttribute('href')).toBe('/reference/');

      const res = await page.goto('/reference/');
      expect(res?.status()).toBe(200);
      const csp = res?.headers()['content-security-policy'] ?? '';
      expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
      expect(csp).not.toContain("'unsafe-inline' 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      // Our operations, by the summaries of the OpenAPI document.
      // The viewer renders the document's title and its tags; an operation's section renders when reached (its tag's link).
      await page.getByText('West Message API').first().waitFor({ timeout: WAIT });
      await page.goto('/reference/#tag/messages');
      for (const summary of ['List messages, newest first (cursor paging)', 'Send (or schedule) a text message or an MMS']) {
        await page.getByText(summary, { exact: true }).first().waitFor({ state: 'attached', timeout: WAIT });
      }
      await page.goto('/reference/#tag/account');
      await page.getByText('List members, oldest first', { exact: true }).first().waitFor({ state: 'attached', timeout: WAIT });
      await screenshot(page, 'api-reference');
      expect(foreign).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});
