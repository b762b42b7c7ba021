/**
 * Analytics (issue 13) in headless Chromium against the real server (PGlite, built web app): a
 * business texts two customers and gets a text; the rollup job runs; its owner opens Analytics
 * and sees its figures (KPI cards), the chart, the delivery and campaign sections, narrows to a
 * number, and exports the series as CSV.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { rollupAll } from '../../src/modules/analytics/rollup.service.js';
import { dispatchOnce } from '../../src/modules/messaging/dispatcher.js';
import { findChromium, launchBrowser, pageApi, screenshot, signUpViaApi, startWebServer, watchPageErrors, type WebServer } from './browser.js';

const CHROMIUM = findChromium();
const SKIP = !CHROMIUM && process.env.REQUIRE_BROWSER !== '1';
const WAIT = 20_000;

describe.skipIf(SKIP)('analytics dashboard in headless Chromium', () => {
  const env = {} as { server: WebServer; browser: Browser };
  beforeAll(async () => {
    env.server = await startWebServer();
    env.browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.stop();
  }, 60_000);

  it('a business opens the dashboard and sees its figures and a chart', async () => {
    const owner = await signUpViaApi(env.server.base);
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: env.server.base, acceptDownloads: true });
    context.setDefaultTimeout(WAIT);
    await context.addCookies(Object.entries(owner.cookies).map(([name, value]) => ({ name, value, url: env.server.base })));
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const api = pageApi(page, owner);
    const number = await api('/v1/numbers', { provider: 'simulator', mps: 100 });
    const sent = [await api('/v1/messages', { to: '+1 212 555 0161', body: 'Your table is ready.' }), await api('/v1/messages', { to: '+1 212 555 0162', body: 'Your order shipped.' })];
    await api('/v1/simulator/inbound', { from: '+1 212 555 0163', to: number.phoneNumber, body: 'Are you open today?' });
    // Hand the texts to the carrier, then the rollup job's work (it runs every minute in production).
    await expect.poll(async () => {
      await dispatchOnce(env.server.ctx);
      const statuses = await Promise.all(sent.map(async (m) => (await api(`/v1/messages/${m.id}`)).status as string));
      return statuses.every((s) => s !== 'queued' && s !== 'sending');
    }, { timeout: 60_000 }).toBe(true);
    await rollupAll(env.server.ctx);

    await page.goto('/analytics');
    await page.getByTestId('page-title').waitFor();
    await expect.poll(async () => (await page.getByTestId('kpi-sent').textContent()) ?? '', { timeout: WAIT }).toContain('2');
    expect(await page.getByTestId('kpi-received').textContent()).toContain('1');
    expect(await page.getByTestId('kpi-sent').textContent()).toMatch(/^Sent2/);
    await page.getByText('Texts over time').waitFor();
    await page.locator('.recharts-surface').first().waitFor();
    await expect.poll(async () => page.locator('.recharts-line').count(), { timeout: WAIT }).toBeGreaterThan(0);
    await page.getByText('Delivery by carrier error').waitFor();
    await page.getByText('No campaign texts in this range.').waitFor();
    // Days are the account's, not UTC; SLA per agent and per team (none decided here).
    expect(await page.getByTestId('analytics-zone').textContent()).toMatch(/^Days in [A-Za-z_]+\/[A-Za-z_]+\./);
    await page.getByText('SLA by agent and team').waitFor();
    expect(await page.getByText('No SLA targets decided in this range.').count()).toBe(2);
    await screenshot(page, 'analytics');

    // One number: the same figures (the account has only this one).
    await page.getByLabel('Number').click();
    await page.getByRole('option', { name: number.phoneNumber }).click();
    await expect.poll(async () => page.url(), { timeout: 1000 }).toContain('/analytics');
    await expect.poll(async () => (await page.getByTestId('kpi-sent').textContent()) ?? '', { timeout: WAIT }).toMatch(/^Sent2/);

    // Export CSV: a file with a header and one line per day.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^analytics-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
    expect(csv[0]).toBe('period,sent,delivered,failed,received,segments_out,segments_in,opt_ins,opt_outs,responses,average_response_seconds,cost_usd');
    expect(csv).toHaveLength(31); // 30 days by default
    expect(csv[30].split(',').slice(1, 2)).toEqual(['2']);
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});
