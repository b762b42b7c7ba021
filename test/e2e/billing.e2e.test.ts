/**
 * Billing and usage (issue 13) in headless Chromium against the real server (PGlite, built web
 * app): a business sends a text; its owner opens Billing and sees the metered segment, the usage
 * chart and this month's statement, and downloads it as a PDF.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { dispatchOnce } from '../../src/modules/messaging/dispatcher.js';
import { findChromium, launchBrowser, pageApi, screenshot, signUpViaApi, startWebServer, watchPageErrors, type WebServer } from './browser.js';

const CHROMIUM = findChromium();
const SKIP = !CHROMIUM && process.env.REQUIRE_BROWSER !== '1';
const WAIT = 20_000;

describe.skipIf(SKIP)('billing page in headless Chromium', () => {
  const env = {} as { server: WebServer; browser: Browser };
  beforeAll(async () => {
    env.server = await startWebServer();
    env.browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.stop();
  }, 60_000);

  it('a business opens its usage page: metered segments, chart, statement PDF', async () => {
    const owner = await signUpViaApi(env.server.base);
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: env.server.base, acceptDownloads: true });
    context.setDefaultTimeout(WAIT);
    await context.addCookies(Object.entries(owner.cookies).map(([name, value]) => ({ name, value, url: env.server.base })));
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const api = pageApi(page, owner);
    await api('/v1/numbers', { provider: 'simulator', mps: 100 });
    const sent = await api('/v1/messages', { to: '+1 212 555 0171', body: 'x'.repeat(200) }); // two segments
    await expect.poll(async () => {
      await dispatchOnce(env.server.ctx);
      return (await api(`/v1/messages/${sent.id}`)).status as string;
    }, { timeout: 60_000 }).not.toMatch(/^(queued|sending)$/);

    await page.goto('/billing');
    await page.getByText('Billing and usage').first().waitFor();
    await expect.poll(async () => (await page.getByTestId('billing-segments').textContent()) ?? '', { timeout: WAIT }).toContain('2');
    expect(await page.getByTestId('billing-balance').textContent()).toContain('Not prepaid');
    await page.locator('.recharts-surface').first().waitFor();
    await page.getByTestId('billing-by-country').getByText('US').waitFor();
    const month = new Date().toISOString().slice(0, 7);
    await page.getByTestId('billing-statements').getByText(month).waitFor();
    await screenshot(page, 'billing');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('billing-statements').getByRole('button', { name: 'PDF' }).first().click()]);
    // The month in progress is a preview (an issued statement is named by its number).
    expect(download.suggestedFilename()).toBe(`statement-${month}-preview.pdf`);
    expect(readFileSync((await download.path())!).subarray(0, 5).toString()).toBe('%PDF-');
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});
