/**
 * Acceptance (issue 10, point 4): after the operator publishes a material change of the Terms, a
 * user who signs in meets the re-acceptance screen, cannot reach the app until they accept, and
 * accepts; the public page shows the new version, its "Last updated" date and the history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { findChromium, launchBrowser, screenshot, signUpViaApi, startWebServer, watchPageErrors, type WebServer } from './browser.js';

const CHROMIUM = findChromium();
const SKIP = !CHROMIUM && process.env.REQUIRE_BROWSER !== '1';
const WAIT = 15_000;
const PASSWORD = 'violet-harbour-lantern-42'; // signupBody's owner password

describe.skipIf(SKIP)('policy re-acceptance in headless Chromium', () => {
  // Started here rather than with useServerAndBrowser: a loaded machine (the suite beside other work) needs more than its 60 s.
  const env = {} as { server: WebServer; browser: Browser };
  beforeAll(async () => {
    env.server = await startWebServer();
    env.browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.stop();
  }, 60_000);

  it('a user meets the re-acceptance screen after a material policy change, accepts it and reaches the app', async () => {
    const owner = await signUpViaApi(env.server.base);
    const cookie = Object.entries(owner.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    const email = ((await (await fetch(`${env.server.base}/v1/me`, { headers: { cookie } })).json()) as { user: { email: string } }).user.email;

    const published = await fetch(`${env.server.base}/v1/operator/policies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${env.server.config.operatorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'terms', version: '2026-12-15', lastUpdated: '2026-12-15', material: true,
        body: '## What changed\n\nWe now **limit** marketing texts to 3 a day.\n\n<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">',
      }),
    });
    expect(published.status).toBe(201);

    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: env.server.base });
    context.setDefaultTimeout(WAIT);
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await page.goto('/signin');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // The re-acceptance screen, with the new Terms rendered from Markdown (raw HTML not rendered).
    await expect.poll(async () => (await page.getByTestId('page-title').textContent())?.trim(), { timeout: WAIT }).toBe('Please review our updated terms');
    const pending = page.getByTestId('pending-terms');
    await pending.getByRole('heading', { name: 'What changed' }).waitFor();
    expect(await pending.locator('strong').first().textContent()).toBe('limit');
    expect(await pending.textContent()).toContain('Last updated December 15, 2026');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.getByTestId('user-name').count()).toBe(0);
    await screenshot(page, 'policy-reacceptance');

    // Nothing else of the app is reachable until accepted.
    await page.goto('/contacts');
    await expect.poll(async () => (await page.getByTestId('page-title').textContent())?.trim(), { timeout: WAIT }).toBe('Please review our updated terms');
    const acceptButton = page.getByRole('button', { name: 'Accept and continue' });
    expect(await acceptButton.isDisabled()).toBe(true);
    await page.getByLabel('I have read and accept the Terms of Service.').check();
    await acceptButton.click();

    await page.getByTestId('user-name').waitFor({ timeout: WAIT });
    expect(new URL(page.url()).pathname).toBe('/contacts');
    const me = await (await page.request.get('/v1/me')).json();
    expect(me.policyAcceptanceRequired).toBe(false);

    // The public page: current version, its date, and the history linking the earlier version.
    await page.goto('/legal/terms');
    await expect.poll(async () => (await page.getByTestId('legal-version').textContent())?.trim(), { timeout: WAIT }).toBe('Version 2026-12-15 · Last updated December 15, 2026');
    const history = page.getByTestId('legal-history');
    await history.getByRole('link', { name: /November 1, 2026/ }).click();
    await page.getByTestId('legal-old-version').waitFor();
    expect(new URL(page.url()).pathname).toBe('/legal/terms/2026-11-01');
    await screenshot(page, 'policy-history');
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
